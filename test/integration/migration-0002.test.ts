import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { dialects, openTestDatabase, type TestDatabase } from '../helpers/databases.js';

const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe.runIf(dialects().includes(dialect))(`migration 0002 on a version 1 database with data [${dialect}]`, () => {
    let test: TestDatabase;
    const db = () => test.handle.db;

    beforeAll(async () => {
      test = await openTestDatabase(dialect, { migrate: false });
      const migrator = new Migrator({ db: db(), provider: { getMigrations: async () => migrations } });
      const { error } = await migrator.migrateTo('0001_initial');
      if (error !== undefined) throw error;
      // Version 1 data, written with the columns version 1 had.
      await db()
        .insertInto('projects')
        .values({ id: 'p1', name: 'Checkout', time_zone: 'UTC', created_at: 1_700_000_000_000, is_demo: 0 })
        .execute();
      await db()
        .insertInto('commits')
        .columns(['project_id', 'repository', 'sha', 'timestamp'])
        .values({ project_id: 'p1', repository: 'acme/checkout', sha: SHA_A, timestamp: 1_700_000_100_000 })
        .execute();
      // Later migrations follow it (0004: the verdicts); 0002 is the first applied.
      expect((await migrateToLatest(test.handle))[0]).toBe('0002_commits_and_pull_requests');
    });

    afterAll(async () => {
      await test.destroy();
    });

    it('keeps old commits, read back with no message or author', async () => {
      const rows = await db().selectFrom('commits').selectAll().execute();
      expect(rows).toEqual([
        {
          project_id: 'p1',
          repository: 'acme/checkout',
          sha: SHA_A,
          timestamp: 1_700_000_100_000,
          message: null,
          author_name: null,
          author_email: null,
          author_username: null,
        },
      ]);
    });

    it('stores a new commit with its message and author', async () => {
      const message = `Fix the retry ✓\n\n${'x'.repeat(70_000)}`;
      await db()
        .insertInto('commits')
        .values({
          project_id: 'p1',
          repository: 'acme/checkout',
          sha: SHA_B,
          timestamp: 1_700_000_200_000,
          message,
          author_name: 'dependabot[bot]',
          author_email: '49699333+dependabot[bot]@users.noreply.github.com',
          author_username: 'dependabot[bot]',
        })
        .execute();
      const row = await db().selectFrom('commits').selectAll().where('sha', '=', SHA_B).executeTakeFirstOrThrow();
      expect(row.message).toBe(message);
      expect(row.author_username).toBe('dependabot[bot]');
    });

    it('keys pull requests by project, repository and number, with their lineage', async () => {
      const pullRequest = {
        project_id: 'p1',
        repository: 'acme/checkout',
        number: 42,
        title: 'Add retry',
        labels: JSON.stringify(['bug']),
        source_branch: 'fix/retry',
        target_branch: 'main',
        opened_at: 1_700_000_000_000,
        merged_at: 1_700_000_300_000,
        head_sha: SHA_A,
        merge_commit_sha: SHA_B,
        state: 'merged',
        updated_at: 1_700_000_300_000,
        url: 'https://github.com/acme/checkout/pull/42',
        created_at: 1_700_000_400_000,
      };
      await db()
        .insertInto('pull_requests')
        .values({ id: 'pr1', ...pullRequest })
        .execute();
      await expect(
        db()
          .insertInto('pull_requests')
          .values({ id: 'pr2', ...pullRequest })
          .execute(),
      ).rejects.toThrow();
      await db()
        .insertInto('pull_requests')
        .values({ id: 'pr3', ...pullRequest, repository: 'acme/other' })
        .execute();
      const found = await db()
        .selectFrom('pull_requests')
        .selectAll()
        .where('project_id', '=', 'p1')
        .where('repository', '=', 'acme/checkout')
        .where('merge_commit_sha', '=', SHA_B)
        .execute();
      expect(found).toEqual([{ id: 'pr1', ...pullRequest }]);
      await db()
        .insertInto('webhooks')
        .values({ id: 'w1', project_id: 'p1', provider: 'github', name: 'gh', secret_enc: null, created_at: 1 })
        .execute();
      await db()
        .insertInto('lineage')
        .values({ record_type: 'pull_request', record_id: 'pr1', webhook_id: 'w1', project_id: 'p1', created_at: 2 })
        .execute();
      const lineage = await db()
        .selectFrom('lineage')
        .select('record_id')
        .where('record_type', '=', 'pull_request')
        .execute();
      expect(lineage).toEqual([{ record_id: 'pr1' }]);
    });

    it("keeps a project's settings as JSON text, removed with the project", async () => {
      const settings = { leadTimeExcludedAuthors: ['*[bot]', 'Release Bot'] };
      await db()
        .insertInto('project_settings')
        .values({ project_id: 'p1', settings: JSON.stringify(settings), updated_at: 5 })
        .execute();
      const row = await db().selectFrom('project_settings').selectAll().executeTakeFirstOrThrow();
      expect(JSON.parse(row.settings)).toEqual(settings);
      await db().deleteFrom('projects').where('id', '=', 'p1').execute();
      expect(await db().selectFrom('project_settings').selectAll().execute()).toEqual([]);
      expect(await db().selectFrom('pull_requests').selectAll().execute()).toEqual([]);
    });

    it('migrates down to version 1 and up again', async () => {
      const migrator = new Migrator({ db: db(), provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0001_initial')).error).toBeUndefined();
      // Later migrations follow it (0004: the verdicts); 0002 is the first applied.
      expect((await migrateToLatest(test.handle))[0]).toBe('0002_commits_and_pull_requests');
    });
  });
}
