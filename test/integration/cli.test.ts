import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/create-db.js';
import { githubDeploymentStatus, githubHeaders, githubPush } from '../factories/github.js';
import { shipwatch } from '../helpers/run-cli.js';

describe('the shipwatch command line (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipwatch-cli-'));
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.SHIPWATCH_DATA_DIR = dir;
    process.env.SHIPWATCH_PUBLIC_URL = 'https://ship.example.com';
    process.env.SHIPWATCH_LOG_LEVEL = 'silent';
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    process.env = saved;
  });

  it('makes a project and a webhook, prints what to paste, reports metrics, replays, and revokes', async () => {
    expect(await shipwatch('migrate')).toMatch(/Applied: 0001_initial|up to date/);
    const token = await shipwatch('token', 'create', '--name', 'ci');
    expect(token).toMatch(/swt_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/);
    const project = JSON.parse(
      await shipwatch('project', 'create', 'Checkout', '--time-zone', 'Europe/Paris', '--json'),
    );
    expect(project).toMatchObject({ name: 'Checkout', timeZone: 'Europe/Paris' });
    const created = await shipwatch('webhook', 'create', '--project', project.id, '--provider', 'github');
    const url = /URL: {4}(\S+)/.exec(created)?.[1] ?? '';
    const secret = /Secret: (\S+)/.exec(created)?.[1] ?? '';
    expect(url).toMatch(/^https:\/\/ship\.example\.com\/hooks\/wh_/);
    expect(secret.length).toBe(43);

    // Deliveries through the real app on the same database file.
    const { buildApp } = await import('../../src/http/app.js');
    const { loadConfig } = await import('../../src/config.js');
    const { createLogger } = await import('../../src/logger.js');
    const { openRuntime } = await import('../../src/runtime.js');
    const runtime = await openRuntime(loadConfig(process.env), createLogger('silent'));
    const app = await buildApp({ ...runtime, now: Date.now });
    const hookPath = new URL(url).pathname;
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
    const send = async (event: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      return (
        await app.inject({ method: 'POST', url: hookPath, headers: githubHeaders(event, body, secret), payload: body })
      ).json();
    };
    const c = (n: number) => n.toString(16).padStart(40, '0');
    await send(
      'push',
      githubPush({
        before: c(100),
        after: c(2),
        commits: [
          { id: c(1), timestamp: iso(now - 3 * 86_400_000) },
          { id: c(2), timestamp: iso(now - 2 * 86_400_000) },
        ],
      }),
    );
    expect(
      (
        await send(
          'deployment_status',
          githubDeploymentStatus({
            deploymentId: 1,
            statusId: 1,
            state: 'success',
            createdAt: iso(now - 86_400_000),
            sha: c(2),
          }),
        )
      ).outcome,
    ).toBe('accepted');

    const table = await shipwatch('metrics', '--project', project.id);
    expect(table).toMatch(/Deployment frequency\s+0\.03 per day/);
    expect(table).toMatch(/Lead time for changes\s+1\.5 days\s+high\s+median of 2 commits, 1 deployments/);
    expect(table).toMatch(/Rework rate\s+0\.0 %\s+-\s+0 of 1 successful deployments/);
    expect(table).toMatch(/Time to restore service\s+-\s+-\s+0 of 0 incidents resolved/);
    const json = JSON.parse(await shipwatch('metrics', '--project', project.id, '--json'));
    expect(json.leadTimeForChanges).toMatchObject({ commits: 2, medianSeconds: 1.5 * 86_400 });

    // Replay after a "parser fix": wipe what was derived, replay, and get the same figures back.
    const db = openSqlite({ filename: join(dir, 'shipwatch.db'), synchronous: 'normal' });
    await db.db.deleteFrom('deployments').where('project_id', '=', project.id).execute();
    await db.db.deleteFrom('pushes').where('project_id', '=', project.id).execute();
    await db.db.updateTable('repositories').set({ stale_from: 0 }).where('project_id', '=', project.id).execute();
    await db.close();
    const webhookId = hookPath.split('/').at(-1) ?? '';
    expect(await shipwatch('replay', '--webhook', webhookId)).toMatch(
      /Replayed 2 deliveries: 2 records stored, 0 corrected/,
    );
    expect(JSON.parse(await shipwatch('metrics', '--project', project.id, '--json'))).toEqual(json);
    expect(await shipwatch('replay', '--webhook', webhookId)).toMatch(
      /Replayed 2 deliveries: 0 records stored, 0 corrected, 0 removed/,
    );
    expect(JSON.parse(await shipwatch('replay', '--webhook', webhookId, '--json'))).toMatchObject({
      replayed: 2,
      stored: 0,
      corrected: 0,
      removed: 0,
      pastRetention: 0,
    });

    const revoked = await shipwatch('webhook', 'revoke', webhookId, '--yes');
    expect(revoked).toMatch(/revoked\. Deleted 1 deployments, 2 commits, 2 deliveries/);
    await app.close();
    await runtime.database.close();
  });

  it('demo --json: what the demo made, as the database holds it', async () => {
    const made = JSON.parse(await shipwatch('demo', '--days', '10', '--seed', '3', '--json'));
    expect(made.project).toMatchObject({ name: 'Demo: acme/checkout', demo: true });
    expect(made.url).toBe('https://ship.example.com');
    expect(made.problems).toEqual([]);
    expect(made.deployments).toBeGreaterThan(0);
    expect(made.pushes).toBeGreaterThan(0);
    const { accepted, duplicate, ignored, rejected, total } = made.deliveries;
    expect(total).toBe(accepted + duplicate + ignored + rejected);
    expect(Number.isInteger(made.elapsedMs)).toBe(true);
    // The project and webhooks as the other commands list them.
    const projects = JSON.parse(await shipwatch('project', 'list', '--json')).projects;
    expect(projects).toContainEqual(made.project);
    const hooks = JSON.parse(await shipwatch('webhook', 'list', '--project', made.project.id, '--json')).webhooks;
    type Hook = { id: string; provider: string; url: string };
    const byProvider = (list: Hook[]) =>
      list
        .map((h) => ({ provider: h.provider, id: h.id, url: h.url }))
        .sort((a, b) => a.provider.localeCompare(b.provider));
    expect(byProvider(made.webhooks)).toEqual(byProvider(hooks));
    expect(byProvider(made.webhooks).map((h) => h.provider)).toEqual(['azure-devops', 'github', 'gitlab']);
    // The counts are the stored rows': every delivery, and one finished deployment per deployment counted.
    const db = openSqlite({ filename: join(dir, 'shipwatch.db'), synchronous: 'normal' });
    try {
      const outcomes = await db.db
        .selectFrom('deliveries')
        .select(['outcome'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', made.project.id)
        .groupBy('outcome')
        .execute();
      expect(Object.fromEntries(outcomes.map((o) => [o.outcome, Number(o.n)]))).toEqual({ accepted: total });
      const finished = await db.db
        .selectFrom('deployments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', made.project.id)
        .where('finished_at', 'is not', null)
        .executeTakeFirstOrThrow();
      expect(Number(finished.n)).toBe(made.deployments);
      const pushes = await db.db
        .selectFrom('pushes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', made.project.id)
        .executeTakeFirstOrThrow();
      expect(Number(pushes.n)).toBe(made.pushes);
    } finally {
      await db.close();
    }
  });
});
