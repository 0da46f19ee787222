import type { Kysely } from 'kysely';

/**
 * Issue 14, item 3: a revoke marks what it will delete in the transaction that marks the webhook revoked
 * (`pending_delete = 1`), and every read leaves marked rows out; the deletions that follow in batches, or finish
 * at the next start after a crash, remove them. An index per table would not help: reads filter on it alongside
 * the columns they are indexed by.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists (Kysely's documented pattern)
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['deployments', 'pushes', 'pull_requests']) {
    await db.schema
      .alterTable(table)
      .addColumn('pending_delete', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['pull_requests', 'pushes', 'deployments']) {
    await db.schema.alterTable(table).dropColumn('pending_delete').execute();
  }
}
