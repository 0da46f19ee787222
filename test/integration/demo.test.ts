import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDemo, createDemoIfEmpty, DEMO_PROJECT_NAME, type DemoSummary } from '../../src/demo/create-demo.js';
import { demoHistory } from '../../src/demo/demo-history.js';
import { githubDemoRequest } from '../../src/demo/github-demo-requests.js';
import { createPrng } from '../../src/demo/prng.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime } from '../../src/runtime.js';
import { createSecretBox } from '../../src/secrets/secret-box.js';
import { buildTestApp, PUBLIC_URL, TEST_KEY, type TestApp } from '../helpers/app.js';
import { describeEachDatabase, openTestDatabase } from '../helpers/databases.js';

const NOW = Date.parse('2026-11-27T15:30:00Z');
const DAY = 86_400_000;

interface Deployment {
  repository: string;
  environment: string;
  production: boolean;
  status: string;
  sha: string;
  finishedAt: string;
  provider: string;
  webhookId: string;
  leadTimeSeconds: number | null;
}

describeEachDatabase('the demo', ({ handle, db }) => {
  let t: TestApp;
  let demo: DemoSummary;
  const deps = () => ({
    config: loadConfig({ SHIPWATCH_PUBLIC_URL: PUBLIC_URL, SHIPWATCH_DATA_DIR: '/tmp/shipwatch-test-unused' }),
    database: handle(),
    secretBox: createSecretBox(TEST_KEY),
    logger: createLogger('silent'),
  });
  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: t.auth });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const allDeployments = async (projectId: string): Promise<Deployment[]> => {
    const out: Deployment[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(
        `/api/projects/${projectId}/deployments?limit=500${cursor === null ? '' : `&before=${cursor}`}`,
      );
      out.push(...page.deployments);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return out;
  };

  beforeAll(async () => {
    t = await buildTestApp(handle(), { start: NOW });
    demo = await createDemo(deps(), { seed: 42, now: NOW, actor: 'test' });
    console.info(
      `[demo timing] ${demo.pushes} pushes and ${demo.deployments} deployments, ${Object.values(demo.deliveries).reduce((a, b) => a + b)} deliveries, in ${(demo.elapsedMs / 1000).toFixed(1)} s`,
    );
  });

  it('creates the demo project with one webhook of each provider, every delivery accepted', async () => {
    expect(demo.problems).toEqual([]);
    expect(demo.deliveries).toMatchObject({ duplicate: 0, ignored: 0, rejected: 0 });
    expect(demo.deliveries.accepted).toBeGreaterThan(1000);
    const project = await get(`/api/projects/${demo.project.id}`);
    expect(project).toMatchObject({ name: DEMO_PROJECT_NAME, demo: true });
    const hooks = (await get(`/api/projects/${demo.project.id}/webhooks`)).webhooks;
    expect(hooks.map((h: { provider: string }) => h.provider).sort()).toEqual(['azure-devops', 'github', 'gitlab']);
    for (const hook of hooks)
      expect(hook).toMatchObject({ verifiedAt: expect.any(String), lastDeliveryOutcome: 'accepted' });
  });

  it('holds six months of three repositories, production and staging, ending before now', async () => {
    const deployments = await allDeployments(demo.project.id);
    expect(deployments.length).toBe(demo.deployments);
    const repositories = new Map(deployments.map((d) => [d.repository, d.provider]));
    expect(Object.fromEntries(repositories)).toEqual({
      'acme/checkout-web': 'github',
      'acme/payments-api': 'gitlab',
      'acme/Checkout/checkout-worker': 'azure-devops',
    });
    const environments = (await get(`/api/projects/${demo.project.id}/environments`)).environments;
    // Azure DevOps' "Production" stage and the others' "production" are one environment.
    expect(environments.map((e: { name: string; production: boolean }) => [e.name, e.production])).toEqual([
      ['production', true],
      ['staging', false],
    ]);
    const times = deployments.map((d) => Date.parse(d.finishedAt));
    expect(Math.max(...times)).toBeLessThan(NOW);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW - 183 * DAY);
    expect(Math.min(...times)).toBeLessThan(NOW - 175 * DAY);
    expect(deployments.every((d) => d.status === 'success' || d.status === 'failure')).toBe(true);
  });

  it('is quieter at weekends', async () => {
    const deployments = await allDeployments(demo.project.id);
    const weekend = deployments.filter((d) => [0, 6].includes(new Date(d.finishedAt).getUTCDay())).length;
    const weekday = deployments.length - weekend;
    // Per day: weekends (2 of 7 days) see far fewer deployments than weekdays.
    expect(weekend / 2).toBeLessThan((weekday / 5) * 0.2);
  });

  it('gives every figure, with failures and recoveries, and a different pace per repository', async () => {
    const half = await get(`/api/projects/${demo.project.id}/metrics?from=${new Date(NOW - 180 * DAY).toISOString()}`);
    expect(half.deploymentFrequency.deployments).toBeGreaterThan(300);
    expect(half.changeFailureRate.failedDeployments).toBeGreaterThan(5);
    expect(half.changeFailureRate.rate).toBeLessThan(0.15);
    expect(half.failedDeploymentRecoveryTime.recovered).toBeGreaterThan(5);
    expect(half.failedDeploymentRecoveryTime.medianSeconds).toBeLessThan(6 * 3600);
    expect(half.leadTimeForChanges.commits).toBeGreaterThan(500);
    const recent = await get(`/api/projects/${demo.project.id}/metrics`);
    for (const figure of ['deploymentFrequency', 'leadTimeForChanges', 'changeFailureRate']) {
      expect(recent[figure].level, figure).not.toBeNull();
    }
    const lead = async (repository: string) =>
      (
        await get(
          `/api/projects/${demo.project.id}/metrics?from=${new Date(NOW - 180 * DAY).toISOString()}&repository=${encodeURIComponent(repository)}`,
        )
      ).leadTimeForChanges.medianSeconds as number;
    const web = await lead('acme/checkout-web');
    const api = await lead('acme/payments-api');
    const worker = await lead('acme/Checkout/checkout-worker');
    expect(web).toBeLessThan(api);
    expect(api).toBeLessThan(worker);
    expect(web).toBeLessThan(86_400);
  });

  it('writes commits with real-looking messages, as each provider sends them', async () => {
    const bodies = await db()
      .selectFrom('deliveries')
      .select(['event', 'raw_body'])
      .where('project_id', '=', demo.project.id)
      .where('event', 'in', ['push', 'Push Hook', 'git.push', 'Deployment Hook'])
      .orderBy('id', 'desc')
      .limit(200)
      .execute();
    const messages = bodies.flatMap((b) => {
      if (b.raw_body === null) return [];
      const body = JSON.parse(b.raw_body);
      if (b.event === 'git.push') return body.resource.commits.map((c: { comment: string }) => c.comment);
      if (b.event === 'Deployment Hook') {
        expect(body.status_changed_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0000$/);
        expect(body.commit_url).toMatch(/\/-\/commit\/[0-9a-f]{40}$/);
        return [];
      }
      return body.commits.map((c: { message: string }) => c.message.trim());
    });
    expect(messages.length).toBeGreaterThan(20);
    expect(
      messages.every((m: string) => /^(feat|fix|chore|refactor|style|test|perf|docs|revert)(\([^)]+\))?: \S/.test(m)),
    ).toBe(true);
    expect(new Set(messages).size).toBeGreaterThan(10);
  });

  it('is reproducible with the same seed and different with another', async () => {
    const history = (seed: number) => demoHistory({ seed, now: NOW });
    const summary = (seed: number) =>
      history(seed).map((e) =>
        e.kind === 'push'
          ? `${e.at} push ${e.after}`
          : `${e.at} ${e.phase} ${e.deployment.environment} ${e.deployment.sha} ${e.deployment.result}`,
      );
    expect(summary(42)).toEqual(summary(42));
    expect(summary(43)).not.toEqual(summary(42));
    // The deliveries too, byte for byte (the secret aside): the same seed stores the same history.
    const bodies = (seed: number) => {
      const prng = createPrng(seed);
      return history(seed).map((e) => githubDemoRequest(e, 'secret', prng).body);
    };
    expect(bodies(42)).toEqual(bodies(42));
  });

  it('deleting the demo project removes all of it', async () => {
    const projectId = demo.project.id;
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/projects/${projectId}`, headers: t.auth })).statusCode,
    ).toBe(204);
    for (const table of ['deployments', 'deliveries', 'commits', 'pushes', 'webhooks', 'environments'] as const) {
      const left = await db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow();
      expect(Number(left.n), table).toBe(0);
    }
  });

  it('serve --demo makes the demo only in an empty database', async () => {
    await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'Real one' } });
    expect(await createDemoIfEmpty(deps(), { seed: 1, now: NOW, actor: 'test', days: 7 })).toBeNull();
    const empty = await openTestDatabase('sqlite');
    try {
      const made = await createDemoIfEmpty(
        { ...deps(), database: empty.handle },
        { seed: 1, now: NOW, actor: 'test', days: 7 },
      );
      expect(made?.project).toMatchObject({ name: DEMO_PROJECT_NAME, demo: true });
      expect(made?.deployments).toBeGreaterThan(10);
      expect(
        await createDemoIfEmpty({ ...deps(), database: empty.handle }, { seed: 1, now: NOW, actor: 'test' }),
      ).toBeNull();
    } finally {
      await empty.destroy();
    }
  });
});

describe('the demo command and serve --demo', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipwatch-demo-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('shipwatch demo --seed N makes the demo in the configured database and says where to look', async () => {
    vi.stubEnv('SHIPWATCH_DATA_DIR', dir);
    vi.stubEnv('SHIPWATCH_LOG_LEVEL', 'silent');
    const out: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
    try {
      const { buildProgram } = await import('../../src/cli/index.js');
      await buildProgram().parseAsync(['node', 'shipwatch', 'demo', '--seed', '7', '--days', '14']);
    } finally {
      stdout.mockRestore();
      vi.unstubAllEnvs();
    }
    const text = out.join('');
    expect(text).toMatch(/Demo project prj_\S+ "Demo: acme\/checkout" created/);
    expect(text).toMatch(/\d+ deployments and \d+ pushes/);
    const runtime = await openRuntime(loadConfig({ SHIPWATCH_DATA_DIR: dir }), createLogger('silent'));
    try {
      const projects = await runtime.database.db.selectFrom('projects').select(['name', 'is_demo']).execute();
      expect(projects).toEqual([{ name: DEMO_PROJECT_NAME, is_demo: 1 }]);
      const count = await runtime.database.db
        .selectFrom('deployments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      // Two weeks of three repositories.
      expect(Number(count.n)).toBeGreaterThan(40);
      expect(Number(count.n)).toBeLessThan(300);
    } finally {
      await runtime.database.close();
    }
  });
});
