import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchingClient } from '../../src/db/statement-batch.js';
import { dialects, POSTGRES_URL } from '../helpers/databases.js';

// The PostgreSQL connection of a write batch (src/db/statement-batch.ts), on a real connection whose calls are
// counted: statements issued in one turn go in one call, that is one round trip. (SQLite has no round trips: its
// group commit runs the jobs one after another, test/integration/write-queue.test.ts.)
const run = dialects().includes('postgres') ? describe : describe.skip;

run('statements issued together on PostgreSQL [postgres]', () => {
  let client: pg.Client;
  let calls: string[];
  let batching: ReturnType<typeof batchingClient>;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    calls = [];
    const counted = {
      query: (text: string, values?: unknown[]) => {
        calls.push(text);
        return client.query(text, values);
      },
      release: () => {},
    };
    batching = batchingClient(counted as unknown as pg.PoolClient);
  });
  afterAll(async () => {
    await client.end();
  });

  it('sends the statements of one turn in one round trip, and answers each its own result', async () => {
    calls.length = 0;
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => batching.query('select $1::int as n, $2::text as label', [n, `it's ${n}`])),
    );
    expect(results.map((r) => r.rows)).toEqual([1, 2, 3, 4, 5].map((n) => [{ n, label: `it's ${n}` }]));
    expect(calls).toHaveLength(1);
    // The next turn's statements go in the next round trip.
    const again = await Promise.all([batching.query('select 1 as one'), batching.query('select 2 as two')]);
    expect(again.map((r) => r.rows)).toEqual([[{ one: 1 }], [{ two: 2 }]]);
    expect(calls).toHaveLength(2);
  });

  it('sends a statement alone in its turn with bound parameters, and one whose value has no literal on its own', async () => {
    calls.length = 0;
    const [alone] = await Promise.all([batching.query('select $1::int[] as list', [[1, 2]])]);
    expect(alone?.rows).toEqual([{ list: [1, 2] }]);
    const [a, list, b] = await Promise.all([
      batching.query('select $1::int as a', [1]),
      batching.query('select $1::int[] as list', [[3]]),
      batching.query('select $1::int as b', [2]),
    ]);
    expect([a?.rows, list?.rows, b?.rows]).toEqual([[{ a: 1 }], [{ list: [3] }], [{ b: 2 }]]);
    // One alone, then the three in order: the first, the list on its own, the last.
    expect(calls).toHaveLength(4);
  });

  it('fails every statement sent with a failing one', async () => {
    const settled = await Promise.allSettled([
      batching.query('select $1::int as a', [1]),
      batching.query('select $1::int as b', ['not a number']),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });
});
