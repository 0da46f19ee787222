import { type Kysely, PostgresAdapter } from 'kysely';
import type { Database } from './schema.js';

/**
 * Whether `db` (a connection, transaction or savepoint) speaks PostgreSQL, for the few places where the SQL
 * differs by dialect and only a `Kysely` instance is at hand (elsewhere, `DatabaseHandle.dialect`).
 */
export function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
