import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database, WebhooksTable } from '../db/schema.js';
import { type ErrorCode, errorBody, HttpError } from '../errors.js';
import type { FailureLimiter } from '../ingest/failure-limiter.js';

/** Shared by the routes under /hooks/: the receiver and last-deployment. */

export const GONE_MESSAGE = 'This webhook was revoked; it takes no more data.';
export const UNKNOWN_MESSAGE =
  'No webhook has this URL: copy the URL again from Shipwatch (Project settings → Integrations).';

export function sendError(reply: FastifyReply, code: ErrorCode, message: string) {
  return reply.status(new HttpError(code, message).statusCode).send(errorBody(code, message));
}

const selectWebhook = prepared<{ id: string }, WebhooksTable>((db, p) =>
  db
    .selectFrom('webhooks')
    // Named columns, not `*`: see src/ingest/apply-deployment.ts.
    .select([
      'id',
      'project_id',
      'provider',
      'name',
      'secret_enc',
      'previous_secret_enc',
      'previous_secret_expires_at',
      'created_at',
      'revoked_at',
      'verified_at',
    ])
    .where('id', '=', p('id')),
);

/** The webhook behind a /hooks/ URL, or why not: 404 unknown, 410 revoked (a deleted project's webhooks too). */
export async function findLiveWebhook(
  db: Kysely<Database>,
  id: string,
): Promise<{ ok: true; webhook: WebhooksTable } | { ok: false; code: 'gone' | 'not_found'; message: string }> {
  const webhook = (await selectWebhook.run(db, { id })).rows[0];
  if (webhook === undefined) {
    const tombstone = await db.selectFrom('webhook_tombstones').select('id').where('id', '=', id).executeTakeFirst();
    return tombstone === undefined
      ? { ok: false, code: 'not_found', message: UNKNOWN_MESSAGE }
      : { ok: false, code: 'gone', message: GONE_MESSAGE };
  }
  if (webhook.revoked_at !== null) return { ok: false, code: 'gone', message: GONE_MESSAGE };
  return { ok: true, webhook };
}

/**
 * After a failed verification: past the failure rate for this webhook and client address, answers 429 with
 * Retry-After (and the caller records nothing); otherwise counts the failure and returns null.
 */
export function answerIfTooManyFailures(limiter: FailureLimiter, key: string, now: number, reply: FastifyReply) {
  const wait = limiter.blockedFor(key, now);
  if (wait === null) {
    limiter.fail(key, now);
    return null;
  }
  reply.header('retry-after', String(wait));
  return sendError(reply, 'too_many_failures', `Too many failed verifications from this address; retry in ${wait} s.`);
}
