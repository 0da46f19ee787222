import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { isDatabaseUnavailable } from '../../src/db/unavailable.js';
import { createWriteQueue } from '../../src/db/write-queue.js';
import { HttpError } from '../../src/errors.js';
import { receiveDelivery } from '../../src/ingest/receive-delivery.js';
import { createRequestReceiver, type RequestReceiver } from '../../src/ingest/receive-request.js';
import { createProject } from '../../src/manage/projects.js';
import { createWebhook } from '../../src/manage/webhooks.js';
import { createSecretBox } from '../../src/secrets/secret-box.js';
import { githubDeploymentStatus, githubHeaders } from '../factories/github.js';
import { TEST_KEY } from '../helpers/app.js';
import { openThreadedTestDatabase, type TestDatabase } from '../helpers/databases.js';

// SQLite on a file with its writes on the writer thread (src/db/sqlite-thread/), as `npm start` runs it.
const config = loadConfig({ SHIPWATCH_PUBLIC_URL: 'http://shipwatch.test', SHIPWATCH_DATA_DIR: '/tmp/unused' });
const secretBox = createSecretBox(TEST_KEY);
const NOW = Date.parse('2026-03-02T12:00:00Z');
const project = (id: string) => ({ id, name: id, time_zone: 'UTC', created_at: NOW, is_demo: 0 });

/** What another process reading the file sees: only what is committed. */
function committedCount(test: TestDatabase, table: string, where = '1 = 1'): number {
  const other = new Sqlite(test.handle.location, { readonly: true });
  try {
    return (other.prepare(`select count(*) as n from ${table} where ${where}`).get() as { n: number }).n;
  } finally {
    other.close();
  }
}

