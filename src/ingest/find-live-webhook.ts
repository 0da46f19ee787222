import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database, WebhooksTable } from '../db/schema.js';

/** The routes under /hooks/ (a delivery, a generic sender's last-deployment read) look a webhook up here. */

export const GONE_MESSAGE = 'This webhook was revoked; it takes no more data.';
export const UNKNOWN_MESSAGE =
  'No webhook has this URL: copy the URL again from Shipwatch (Project settings → Integrations).';

export type LiveWebhook =
  | { readonly ok: true; readonly webhook: WebhooksTable }
  | { readonly ok: false; readonly code: 'gone' | 'not_found'; readonly message: string };

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

/** The webhook row by id, revoked or not; undefined when there is none. One prepared statement. */
export async function selectWebhookRow(db: Kysely<Database>, id: string): Promise<WebhooksTable | undefined> {
  return (await selectWebhook.run(db, { id })).rows[0];
}

/**
 * The webhook behind a /hooks/ URL, or why not: 404 unknown, 410 revoked (a deleted project's webhooks too, from
 * `webhook_tombstones`). The receiver passes the reader connection (src/db/create-db.ts).
 */
export async function findLiveWebhook(db: Kysely<Database>, id: string): Promise<LiveWebhook> {
  const webhook = await selectWebhookRow(db, id);
  if (webhook === undefined) {
    const tombstone = await db.selectFrom('webhook_tombstones').select('id').where('id', '=', id).executeTakeFirst();
    return tombstone === undefined
      ? { ok: false, code: 'not_found', message: UNKNOWN_MESSAGE }
      : { ok: false, code: 'gone', message: GONE_MESSAGE };
  }
  if (webhook.revoked_at !== null) return { ok: false, code: 'gone', message: GONE_MESSAGE };
  return { ok: true, webhook };
}
