import { Migrator } from 'kysely';
import type { DatabaseHandle } from './create-db.js';
import { migrations } from './migrations/index.js';

/**
 * Brings the schema up to date. Kysely's migrator records applied migrations in `kysely_migration` and,
 * on PostgreSQL, holds an advisory lock in a transaction, so two processes starting at once apply each
 * migration once.
 */
export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  const migrator = migratorOf(handle);
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw error instanceof Error ? error : new Error(String(error));
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Whether every known migration is applied (for /readyz). */
export async function isMigrated(handle: DatabaseHandle): Promise<boolean> {
  const migrator = migratorOf(handle);
  const all = await migrator.getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}

/**
 * Kysely's migrator, told the schema when the handle works in one: it decides whether its tables exist by looking
 * at every schema of the database, so, without it, another schema's `kysely_migration_lock` (a test file running
 * at the same moment) made it skip creating its own and fail ("relation kysely_migration_lock does not exist").
 */
function migratorOf(handle: DatabaseHandle): Migrator {
  return new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
    ...(handle.schema === undefined ? {} : { migrationTableSchema: handle.schema }),
  });
}
