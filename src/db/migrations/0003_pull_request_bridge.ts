import { type Kysely, sql } from 'kysely';

/**
 * Version 2, issue 15: the cache of what deployments bring keeps the bridge's results (CONTRACT.md version 2, "what
 * a deployment brought"). `deployment_commits.pull_request_number`: the merged pull request a commit came through
 * (null for the others). `deployment_pull_requests`: the merged pull requests each deployment brought.
 * `deployment_replaced_commits`: what a deployment reached that its pull requests' own commits replaced (squash
 * commits, rebased copies); a recomputation from one deployment on starts from what the earlier ones brought *or*
 * had replaced. All three are rewritten with `deployment_commits` by src/ingest/refresh-lead-times.ts.
 * `commits_authors`: a partial index of the commits that have an author, so that reading a project's distinct
 * authors (author exclusions, src/reports/excluded-authors.ts) reads only those, and nothing for history without.
 */
/** The partial index's condition; src/reports/excluded-authors.ts queries with the same text, so both databases use it. */
export const HAS_AUTHOR = 'author_name is not null or author_email is not null or author_username is not null';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists (Kysely's documented pattern)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deployment_commits').addColumn('pull_request_number', 'bigint').execute();

  await db.schema
    .createTable('deployment_pull_requests')
    .addColumn('deployment_id', 'text', (c) => c.notNull().references('deployments.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('number', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('deployment_pull_requests_pk', ['deployment_id', 'number'])
    .execute();
  await db.schema
    .createIndex('deployment_pull_requests_window')
    .on('deployment_pull_requests')
    .columns(['project_id', 'finished_at'])
    .execute();
  await db.schema
    .createIndex('deployment_pull_requests_repo')
    .on('deployment_pull_requests')
    .columns(['project_id', 'repository', 'finished_at'])
    .execute();

  await db.schema
    .createIndex('commits_authors')
    .on('commits')
    .columns(['project_id', 'author_name', 'author_email', 'author_username'])
    .where(sql<boolean>`${sql.raw(HAS_AUTHOR)}`)
    .execute();

  await db.schema
    .createTable('deployment_replaced_commits')
    .addColumn('deployment_id', 'text', (c) => c.notNull().references('deployments.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('sha', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('deployment_replaced_commits_pk', ['deployment_id', 'sha'])
    .execute();
  await db.schema
    .createIndex('deployment_replaced_commits_repo')
    .on('deployment_replaced_commits')
    .columns(['project_id', 'repository', 'finished_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('deployment_replaced_commits').ifExists().execute();
  await db.schema.dropIndex('commits_authors').ifExists().execute();
  await db.schema.dropTable('deployment_pull_requests').ifExists().execute();
  await db.schema.alterTable('deployment_commits').dropColumn('pull_request_number').execute();
}
