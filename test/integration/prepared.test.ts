import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { prepared } from '../../src/db/prepared.js';
import type { Database, ProjectsTable } from '../../src/db/schema.js';
import { describeEachDatabase, openTestDatabase, POSTGRES_URL } from '../helpers/databases.js';

const insertProject = prepared<ProjectsTable>((db, p) =>
  db
    .insertInto('projects')
    .values({
      id: p('id'),
      name: p('name'),
      time_zone: p('time_zone'),
      created_at: p('created_at'),
      is_demo: p('is_demo'),
    })
    .onConflict((oc) => oc.column('id').doNothing()),
);
const projectsNamed = prepared<{ name: string; after: number }, Pick<ProjectsTable, 'id' | 'created_at'>>((db, p) =>
  db
    .selectFrom('projects')
    .select(['id', 'created_at'])
    // The same placeholder twice, and a constant between them: each is bound in its own position.
    .where('name', '=', p('name'))
    .where('is_demo', '=', 0)
    .where((eb) => eb.or([eb('created_at', '>', p('after')), eb('name', '=', p('name'))]))
    .orderBy('id'),
);

describeEachDatabase('prepared queries', ({ db }) => {
  const project = (id: string, name: string, createdAt: number): ProjectsTable => ({
    id,
    name,
    time_zone: 'UTC',
    created_at: createdAt,
    is_demo: 0,
  });

  it('runs one compiled query many times with new values, in and out of a transaction', async () => {
    const first = await insertProject.run(db(), project('prj_p1', 'alpha', 1));
    expect(first.numAffectedRows).toBe(1n);
    await db()
      .transaction()
      .execute(async (trx) => {
        await insertProject.run(trx, project('prj_p2', 'beta', 2));
        await insertProject.run(trx, project('prj_p3', 'alpha', 3));
      });
    const again = await insertProject.run(db(), project('prj_p1', 'other', 9));
    expect(again.numAffectedRows).toBe(0n);

    expect((await projectsNamed.run(db(), { name: 'alpha', after: 0 })).rows).toEqual([
      { id: 'prj_p1', created_at: 1 },
      { id: 'prj_p3', created_at: 3 },
    ]);
    expect((await projectsNamed.run(db(), { name: 'beta', after: 0 })).rows).toEqual([{ id: 'prj_p2', created_at: 2 }]);
    expect((await projectsNamed.run(db(), { name: 'gamma', after: 0 })).rows).toEqual([]);
  });

  it('binds a value that looks like SQL as a value', async () => {
    const name = "x'); drop table projects; --";
    await insertProject.run(db(), project('prj_p4', name, 4));
    expect((await projectsNamed.run(db(), { name, after: 0 })).rows).toEqual([{ id: 'prj_p4', created_at: 4 }]);
  });

  it('refuses a run without a value for a placeholder', async () => {
    await expect(projectsNamed.run(db(), { name: 'alpha' } as { name: string; after: number })).rejects.toThrow(
      'No value for the placeholder after',
    );
  });

  it('refuses a query that selects or returns *', async () => {
    const everything = prepared<{ name: string }>((d, p) =>
      d.selectFrom('projects').selectAll().where('name', '=', p('name')),
    );
    await expect(everything.run(db(), { name: 'x' })).rejects.toThrow(/must name its columns/);
    const returning = prepared<{ id: string }>((d, p) =>
      d.deleteFrom('projects').where('id', '=', p('id')).returningAll(),
    );
    await expect(returning.run(db(), { id: 'x' })).rejects.toThrow(/must name its columns/);
  });

  it('refuses a placeholder the builder does not bind as a parameter', async () => {
    const inlined = prepared<{ table: string }>((d, p) =>
      // A placeholder used as an identifier ends up in the SQL text, not among the parameters.
      d
        .selectFrom('projects')
        .select('id')
        .where('id', '=', 'x')
        .orderBy(p('table') as 'id'),
    );
    await expect(inlined.run(db(), { table: 'id' })).rejects.toThrow(/placeholder/);
  });
});

describe('named prepared statements on PostgreSQL', () => {
  const run = POSTGRES_URL === undefined ? it.skip : it;
  const preparedNames = (db: Kysely<Database>) =>
    // pg_prepared_statements shows the statements of the session that asks: ask inside the same transaction.
    db.transaction().execute(async (trx) => {
      await projectsNamed.run(trx, { name: 'nobody', after: 0 });
      const rows = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(trx);
      return rows.rows.map((r) => r.name);
    });

  run('runs a prepared query under its statement name, unless turned off', async () => {
    const on = await openTestDatabase('postgres');
    try {
      const names = await preparedNames(on.handle.db);
      expect(names.some((n) => /^shipwatch_\d+$/.test(n))).toBe(true);
    } finally {
      await on.destroy();
    }
    const off = await openTestDatabase('postgres', { preparedStatements: false });
    try {
      expect(await preparedNames(off.handle.db)).toEqual([]);
    } finally {
      await off.destroy();
    }
  });

  run('keeps working after a migration adds a column, because it names its columns', async () => {
    const test = await openTestDatabase('postgres');
    class Undo extends Error {}
    try {
      await test.handle.db
        .transaction()
        .execute(async (trx) => {
          await projectsNamed.run(trx, { name: 'x', after: 0 });
          await sql`alter table projects add column added_later text`.execute(trx);
          // The same result type: PostgreSQL plans the statement again and runs it.
          await expect(projectsNamed.run(trx, { name: 'x', after: 0 })).resolves.toBeDefined();
          throw new Undo();
        })
        .catch((error) => {
          if (!(error instanceof Undo)) throw error;
        });
    } finally {
      await test.destroy();
    }
  });
});
