import { type Kysely, sql } from 'kysely';

/**
 * Version 2, issue 16: what the failure rules found, stored per deployment and recomputed one repository at a time
 * (docs/METRICS.md, "How verdicts are stored and refreshed"). `deployment_failure_causes` holds every automatic cause
 * with its `by` and `detail`; on `deployments`, `failure_kinds` lists their kinds (comma-separated, contract order;
 * null: none) so the figures read the verdict without a join, `rework_kind`/`rework_of` the automatic rework, and
 * `rework_override` a person's judgement (null, 1, 0). `stale_verdicts` names the repositories (`repository_key` ''
 * for deployments without one) whose findings must be recomputed; `seq` is bumped by every mark, and a
 * recomputation deletes the row only if no new mark came while it ran.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists (Kysely's documented pattern)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deployment_failure_causes')
    .addColumn('deployment_id', 'text', (c) => c.notNull().references('deployments.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('repository_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('by_id', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('deployment_failure_causes_deployment')
    .on('deployment_failure_causes')
    .column('deployment_id')
    .execute();
  await db.schema
    .createIndex('deployment_failure_causes_repository')
    .on('deployment_failure_causes')
    .columns(['project_id', 'repository_key'])
    .execute();
  for (const column of ['failure_kinds', 'rework_kind', 'rework_of']) {
    await db.schema.alterTable('deployments').addColumn(column, 'text').execute();
  }
  await db.schema.alterTable('deployments').addColumn('rework_override', 'integer').execute();
  await db.schema
    .createTable('stale_verdicts')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('repository_key', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('stale_verdicts_pk', ['project_id', 'repository_key'])
    .execute();
  // History stored before this migration: every repository of every project is recomputed on its first read.
  await db
    .insertInto('stale_verdicts')
    .columns(['project_id', 'repository_key', 'seq'])
    .expression((eb) =>
      eb
        .selectFrom('deployments')
        .select(() => [
          'project_id',
          sql<string>`coalesce(repository, '')`.as('repository_key'),
          sql<number>`1`.as('seq'),
        ])
        .distinct(),
    )
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stale_verdicts').ifExists().execute();
  for (const column of ['rework_override', 'rework_of', 'rework_kind', 'failure_kinds']) {
    await db.schema.alterTable('deployments').dropColumn(column).execute();
  }
  await db.schema.dropTable('deployment_failure_causes').ifExists().execute();
}
