import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { environmentKey } from '../../domain/index.js';
import { type ErrorCode, errorBody, HttpError } from '../../errors.js';
import { activeSecrets } from '../../ingest/active-secrets.js';
import { countFailure, createVerificationLimiter, tooManyFailuresMessage } from '../../ingest/failure-limiter.js';
import { findLiveWebhook } from '../../ingest/find-live-webhook.js';
import { constantTimeEqual } from '../../providers/shared/constant-time-equal.js';
import { headerValue } from '../../providers/shared/header-value.js';
import type { AppDeps } from '../deps.js';

/** How far `X-Shipwatch-Timestamp` may be from the server's clock, either way. */
export const SIGNED_REQUEST_TOLERANCE_MS = 5 * 60 * 1000;

/**
 * The text a signed read request signs: `<unix seconds>.<path and query>`, the path taken from `/hooks/` to
 * the end of the query string exactly as sent (`1767225600./hooks/wh_x/last-deployment?repository=a%2Fb&environment=production`).
 * Starting at `/hooks/` keeps a signature valid behind a proxy that serves Shipwatch under a path prefix.
 */
export function signedRequestText(timestamp: string, pathAndQuery: string): string {
  return `${timestamp}.${pathAndQuery}`;
}

export function signRequest(secret: string, timestamp: string, pathAndQuery: string): string {
  return `sha256=${createHmac('sha256', secret).update(signedRequestText(timestamp, pathAndQuery), 'utf8').digest('hex')}`;
}

/**
 * `GET /hooks/<webhookId>/last-deployment?repository=&environment=`: for a generic webhook's sender (the
 * reporter's `--git`), the last successful deployment with a known commit of that repository in that
 * environment (matched without regard to case), in the webhook's project: `{"sha", "finishedAt"}`, both null
 * when there is none. Signed like a delivery, but over `<timestamp>.<path and query>` (there is no body), with
 * `X-Shipwatch-Timestamp` within five minutes so that a captured request cannot be replayed for long.
 * Checks: 404 unknown webhook (or not a generic one), 410 revoked, 401 bad signature or stale timestamp (429 past
 * the failure rate), 400 missing repository or environment. Nothing is recorded: it is a read.
 */
export async function lastDeploymentPlugin(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const limiter = createVerificationLimiter();
  const db = deps.database.db;

  app.get<{ Params: { webhookId: string }; Querystring: Record<string, unknown> }>(
    '/:webhookId/last-deployment',
    { schema: { hide: true } },
    async (request, reply) => {
      const now = deps.now();
      reply.header('cache-control', 'no-store');
      const { webhookId } = request.params;
      const found = await findLiveWebhook(db, webhookId);
      if (!found.ok) return sendError(reply, found.code, found.message);
      const { webhook } = found;
      if (webhook.provider !== 'generic') {
        return sendError(
          reply,
          'not_found',
          `This is a ${webhook.provider} webhook: last-deployment answers for generic webhooks only.`,
        );
      }

      const failure = checkSignature(request.headers, request.url, activeSecrets(webhook, deps.secretBox, now), now);
      if (failure !== null) {
        const wait = countFailure(limiter, webhook.id, request.ip, now);
        if (wait === null) return sendError(reply, 'signature_mismatch', failure);
        reply.header('retry-after', String(wait));
        return sendError(reply, 'too_many_failures', tooManyFailuresMessage(wait));
      }

      const repository = queryText(request.query.repository);
      if (repository === undefined)
        return sendError(
          reply,
          'invalid_request',
          'query parameter repository is required, once (e.g. repository=acme%2Fcheckout).',
        );
      const environment = queryText(request.query.environment);
      if (environment === undefined)
        return sendError(
          reply,
          'invalid_request',
          'query parameter environment is required, once (e.g. environment=production).',
        );

      const last = await db
        .selectFrom('deployments as d')
        .innerJoin('environments as e', 'e.id', 'd.environment_id')
        .select(['d.sha', 'd.finished_at'])
        .where('d.project_id', '=', webhook.project_id)
        .where('e.name_key', '=', environmentKey(environment))
        .where('d.repository', '=', repository)
        .where('d.status', '=', 'success')
        .where('d.pending_delete', '=', 0)
        .where('d.sha', 'is not', null)
        .where('d.finished_at', 'is not', null)
        .orderBy('d.finished_at', 'desc')
        .orderBy('d.id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return {
        sha: last?.sha ?? null,
        finishedAt: last?.finished_at == null ? null : new Date(Number(last.finished_at)).toISOString(),
      };
    },
  );
}

function sendError(reply: FastifyReply, code: ErrorCode, message: string) {
  return reply.status(new HttpError(code, message).statusCode).send(errorBody(code, message));
}

/** Null when the request is signed by one of the secrets within the time tolerance, else why not (a sentence). */
function checkSignature(
  headers: Record<string, string | string[] | undefined>,
  url: string,
  secrets: readonly string[],
  now: number,
): string | null {
  const timestamp = headerValue(headers, 'x-shipwatch-timestamp')?.trim();
  const signature = headerValue(headers, 'x-shipwatch-signature-256')?.trim();
  if (timestamp === undefined || timestamp === '' || signature === undefined || signature === '') {
    return 'Sign the request: send X-Shipwatch-Timestamp (unix seconds) and X-Shipwatch-Signature-256 (sha256=<hex HMAC-SHA256 of "<timestamp>.<path and query>" with the webhook secret>).';
  }
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Number(timestamp) * 1000 - now) > SIGNED_REQUEST_TOLERANCE_MS) {
    return "X-Shipwatch-Timestamp must be the current time in unix seconds (within five minutes of Shipwatch's clock): check the sender's clock.";
  }
  const hooksAt = url.indexOf('/hooks/');
  const pathAndQuery = hooksAt === -1 ? url : url.slice(hooksAt);
  for (const secret of secrets) {
    if (secret !== '' && constantTimeEqual(signature, signRequest(secret, timestamp, pathAndQuery))) return null;
  }
  return 'The X-Shipwatch-Signature-256 header does not match this webhook\'s secret: sign "<timestamp>.<path and query>" (from /hooks/ on, exactly as sent) with the secret copied again from Shipwatch.';
}

function queryText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
