import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { dialects, dropSchema, POSTGRES_URL } from '../helpers/databases.js';

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

// PostgreSQL only: SQLite has no schemas. Kysely's migrator looked for its own tables in every schema of the
// database, so a second schema (a second Shipwatch, or a parallel test file) skipped creating them and failed with
// 'relation "kysely_migration_lock" does not exist'.
describe.runIf(dialects().includes('postgres'))('migrations in one schema of a database holding others', () => {
  it('apply while another schema already holds Kysely migration tables', async () => {
    const other = `t_${randomBytes(6).toString('hex')}`;
    const mine = `t_${randomBytes(6).toString('hex')}`;
    await admin(
      `create schema ${other}; create table ${other}.kysely_migration (name varchar(255) primary key, timestamp varchar(255) not null); create table ${other}.kysely_migration_lock (id varchar(255) primary key, is_locked integer not null default 0); create schema ${mine}`,
    );
    const handle = openPostgres({ connectionString: POSTGRES_URL as string, poolSize: 2, schema: mine });
    try {
      expect((await migrateToLatest(handle)).length).toBeGreaterThan(0);
      expect(await migrateToLatest(handle)).toEqual([]);
    } finally {
      await handle.close();
      await dropSchema(other);
      await dropSchema(mine);
    }
  });
});
