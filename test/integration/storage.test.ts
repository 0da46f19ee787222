import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { describeEachDatabase, dialects, openTestDatabase } from '../helpers/databases.js';

describeEachDatabase('storage', ({ db, handle, dialect }) => {
  it('applies every migration once and is idempotent', async () => {
    expect(await migrateToLatest(handle())).toEqual([]);
    const tables = [
      'projects',
      'webhooks',
      'deliveries',
      'deployments',
      'deployment_events',
      'pushes',
      'commits',
      'environments',
      'api_tokens',
      'audit_log',
      'lineage',
    ];
    for (const table of tables) {
      const result = await sql`select count(*) as n from ${sql.table(table)}`.execute(db());
      expect(result.rows).toEqual([{ n: 0 }]);
    }
  });

  it('returns bigint and numeric results as numbers, like SQLite', async () => {
    const row = await db()
      .selectNoFrom([
        sql<number>`cast(1795935477034 as bigint)`.as('big'),
        sql<number>`cast(2.5 as numeric)`.as('num'),
        sql<number>`count(*)`.as('cnt'),
      ])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ big: 1795935477034, num: 2.5, cnt: 1 });
    expect(typeof row.big).toBe('number');
    expect(dialect).toMatch(/sqlite|postgres/);
  });

  it('stores epoch milliseconds and reads them back exactly', async () => {
    await db()
      .insertInto('projects')
      .values({ id: 'p1', name: 'n', time_zone: 'UTC', created_at: 1795935477034, is_demo: 0 })
      .execute();
    const row = await db().selectFrom('projects').select('created_at').where('id', '=', 'p1').executeTakeFirstOrThrow();
    expect(row.created_at).toBe(1795935477034);
  });
});

describe.runIf(dialects().includes('postgres'))('migrations on a shared PostgreSQL', () => {
  it('two processes migrating at once apply each migration once', async () => {
    const first = await openTestDatabase('postgres', { migrate: false });
    try {
      // A second pool on the same schema, as a second server process would have.
      const schemaRow = await sql<{ s: string }>`select current_schema() as s`.execute(first.handle.db);
      const schema = schemaRow.rows[0]?.s ?? '';
      const { openPostgres } = await import('../../src/db/create-db.js');
      const second = openPostgres({
        connectionString: process.env.SHIPWATCH_TEST_DATABASE_URL ?? '',
        poolSize: 2,
        schema,
      });
      const [a, b] = await Promise.all([migrateToLatest(first.handle), migrateToLatest(second)]);
      expect([...a, ...b].sort()).toEqual(Object.keys(migrations).sort());
      const applied = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(second.db);
      expect(applied.rows[0]?.n).toBe(Object.keys(migrations).length);
      await second.close();
    } finally {
      await first.destroy();
    }
  });
});