describe('SQLite with its writes on a thread of their own', () => {
  let test: TestDatabase;
  let receiver: RequestReceiver;
  let hook: { id: string; secret: string };

  beforeAll(async () => {
    test = await openThreadedTestDatabase();
    receiver = createRequestReceiver({ config, database: test.handle, secretBox, now: () => NOW });
    const made = await createProject(test.handle.db, { name: 'threaded', actor: 'test', now: NOW });
    const webhook = await createWebhook(
      { db: test.handle.db, secretBox, publicUrl: config.publicUrl },
      { projectId: made.id, provider: 'github', actor: 'test', now: NOW },
    );
    hook = { id: webhook.id, secret: webhook.secret };
  });
  afterAll(async () => {
    await test.destroy();
  });

  it('runs the receiver on the thread: deliveries sent at once are each answered 200 once committed', async () => {
    const bodies = Array.from({ length: 60 }, (_, i) =>
      JSON.stringify(
        githubDeploymentStatus({
          deploymentId: 1000 + i,
          statusId: 5000 + i,
          state: 'success',
          createdAt: '2026-03-01T10:00:00Z',
        }),
      ),
    );
    const answers = await Promise.all(
      bodies.map((body, i) =>
        receiver.receive({
          webhookId: hook.id,
          headers: githubHeaders('deployment_status', body, hook.secret, `thread-${i}`),
          body: Buffer.from(body),
          clientAddress: '10.0.0.1',
        }),
      ),
    );
    expect(answers.map((answer) => (answer.ok ? answer.delivery.outcome : answer.status))).toEqual(
      bodies.map(() => 'accepted'),
    );
    expect(committedCount(test, 'deployments')).toBe(60);
    expect(committedCount(test, 'deliveries', "outcome = 'accepted'")).toBe(60);
    // A redelivery is a duplicate, decided on the thread.
    const again = await receiver.receive({
      webhookId: hook.id,
      headers: githubHeaders('deployment_status', bodies[0] as string, hook.secret, 'thread-0'),
      body: Buffer.from(bodies[0] as string),
      clientAddress: '10.0.0.1',
    });
    expect(again.ok && again.delivery.outcome).toBe('duplicate');
  });

  it('answers a refusal decided on the thread as the error it is (410 for a revoked webhook)', async () => {
    const made = await createProject(test.handle.db, { name: 'revoked later', actor: 'test', now: NOW });
    const webhook = await createWebhook(
      { db: test.handle.db, secretBox, publicUrl: config.publicUrl },
      { projectId: made.id, provider: 'github', actor: 'test', now: NOW },
    );
    const body = JSON.stringify(
      githubDeploymentStatus({ deploymentId: 9, statusId: 9, state: 'success', createdAt: '2026-03-01T10:00:00Z' }),
    );
    await test.handle.db.updateTable('webhooks').set({ revoked_at: NOW }).where('id', '=', webhook.id).execute();
    // The write itself, as after a look-up that found the webhook live: the thread re-checks and refuses.
    const refusal = await receiveDelivery(
      test.handle.db,
      createWriteQueue(test.handle),
      test.handle.dialect,
      {
        webhook: { id: webhook.id, project_id: made.id, provider: 'github', verified_at: null },
        event: 'deployment_status',
        deliveryKey: 'after-revoke',
        normalized: { kind: 'ignored', reason: 'not read' },
        rawBody: body,
        keptHeaders: {},
        now: NOW,
      },
      { rawBodyRetentionDays: 30 },
    ).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(HttpError);
    expect(refusal).toMatchObject({ code: 'gone', statusCode: 410 });
    expect(committedCount(test, 'deliveries', `webhook_id = '${webhook.id}'`)).toBe(0);
  });

  it('runs a main-thread transaction as a lease: all or nothing, unseen by others until its commit', async () => {
    const db = test.handle.db;
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('projects').values(project('prj_rolled_back')).execute();
        // Read inside the transaction: its own write is there.
        expect(
          await trx.selectFrom('projects').select('id').where('id', '=', 'prj_rolled_back').execute(),
        ).toHaveLength(1);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(committedCount(test, 'projects', "id = 'prj_rolled_back'")).toBe(0);

    const trx = await db.startTransaction().execute();
    await trx.insertInto('projects').values(project('prj_leased')).execute();
    // Outside the lease, the main thread's reads and other processes see nothing yet.
    expect(await db.selectFrom('projects').select('id').where('id', '=', 'prj_leased').execute()).toEqual([]);
    expect(committedCount(test, 'projects', "id = 'prj_leased'")).toBe(0);
    // A write outside the lease waits for it to end.
    let written = false;
    const outside = db
      .insertInto('projects')
      .values(project('prj_after_lease'))
      .execute()
      .then(() => {
        written = true;
      });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(written).toBe(false);
    await trx.commit().execute();
    await outside;
    expect(committedCount(test, 'projects', "id in ('prj_leased', 'prj_after_lease')")).toBe(2);
  });

  it("gives a statement's error back with SQLite's code", async () => {
    const error = await test.handle.db
      .insertInto('projects')
      .values(project('prj_leased'))
      .execute()
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("gives the thread's connection and the main thread's SQLite's own 2 MiB page cache, not better-sqlite3's 16", async () => {
    const cacheSize = sql<{ cache_size: number }>`pragma cache_size`;
    // Not a select: it goes to the writer thread's connection.
    expect((await cacheSize.execute(test.handle.db)).rows).toEqual([{ cache_size: -2000 }]);
    expect((await cacheSize.execute(test.handle.reader)).rows).toEqual([{ cache_size: -2000 }]);
  });
});

describe('the writer thread stopping', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openThreadedTestDatabase({
      writerThread: new URL('../fixtures/writer-thread-crash.js', import.meta.url),
    });
  });
  afterAll(async () => {
    await test.destroy();
  });

  it('fails what waited as unavailable (503), then starts a new thread for the next request', async () => {
    const runJob = test.handle.runJob;
    if (runJob === undefined) throw new Error('expected a writer thread');
    await expect(runJob('project', { id: 'prj_before' })).resolves.toBe('prj_before');
    const crashed = await runJob('crash', {}).catch((error: unknown) => error);
    expect(isDatabaseUnavailable(crashed)).toBe(true);
    await expect(runJob('project', { id: 'prj_after' })).resolves.toBe('prj_after');
    await test.handle.db.insertInto('projects').values(project('prj_main_thread')).execute();
    expect(committedCount(test, 'projects')).toBe(3);
  });
});
