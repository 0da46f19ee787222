import { describe, expect, it } from 'vitest';
import { dialectOf } from '../../src/db/dialect/dialect.js';
import { postgresDialect } from '../../src/db/dialect/postgres.js';
import { sqliteDialect } from '../../src/db/dialect/sqlite.js';
import { describeEachDatabase } from '../helpers/databases.js';

describeEachDatabase('the dialect seam', ({ dialect, handle, db }) => {
  it('is chosen once: the handle, its connections and their transactions carry the same dialect', async () => {
    const expected = dialect === 'postgres' ? postgresDialect : sqliteDialect;
    expect(handle().dialect).toBe(expected);
    expect(dialectOf(db())).toBe(expected);
    expect(dialectOf(handle().reader)).toBe(expected);
    await db()
      .transaction()
      .execute(async (trx) => {
        expect(dialectOf(trx)).toBe(expected);
      });
  });

  it('aggregates rows into one JSON array and reads it back, none as an empty list', async () => {
    const d = dialectOf(db());
    await db()
      .insertInto('projects')
      .values([
        { id: 'prj_dialect_1', name: 'one', time_zone: 'UTC', created_at: 1795935477034, is_demo: 0 },
        { id: 'prj_dialect_2', name: 'two', time_zone: 'Europe/Paris', created_at: 2, is_demo: 1 },
      ])
      .execute();
    const rows = await db()
      .selectFrom('projects')
      .select(d.jsonRows(['id', 'time_zone', 'created_at']).as('rows'))
      .where('id', 'in', ['prj_dialect_1', 'prj_dialect_2'])
      .executeTakeFirst();
    const parsed = d.parseJsonRows<[string, string, number]>(rows?.rows);
    expect(parsed.sort((x, y) => x[0].localeCompare(y[0]))).toEqual([
      ['prj_dialect_1', 'UTC', 1795935477034],
      ['prj_dialect_2', 'Europe/Paris', 2],
    ]);
    const none = await db()
      .selectFrom('projects')
      .select(d.jsonRows(['id']).as('rows'))
      .where('id', '=', 'prj_dialect_none')
      .executeTakeFirst();
    expect(d.parseJsonRows(none?.rows)).toEqual([]);
  });
});

describe('the dialects differ where the databases do', () => {
  it('group commit with savepoints and no row locks for SQLite; interleaved jobs, FOR SHARE and named statements for PostgreSQL', () => {
    expect([sqliteDialect.groupCommit, sqliteDialect.locksRowsForShare, sqliteDialect.namesPreparedStatements]).toEqual(
      ['savepoints', false, false],
    );
    expect([
      postgresDialect.groupCommit,
      postgresDialect.locksRowsForShare,
      postgresDialect.namesPreparedStatements,
    ]).toEqual(['interleaved', true, true]);
  });
});
