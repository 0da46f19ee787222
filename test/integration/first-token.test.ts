import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/create-db.js';
import { ensureFirstToken } from '../../src/manage/tokens.js';
import { describeEachDatabase, dialects, openTestDatabase } from '../helpers/databases.js';

describeEachDatabase('the first-start token', ({ db }) => {
  it('is made once when no token exists and SHIPWATCH_ADMIN_TOKEN is unset, and never again', async () => {
    expect(await ensureFirstToken(db(), { adminToken: 'set-so-none-is-made-0123', now: 1 })).toBeNull();
    const first = await ensureFirstToken(db(), { adminToken: null, now: 1 });
    expect(first).toMatch(/^swt_[0-9a-f]{16}_/);
    expect(await ensureFirstToken(db(), { adminToken: null, now: 2 })).toBeNull();
    const tokens = await db().selectFrom('api_tokens').select('name').execute();
    expect(tokens).toEqual([{ name: 'First admin token' }]);
  });
});

describe.runIf(dialects().includes('postgres'))('the first-start token on a shared PostgreSQL', () => {
  it('is made only once when several processes start at the same moment', async () => {
    const base = await openTestDatabase('postgres');
    try {
      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(base.handle.db)).rows[0]?.s ?? '';
      const processes = Array.from({ length: 4 }, () =>
        openPostgres({ connectionString: process.env.SHIPWATCH_TEST_DATABASE_URL ?? '', poolSize: 2, schema }),
      );
      const made = await Promise.all(processes.map((p) => ensureFirstToken(p.db, { adminToken: null, now: 5 })));
      expect(made.filter((t) => t !== null)).toHaveLength(1);
      const count = await base.handle.db
        .selectFrom('api_tokens')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(count.n).toBe(1);
      await Promise.all(processes.map((p) => p.close()));
    } finally {
      await base.destroy();
    }
  });
});
