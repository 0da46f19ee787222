import type { Kysely } from 'kysely';

/**
 * Version 2, issue 19 (CONTRACT.md "Across projects"): teams, each a name, a time zone and a list of projects
 * (`team_projects`, `position` keeping the order they were listed in: the first one's time zone is the default).
 * Deleting a project removes it from its teams (the foreign key cascades) and leaves the teams; revoking a webhook
 * touches neither table.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists (Kysely's documented pattern)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('team_projects')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('team_projects_pk', ['team_id', 'project_id'])
    .execute();
  // A project's deletion cascades here: found by this index rather than by a scan.
  await db.schema.createIndex('team_projects_project').on('team_projects').column('project_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('team_projects').ifExists().execute();
  await db.schema.dropTable('teams').ifExists().execute();
}
