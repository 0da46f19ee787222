import type { Kysely } from 'kysely';

/**
 * Issue 21, item 3: the refresh of the brought-commits cache reads only the part of a repository's commit graph its
 * new deployments can reach (src/ingest/load-reachable-history.ts), by sha: the pushes that name a sha as `before`
 * or `after` (push_commits already has its index on `sha`), and whether a deployment before the stale point
 * already brought or had replaced a sha.
 */
const INDEXES: readonly (readonly [name: string, table: string, columns: readonly string[]])[] = [
  ['pushes_before_sha', 'pushes', ['project_id', 'repository', 'before_sha']],
  ['pushes_after_sha', 'pushes', ['project_id', 'repository', 'after_sha']],
  ['deployment_commits_sha', 'deployment_commits', ['project_id', 'repository', 'sha']],
  ['deployment_replaced_commits_sha', 'deployment_replaced_commits', ['project_id', 'repository', 'sha']],
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists (Kysely's documented pattern)
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of INDEXES) {
    await db.schema
      .createIndex(name)
      .on(table)
      .columns([...columns])
      .execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}
