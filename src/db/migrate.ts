import { Migrator } from 'kysely';
import type { DatabaseHandle } from './create-db.js';
import { migrations } from './migrations/index.js';

/**
 * Brings the schema up to date. Kysely's migrator records applied migrations in `kysely_migration` and,
 * on PostgreSQL, holds an advisory lock in a transaction, so two processes starting at once apply each
 * migration once.
 */
export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  const migrator = await migratorFor(handle);
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw error instanceof Error ? error : new Error(String(error));
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Whether every known migration is applied (for /readyz). */
export async function isMigrated(handle: DatabaseHandle): Promise<boolean> {
  const all = await (await migratorFor(handle)).getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}

/**
 * Kysely looks for its migration tables in every schema unless told which: another schema of the database holding
 * them (a second Shipwatch, a parallel test file) made it skip creating its own and fail. On PostgreSQL they are
 * the current schema's.
 */
async function migratorFor(handle: DatabaseHandle): Promise<Migrator> {
  const schema = await handle.dialect.migrationTableSchema(handle.db);
  return new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
}
