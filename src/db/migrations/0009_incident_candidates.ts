import type { Kysely } from 'kysely';

/**
 * Issues 16 and 17: the `incident` cause of change failures, and `incidentLabels` applied to all history.
 * - `incidents.issue`: for a GitHub or GitLab issue, the JSON of its latest labels and type (`IssueFacts`); every
 *   issue event is now kept as a candidate, and `not_incident_reason` is decided from `source_reason` (what the
 *   source says, whatever the labels) and `issue` by the project's current `incidentLabels`, which `labels_key`
 *   records, so a settings change re-decides past issues without their raw bodies (src/ingest/refresh-incidents.ts).
 *   Rows stored before keep their decision (`source_reason` = `not_incident_reason`, `issue` null).
 * - `stale_incidents`: the projects whose incidents must be re-decided and re-attributed before the verdicts are
 *   recomputed; `seq` bumped by each mark, as `stale_verdicts`.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists (Kysely's documented pattern)
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['issue', 'source_reason', 'labels_key']) {
    await db.schema.alterTable('incidents').addColumn(column, 'text').execute();
  }
  await db
    .updateTable('incidents')
    .set((eb) => ({ source_reason: eb.ref('not_incident_reason') }))
    .execute();
  await db.schema
    .createTable('stale_incidents')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  // Incidents stored before: their deployments' verdicts gain the `incident` cause on the first read.
  await db
    .insertInto('stale_incidents')
    .columns(['project_id', 'seq'])
    .expression((eb) =>
      eb
        .selectFrom('incidents')
        .select((e) => ['project_id', e.lit(1).as('seq')])
        .distinct(),
    )
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stale_incidents').ifExists().execute();
  for (const column of ['labels_key', 'source_reason', 'issue']) {
    await db.schema.alterTable('incidents').dropColumn(column).execute();
  }
}
