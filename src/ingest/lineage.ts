import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database, LineageTable } from '../db/schema.js';

/** `incident_event`: one kept event of an incident, record id `<incident id>:<event key>` (`incidentEventRecord`). */
export type LineageType = 'deployment' | 'deployment_event' | 'push' | 'pull_request' | 'incident' | 'incident_event';

/** The lineage record id of an incident's event. */
export function incidentEventRecord(incidentId: string, eventKey: string): string {
  return `${incidentId}:${eventKey}`;
}

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

const insertLineagePair = prepared<{
  webhook_id: string;
  project_id: string;
  created_at: number;
  type_a: string;
  id_a: string;
  type_b: string;
  id_b: string;
}>((db, p) => {
  const row = (type: 'type_a' | 'type_b', id: 'id_a' | 'id_b') => ({
    record_type: p(type),
    record_id: p(id),
    webhook_id: p('webhook_id'),
    project_id: p('project_id'),
    created_at: p('created_at'),
  });
  return db
    .insertInto('lineage')
    .values([row('type_a', 'id_a'), row('type_b', 'id_b')])
    .onConflict((oc) => oc.columns(['record_type', 'record_id', 'webhook_id']).doNothing());
});

/** Records that a webhook delivered two records, in one statement (a deployment and its status event). */
export async function addLineagePair(
  db: Kysely<Database>,
  input: { a: [LineageType, string]; b: [LineageType, string]; webhookId: string; projectId: string; now: number },
): Promise<void> {
  await insertLineagePair.run(db, {
    webhook_id: input.webhookId,
    project_id: input.projectId,
    created_at: input.now,
    type_a: input.a[0],
    id_a: input.a[1],
    type_b: input.b[0],
    id_b: input.b[1],
  });
}

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
