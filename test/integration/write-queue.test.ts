import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/create-db.js';
import { openSqlite } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createWriteQueue } from '../../src/db/write-queue.js';

// The group commit of SQLite (src/db/write-queue.ts). Each job is handed the batch's transaction: two jobs that
// got the same object shared one commit.
describe('write queue (SQLite group commit)', () => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = openSqlite({ filename: ':memory:', synchronous: 'normal' });
    await migrateToLatest(handle);
  });
  afterEach(async () => {
    await handle.close();
  });

  const insertProject = (id: string) => async (trx: DatabaseHandle['db']) => {
    await trx.insertInto('projects').values({ id, name: id, time_zone: 'UTC', created_at: 1, is_demo: 0 }).execute();
    return trx;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('commits the jobs queued together in one batch, and later ones in the next', async () => {
    const writes = createWriteQueue(handle);
    const a = writes.run(insertProject('prj_a'));
    const b = writes.run(insertProject('prj_b'));
    const [trxA, trxB] = await Promise.all([a, b]);
    expect(trxA).toBe(trxB);
    const trxC = await writes.run(insertProject('prj_c'));
    expect(trxC).not.toBe(trxA);
    const ids = await handle.db.selectFrom('projects').select('id').orderBy('id').execute();
    expect(ids.map((r) => r.id)).toEqual(['prj_a', 'prj_b', 'prj_c']);
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
    const ids = await handle.db.selectFrom('projects').select('id').orderBy('id').execute();
    expect(ids.map((r) => r.id)).toEqual(['prj_also', 'prj_good']);
  });
});
