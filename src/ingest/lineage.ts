import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export type LineageType = 'deployment' | 'deployment_event' | 'push';

/** Records that a webhook delivered a record (idempotent). Revoke reads these rows. */
export async function addLineage(
  db: Kysely<Database>,
  input: { type: LineageType; recordId: string; webhookId: string; projectId: string; now: number },
): Promise<void> {
  await db
    .insertInto('lineage')
    .values({
      record_type: input.type,
      record_id: input.recordId,
      webhook_id: input.webhookId,
      project_id: input.projectId,
      created_at: input.now,
    })
    .onConflict((oc) => oc.columns(['record_type', 'record_id', 'webhook_id']).doNothing())
    .execute();
}
