import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database, LineageTable } from '../db/schema.js';

export type LineageType = 'deployment' | 'deployment_event' | 'push';

const insertLineage = prepared<LineageTable>((db, p) =>
  db
    .insertInto('lineage')
    .values({
      record_type: p('record_type'),
      record_id: p('record_id'),
      webhook_id: p('webhook_id'),
      project_id: p('project_id'),
      created_at: p('created_at'),
    })
    .onConflict((oc) => oc.columns(['record_type', 'record_id', 'webhook_id']).doNothing()),
);

/** Records that a webhook delivered a record (idempotent). Revoke reads these rows. */
export async function addLineage(
  db: Kysely<Database>,
  input: { type: LineageType; recordId: string; webhookId: string; projectId: string; now: number },
): Promise<void> {
  await insertLineage.run(db, {
    record_type: input.type,
    record_id: input.recordId,
    webhook_id: input.webhookId,
    project_id: input.projectId,
    created_at: input.now,
  });
}
