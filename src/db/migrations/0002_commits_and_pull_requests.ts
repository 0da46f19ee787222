import type { Kysely } from 'kysely';

/**
 * Version 2, issue 15: commits keep their message and author (null for history stored before, whose
 * pushes were not kept with them); pull requests, keyed by project, repository and number, with the
 * provider time that orders their events (`updated_at`) and their lineage in `lineage`
 * (record_type `pull_request`, record_id `pull_requests.id`); and each project's settings as one
 * JSON text (CONTRACT.md version 2, "Project settings"), absent until a PUT: the defaults apply.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists (Kysely's documented pattern)
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['message', 'author_name', 'author_email', 'author_username']) {
    await db.schema.alterTable('commits').addColumn(column, 'text').execute();
  }

  await db.schema
    .createTable('pull_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('number', 'bigint', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('source_branch', 'text', (c) => c.notNull())
    .addColumn('target_branch', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'bigint')
    .addColumn('merged_at', 'bigint')
    .addColumn('head_sha', 'text')
    .addColumn('merge_commit_sha', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('pull_requests_identity', ['project_id', 'repository', 'number'])
    .execute();
  await db.schema
    .createIndex('pull_requests_merge_commit')
    .on('pull_requests')
    .columns(['project_id', 'repository', 'merge_commit_sha'])
    .execute();

  await db.schema
    .createTable('project_settings')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('project_settings').ifExists().execute();
  await db.schema.dropTable('pull_requests').ifExists().execute();
  for (const column of ['author_username', 'author_email', 'author_name', 'message']) {
    await db.schema.alterTable('commits').dropColumn(column).execute();
  }
}
