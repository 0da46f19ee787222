import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/create-db.js';
import { createWriteQueue } from '../../src/db/write-queue.js';
import { dialects, openTestDatabase, type TestDatabase } from '../helpers/databases.js';

// The group commit (src/db/write-queue.ts), on every database: SQLite runs a batch's jobs one after another in
// savepoints, PostgreSQL runs them at once on one connection that sends their statements together. Each job is
// handed the batch's transaction: two jobs that got the same object shared one commit.
for (const dialect of dialects()) {
  describe(`write queue (group commit) [${dialect}]`, () => {
    let test: TestDatabase;
    let handle: DatabaseHandle;
    beforeEach(async () => {
      test = await openTestDatabase(dialect);
      handle = test.handle;
    });
    afterEach(async () => {
      await test.destroy();
    });

    const insertProject =
      (id: string, name = id) =>
      async (trx: DatabaseHandle['db']) => {
        await trx.insertInto('projects').values({ id, name, time_zone: 'UTC', created_at: 1, is_demo: 0 }).execute();
        return trx;
      };
    const projectIds = async () =>
      (await handle.db.selectFrom('projects').select('id').orderBy('id').execute()).map((r) => r.id);
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('commits the jobs queued together in one batch, and later ones in the next', async () => {
      const writes = createWriteQueue(handle);
      const a = writes.run(insertProject('prj_a'));
      const b = writes.run(insertProject('prj_b'));
      const [trxA, trxB] = await Promise.all([a, b]);
      expect(trxA).toBe(trxB);
      const trxC = await writes.run(insertProject('prj_c'));
      expect(trxC).not.toBe(trxA);
      expect(await projectIds()).toEqual(['prj_a', 'prj_b', 'prj_c']);
    });

    it('waits for requests still arriving, so that they share the commit', async () => {
      let arriving = 1;
      const writes = createWriteQueue(handle, { arriving: () => arriving, gatherMs: 60_000 });
      const started = performance.now();
      const first = writes.run(insertProject('prj_first'));
      // The second request reaches the queue some turns of the event loop later.
      await sleep(20);
      arriving = 0;
      const second = writes.run(insertProject('prj_second'));
      const [trxFirst, trxSecond] = await Promise.all([first, second]);
      expect(trxFirst).toBe(trxSecond);
      // The batch started once nothing more was arriving, not at the end of the longest wait.
      expect(performance.now() - started).toBeLessThan(30_000);
    });

    it('waits a bounded time for requests that do not arrive', async () => {
      const writes = createWriteQueue(handle, { arriving: () => 1, gatherMs: 50 });
      const started = performance.now();
      await writes.run(insertProject('prj_alone'));
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(49);
      // Generous: this only proves the wait is bounded, not how fast the machine is.
      expect(waited).toBeLessThan(10_000);
    });

    it('rolls a failing job back alone; the others of its batch are committed', async () => {
      const writes = createWriteQueue(handle);
      const good = writes.run(insertProject('prj_good'));
      const bad = writes.run(async (trx) => {
        await insertProject('prj_half')(trx);
        await insertProject('prj_good')(trx); // duplicate key: the job fails after a first insert
      });
      const alsoGood = writes.run(insertProject('prj_also'));
      await expect(bad).rejects.toThrow();
      await expect(good).resolves.toBeDefined();
      await expect(alsoGood).resolves.toBeDefined();
      expect(await projectIds()).toEqual(['prj_also', 'prj_good']);
    });

    it('commits the others of a batch when a job throws without a database error', async () => {
      const writes = createWriteQueue(handle);
      const jobs = Array.from({ length: 20 }, (_, i) =>
        writes.run(async (trx) => {
          await insertProject(`prj_${String(i).padStart(2, '0')}`)(trx);
          if (i === 7) throw new Error('this job refuses');
          return i;
        }),
      );
      const settled = await Promise.allSettled(jobs);
      expect(settled.map((s) => s.status)).toEqual(jobs.map((_, i) => (i === 7 ? 'rejected' : 'fulfilled')));
      const expected = jobs.map((_, i) => `prj_${String(i).padStart(2, '0')}`).filter((id) => id !== 'prj_07');
      expect(await projectIds()).toEqual(expected);
    });

    it('lets jobs of one batch race for the same row: one inserts it, the others find it', async () => {
      const writes = createWriteQueue(handle);
      const jobs = Array.from({ length: 10 }, () =>
        writes.run(async (trx) => {
          const inserted = await trx
            .insertInto('projects')
            .values({ id: 'prj_shared', name: 'shared', time_zone: 'UTC', created_at: 1, is_demo: 0 })
            .onConflict((oc) => oc.column('id').doNothing())
            .executeTakeFirst();
          const row = await trx.selectFrom('projects').select('name').where('id', '=', 'prj_shared').executeTakeFirst();
          return { inserted: Number(inserted.numInsertedOrUpdatedRows ?? 0n), name: row?.name, trx };
        }),
      );
      const results = await Promise.all(jobs);
      expect(results.map((r) => r.inserted).reduce((a, b) => a + b, 0)).toBe(1);
      expect(results.every((r) => r.name === 'shared')).toBe(true);
      // All in one batch, and none ran again on its own.
      expect(new Set(results.map((r) => r.trx)).size).toBe(1);
    });

    it('stores every value as given, whatever quotes, backslashes, dollars or characters it holds', async () => {
      const names = [
        "O'Brien",
        "''",
        'back\\slash \\\\ and \\n',
        '$1 $2 $10 and $$ dollar-quoted $$',
        '"double" -- not a comment /* nor this */ ;',
        'émoji 🚀 and \u2028 line separator',
        "E'not an escape'",
        '',
      ];
      const writes = createWriteQueue(handle);
      const trxs = await Promise.all(names.map((name, i) => writes.run(insertProject(`prj_name_${i}`, name))));
      expect(new Set(trxs).size).toBe(1);
      const rows = await handle.db.selectFrom('projects').select(['id', 'name']).orderBy('id').execute();
      expect(rows.map((r) => r.name)).toEqual(names);
      // Numbers too, negative ones included (written as literals on PostgreSQL).
      const times = [-1, 0, 1_795_935_477_034, -1_795_935_477_034, 2 ** 53 - 1];
      await Promise.all(
        times.map((t, i) =>
          writes.run((trx) =>
            trx.updateTable('projects').set({ created_at: t }).where('id', '=', `prj_name_${i}`).execute(),
          ),
        ),
      );
      const stored = await handle.db
        .selectFrom('projects')
        .select('created_at')
        .where(
          'id',
          'in',
          times.map((_, i) => `prj_name_${i}`),
        )
        .orderBy('id')
        .execute();
      expect(stored.map((r) => r.created_at)).toEqual(times);
    });
  });
}
