import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createWriteQueue } from '../../db/write-queue.js';
import { isProviderId } from '../../domain/index.js';
import { type ErrorCode, errorBody, HttpError } from '../../errors.js';
import { createFailureLimiter } from '../../ingest/failure-limiter.js';
import { receiveDelivery, recordRejected } from '../../ingest/receive-delivery.js';
import { verifyFailureMessage } from '../../ingest/verify-message.js';
import { activeSecrets } from '../../manage/webhooks.js';
import type { Headers } from '../../providers/provider.js';
import { providers } from '../../providers/registry.js';
import type { AppDeps } from '../deps.js';
import { answerIfTooManyFailures, findLiveWebhook, sendError } from '../hook-lookup.js';
import { type ByteBudget, readBody } from '../read-body.js';

/** Failed verifications allowed per webhook and client address per minute before 429. */
export const FAILED_VERIFICATIONS_PER_MINUTE = 30;
/** Bytes of webhook bodies being read at once, across all requests of this process. */
export const BODY_BYTES_IN_FLIGHT = 256 * 1024 * 1024;

/**
 * `POST /hooks/<webhookId>`: no user credential; the webhook's provider decides how a request is verified and
 * read. Checks run in the contract's order: 404 unknown, 410 revoked, 413 too large, 401 (429 past the failure
 * rate) bad signature, 415 content type, 400 body; then the delivery is stored, committed, and answered 200.
 */
export async function receiverPlugin(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const limiter = createFailureLimiter({ max: FAILED_VERIFICATIONS_PER_MINUTE, windowMs: 60_000 });
  const budget: ByteBudget = { used: 0, max: BODY_BYTES_IN_FLIGHT };
  const db = deps.database.db;
  // Requests received whose write is not queued yet: the group commit waits for them (src/db/write-queue.ts).
  let arriving = 0;
  const writes = createWriteQueue(deps.database, { arriving: () => arriving });

  // The receiver reads raw bytes itself (verification needs them, and the limit depends on the event type):
  // this parser leaves the stream unread, for every content type, in this plugin's context only.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  app.post<{ Params: { webhookId: string } }>('/:webhookId', { schema: { hide: true } }, async (request, reply) => {
    arriving += 1;
    let counted = true;
    /** Called once the request's write is queued, or when it will not write. */
    const arrived = () => {
      if (counted) {
        counted = false;
        arriving -= 1;
      }
    };
    try {
      return await receive(request, reply, arrived);
    } finally {
      arrived();
    }
  });

  async function receive(
    request: FastifyRequest<{ Params: { webhookId: string } }>,
    reply: FastifyReply,
    arrived: () => void,
  ): Promise<FastifyReply> {
    const now = deps.now();
    const found = await findLiveWebhook(deps.database.reader, request.params.webhookId);
    if (!found.ok) return sendError(reply, found.code, found.message);
    const { webhook } = found;
    if (!isProviderId(webhook.provider)) throw new Error(`webhook ${webhook.id} has an unknown provider`);
    const provider = providers[webhook.provider];
    const headers = request.headers as Headers;
    const reject = async (code: ErrorCode, message: string, event: string | null) => {
      arrived();
      await recordRejected(writes, { webhook, event, httpStatus: errorStatus(code), reason: message, now });
      return sendError(reply, code, message);
    };

    const limit = provider.bodyLimitClass(headers) === 'push' ? deps.config.maxPushBodyBytes : deps.config.maxBodyBytes;
    const read = await readBody(request.raw, limit, budget);
    if (!read.ok) {
      reply.header('connection', 'close');
      if (read.reason === 'busy') {
        reply.header('retry-after', '5');
        return sendError(
          reply,
          'not_ready',
          'Shipwatch is reading too many large bodies at once; retry in a few seconds.',
        );
      }
      if (read.reason === 'aborted')
        return reply.status(400).send(errorBody('invalid_request', 'The request body was cut off.'));
      return reject(
        'payload_too_large',
        `The body is over the ${limit}-byte limit for this event type.`,
        eventHint(headers),
      );
    }
    const rawBody = read.body;

    const limiterKey = `${webhook.id}|${request.ip}`;
    const verified = await provider.verify({ headers, rawBody }, activeSecrets(webhook, deps.secretBox, now));
    if (!verified.ok) {
      const blocked = answerIfTooManyFailures(limiter, limiterKey, now, reply);
      if (blocked !== null) return blocked;
      return reject('signature_mismatch', verifyFailureMessage(provider.id, verified.reason), eventHint(headers));
    }

    const parsed = provider.parse({ headers, rawBody });
    if (!parsed.ok) return reject(parsed.code, parsed.message, eventHint(headers));
    const normalized = provider.normalize(parsed.event, parsed.payload, headers);
    arrived();
    const result = await receiveDelivery(
      db,
      writes,
      deps.database.dialect,
      {
        webhook,
        event: parsed.event,
        deliveryKey: provider.deliveryKey({ headers, rawBody }, parsed.payload),
        normalized,
        rawBody: rawBody.toString('utf8'),
        headers,
        now,
      },
      { rawBodyRetentionDays: deps.config.rawBodyRetentionDays },
    );
    deps.afterDelivery?.(webhook.project_id);
    return reply.status(200).send(result);
  }
}

function errorStatus(code: ErrorCode): number {
  return new HttpError(code, '').statusCode;
}

/** The event name from the headers, for the delivery log of a rejected request (Azure names it in the body). */
function eventHint(headers: FastifyRequest['headers']): string | null {
  for (const name of ['x-github-event', 'x-gitlab-event']) {
    const value = headers[name];
    if (typeof value === 'string' && value !== '') return value.slice(0, 100);
  }
  return null;
}
