import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDemo } from '../../src/demo/create-demo.js';
import { createSecretBox } from '../../src/secrets/secret-box.js';
import { genericDeployment, genericHeaders } from '../factories/generic.js';
import { buildTestApp, PUBLIC_URL, TEST_KEY, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { logQueries, type QueryLog } from '../helpers/query-log.js';

const NOW = Date.parse('2026-11-27T15:30:00Z');
const ROOT = join(import.meta.dirname, '..', '..');

interface Figures {
  deploymentFrequency: { deployments: number; deploymentDays: number; perDay: number; level: string | null };
  leadTimeForChanges: { medianSeconds: number | null; commits: number; level: string | null };
  changeFailureRate: { failedDeployments: number; deployments: number; rate: number | null; level: string | null };
  failedDeploymentRecoveryTime: {
    medianSeconds: number | null;
    failures: number;
    recovered: number;
    level: string | null;
  };
  reworkRate: { reworkDeployments: number; rate: number | null };
  timeToRestoreService: { medianSeconds: number | null; incidents: number; resolved: number };
}

/** Each gauge and the field of the API's answer it carries (CONTRACT.md version 2, "Across projects"). */
const GAUGES: Record<string, (f: Figures) => number | null> = {
  shipwatch_deployment_frequency_deployments: (f) => f.deploymentFrequency.deployments,
  shipwatch_deployment_frequency_deployment_days: (f) => f.deploymentFrequency.deploymentDays,
  shipwatch_deployment_frequency_per_day: (f) => f.deploymentFrequency.perDay,
  shipwatch_lead_time_for_changes_seconds: (f) => f.leadTimeForChanges.medianSeconds,
  shipwatch_lead_time_for_changes_commits: (f) => f.leadTimeForChanges.commits,
  shipwatch_change_failure_rate_ratio: (f) => f.changeFailureRate.rate,
  shipwatch_change_failure_rate_failed_deployments: (f) => f.changeFailureRate.failedDeployments,
  shipwatch_change_failure_rate_deployments: (f) => f.changeFailureRate.deployments,
  shipwatch_failed_deployment_recovery_time_seconds: (f) => f.failedDeploymentRecoveryTime.medianSeconds,
  shipwatch_failed_deployment_recovery_time_failures: (f) => f.failedDeploymentRecoveryTime.failures,
  shipwatch_failed_deployment_recovery_time_recovered: (f) => f.failedDeploymentRecoveryTime.recovered,
  shipwatch_rework_rate_ratio: (f) => f.reworkRate.rate,
  shipwatch_rework_rate_rework_deployments: (f) => f.reworkRate.reworkDeployments,
  shipwatch_time_to_restore_service_seconds: (f) => f.timeToRestoreService.medianSeconds,
  shipwatch_time_to_restore_service_incidents: (f) => f.timeToRestoreService.incidents,
  shipwatch_time_to_restore_service_resolved: (f) => f.timeToRestoreService.resolved,
};
const LEVELS: Record<string, (f: Figures) => string | null> = {
  deployment_frequency: (f) => f.deploymentFrequency.level,
  lead_time_for_changes: (f) => f.leadTimeForChanges.level,
  change_failure_rate: (f) => f.changeFailureRate.level,
  failed_deployment_recovery_time: (f) => f.failedDeploymentRecoveryTime.level,
};
const LEVEL_NUMBER: Record<string, number> = { elite: 4, high: 3, medium: 2, low: 1 };
const COUNTER = 'shipwatch_production_deployments_total';
const COUNT_QUERY = /group by "d"."project_id", "d"."repository", "d"."status"/;

type Sample = { labels: Record<string, string>; value: number };

/** The exposition read by a real parser: each family's samples, values as numbers. */
function families(text: string): Map<string, { type: string; samples: Sample[] }> {
  const parsed = parsePrometheusTextFormat(text);
  return new Map(
    parsed.map((family) => [
      family.name,
      {
        type: family.type,
        samples: family.metrics.map((m) => ({ labels: m.labels ?? {}, value: Number(m.value) })),
      },
    ]),
  );
}

describeEachDatabase('GET /metrics (Prometheus)', ({ handle }) => {
  let t: TestApp;
  let log: QueryLog;
  let demoId: string;
  let handId: string;
  let emptyId: string;
  let hook: { id: string; secret: string };
  const HAND_NAME = 'Hand "made" \\ one';

  const scrape = async (headers: Record<string, string> = t.auth) => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    return res.body;
  };
  const send = async (body: Record<string, unknown>) => {
    const text = JSON.stringify(body);
    const res = await t.app.inject({
      method: 'POST',
      url: `/hooks/${hook.id}`,
      headers: genericHeaders(text, hook.secret),
      payload: text,
    });
    expect(res.json().outcome, res.body).toBe('accepted');
  };
  const newProject = async (name: string) =>
    (await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name } })).json()
      .id as string;
  const token = async (payload: Record<string, unknown>) => ({
    authorization: `Bearer ${(await t.app.inject({ method: 'POST', url: '/api/tokens', headers: t.auth, payload })).json().token}`,
  });

  beforeAll(async () => {
    log = logQueries(handle());
    t = await buildTestApp(log.handle, { start: NOW });
    const deps = {
      config: loadConfig({ SHIPWATCH_PUBLIC_URL: PUBLIC_URL, SHIPWATCH_DATA_DIR: '/tmp/shipwatch-test-unused' }),
      database: handle(),
      secretBox: createSecretBox(TEST_KEY),
    };
    demoId = (await createDemo(deps, { seed: 11, now: NOW, actor: 'test', days: 40 })).project.id;
    handId = await newProject(HAND_NAME);
    emptyId = await newProject('empty');
    hook = (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${handId}/webhooks`,
        headers: t.auth,
        payload: { provider: 'generic' },
      })
    ).json();
    // Two repositories; a failure recovered after 90 minutes; a canceled one; one in staging (not counted).
    await send(
      genericDeployment({
        deploymentId: 1,
        repository: 'acme/a',
        finishedAt: '2026-11-20T10:00:00Z',
        status: 'failure',
      }),
    );
    await send(genericDeployment({ deploymentId: 2, repository: 'acme/a', finishedAt: '2026-11-20T11:30:00Z' }));
    await send(
      genericDeployment({
        deploymentId: 3,
        repository: 'acme/b',
        finishedAt: '2026-11-21T09:00:00Z',
        status: 'canceled',
      }),
    );
    await send(genericDeployment({ deploymentId: 4, repository: 'acme/b', finishedAt: '2026-11-22T09:00:00Z' }));
    await send(genericDeployment({ deploymentId: 5, repository: 'acme/b', environment: 'staging' }));
    await send({
      type: 'incident',
      incidentId: 'i1',
      status: 'resolved',
      startedAt: '2026-11-23T08:00:00Z',
      resolvedAt: '2026-11-23T08:40:00Z',
      repository: 'acme/b',
    });
  });

  it("serves every project's last 30 days' figures with the API's values, and production deployments by status", async () => {
    const exposition = families(await scrape());
    for (const [name, family] of Object.entries(GAUGES).map(([n]) => [n, exposition.get(n)] as const)) {
      expect(family?.type, name).toBe('GAUGE');
    }
    for (const projectId of [demoId, handId, emptyId]) {
      const figures = (
        await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/metrics`, headers: t.auth })
      ).json() as Figures;
      const name = projectId === handId ? HAND_NAME : projectId === emptyId ? 'empty' : expect.any(String);
      for (const [gauge, fieldOf] of Object.entries(GAUGES)) {
        const samples = exposition.get(gauge)?.samples.filter((s) => s.labels.project_id === projectId) ?? [];
        const expected = fieldOf(figures);
        // No data is no sample (never NaN).
        expect(samples, `${gauge} of ${projectId}`).toEqual(
          expected === null ? [] : [{ labels: { project_id: projectId, project_name: name }, value: expected }],
        );
      }
      for (const [metric, levelOf] of Object.entries(LEVELS)) {
        const level = levelOf(figures);
        const samples =
          exposition
            .get('shipwatch_dora_level')
            ?.samples.filter((s) => s.labels.project_id === projectId && s.labels.metric === metric) ?? [];
        expect(samples.map((s) => s.value)).toEqual(level === null ? [] : [LEVEL_NUMBER[level]]);
      }
    }
    // The hand-made project's figures, worked out by hand: they reach the gauges above through the API's values.
    const hand = exposition.get('shipwatch_failed_deployment_recovery_time_seconds')?.samples;
    expect(hand?.find((s) => s.labels.project_id === handId)?.value).toBe(5400);
    const restore = exposition.get('shipwatch_time_to_restore_service_seconds')?.samples;
    expect(restore?.find((s) => s.labels.project_id === handId)?.value).toBe(2400);

    // The counter: all history of production deployments, by repository and status, as the deployments list has them.
    const counter = exposition.get(COUNTER);
    expect(counter?.type).toBe('COUNTER');
    for (const projectId of [demoId, handId]) {
      const list = (
        await t.app.inject({
          method: 'GET',
          url: `/api/projects/${projectId}/deployments?production=true&limit=500`,
          headers: t.auth,
        })
      ).json() as { deployments: { repository: string | null; status: string }[]; nextCursor: string | null };
      expect(list.nextCursor).toBeNull();
      const expected = new Map<string, number>();
      for (const d of list.deployments) {
        for (const status of ['success', 'failure', 'canceled']) {
          const key = `${d.repository ?? ''} ${status}`;
          expected.set(key, (expected.get(key) ?? 0) + (d.status === status ? 1 : 0));
        }
      }
      const got = new Map(
        (counter?.samples ?? [])
          .filter((s) => s.labels.project_id === projectId)
          .map((s) => [`${s.labels.repository} ${s.labels.status}`, s.value]),
      );
      expect(got).toEqual(expected);
    }
    expect(
      counter?.samples
        .filter((s) => s.labels.project_id === handId)
        .map((s) => [s.labels.project_name, s.labels.repository, s.labels.status, s.value]),
    ).toEqual([
      [HAND_NAME, 'acme/a', 'success', 1],
      [HAND_NAME, 'acme/a', 'failure', 1],
      [HAND_NAME, 'acme/a', 'canceled', 0],
      [HAND_NAME, 'acme/b', 'success', 1],
      [HAND_NAME, 'acme/b', 'failure', 0],
      [HAND_NAME, 'acme/b', 'canceled', 1],
    ]);
    expect(counter?.samples.some((s) => s.labels.project_id === emptyId)).toBe(false);
  });

  it('takes a credential of any role; a token limited to projects sees only those', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer swt_nope' } }))
        .statusCode,
    ).toBe(401);
    for (const role of ['viewer', 'maintainer', 'admin']) {
      const text = await scrape(await token({ name: role, role }));
      expect(
        families(text)
          .get(COUNTER)
          ?.samples.some((s) => s.labels.project_id === demoId),
      ).toBe(true);
    }
    const limited = families(await scrape(await token({ name: 'limited', projectIds: [handId] })));
    const seen = new Set([...limited.values()].flatMap((f) => f.samples.map((s) => s.labels.project_id)));
    expect([...seen]).toEqual([handId]);
    const none = families(await scrape(await token({ name: 'gone', projectIds: [emptyId] })));
    expect([...none.values()].flatMap((f) => f.samples.filter((s) => s.labels.project_id !== emptyId))).toEqual([]);
  });

  it('computes once per 15 s for concurrent and repeated scrapes, then again', async () => {
    t.advance(60_000); // past what the tests before left in the cache
    log.clear();
    const [a, b] = await Promise.all([scrape(), scrape()]);
    expect(a).toBe(b);
    expect(log.count(COUNT_QUERY)).toBe(1);
    const success = (text: string) =>
      families(text)
        .get(COUNTER)
        ?.samples.find(
          (s) => s.labels.project_id === handId && s.labels.repository === 'acme/b' && s.labels.status === 'success',
        )?.value;
    await send(genericDeployment({ deploymentId: 6, repository: 'acme/b', finishedAt: '2026-11-27T09:00:00Z' }));
    t.advance(14_999);
    expect(await scrape()).toBe(a);
    expect(log.count(COUNT_QUERY)).toBe(1);
    t.advance(2);
    const after = await scrape();
    expect(log.count(COUNT_QUERY)).toBe(2);
    expect(success(a)).toBe(1);
    expect(success(after)).toBe(2);
    // Another set of visible projects is a computation of its own.
    await scrape(await token({ name: 'one project', projectIds: [demoId] }));
    expect(log.count(COUNT_QUERY)).toBe(3);
  });

  it("the Grafana dashboard's queries use only series of the exposition, and the docs explain each", async () => {
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'docs', 'grafana', 'shipwatch-dora.json'), 'utf8'));
    const exprs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node !== null && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if ((key === 'expr' || key === 'query' || key === 'definition') && typeof value === 'string')
            exprs.push(value);
          else if (key === 'query' && value !== null && typeof value === 'object' && 'query' in value)
            exprs.push(String(value.query));
          else walk(value);
        }
      }
    };
    walk(dashboard);
    const used = new Set(exprs.flatMap((expr) => expr.match(/\bshipwatch_[a-z0-9_]+/g) ?? []));
    expect(used.size).toBeGreaterThanOrEqual(8);
    const exposition = families(await scrape());
    for (const name of used) {
      expect(exposition.get(name)?.samples.length ?? 0, `${name} (docs/grafana)`).toBeGreaterThan(0);
    }
    const api = readFileSync(join(ROOT, 'docs', 'API.md'), 'utf8');
    for (const name of exposition.keys()) expect(api, `${name} in docs/API.md`).toContain(`\`${name}\``);
  });
});
