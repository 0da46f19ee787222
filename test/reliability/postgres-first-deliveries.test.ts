import { afterAll, describe, expect, it } from 'vitest';
import { githubSuccess } from './support/deliveries.js';
import { pool } from './support/http.js';
import { createScratchDatabase, postgresAvailable, type ScratchDatabase } from './support/postgres.js';
import { createHook, type ServerProcess, startServer } from './support/server.js';

const run = postgresAvailable('the first-deliveries PostgreSQL test') ? describe : describe.skip;

run('the first deliveries of a new webhook arrive at once (PostgreSQL)', () => {
  let scratch: ScratchDatabase | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill();
    await scratch?.drop();
  });

  it('accepts 50 concurrent first deliveries on each of 5 fresh webhooks, with no 5xx', async () => {
    scratch = await createScratchDatabase();
    server = await startServer({ databaseUrl: scratch.url() });
    const live = server;
    const statuses: Record<string, number> = {};
    for (let round = 0; round < 5; round++) {
      // No ping first: the webhook is not verified yet when the deliveries race in.
      const hook = await createHook(live, 'github');
      await pool(50, 50, async (i) => {
        const d = githubSuccess(hook.secret, round * 1000 + i);
        const res = await live.client.request({
          method: 'POST',
          path: hook.path,
          headers: d.headers,
          body: d.body,
          timeoutMs: 30_000,
        });
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      });
    }
    console.log(`[first deliveries] ${JSON.stringify(statuses)}`);
    expect(statuses).toEqual({ 200: 250 });
  });
});
