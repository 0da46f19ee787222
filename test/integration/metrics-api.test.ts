import { beforeAll, expect, it } from 'vitest';
import { computeMetrics, leadTime, windowBetween } from '../../src/metrics/index.js';
import { NO_PULL_REQUEST_FIGURES } from '../../src/metrics/lead-time.js';
import { githubDeploymentStatus, githubHeaders, githubPush } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { leadTimeInDatabase, loadMetricsInput } from '../helpers/metrics-reference.js';

const sha = (n: number) => n.toString(16).padStart(40, '0');

describeEachDatabase('environments, deployments and metrics over HTTP', ({ handle, db }) => {
  let t: TestApp;
  let projectId: string;
  let hook: { id: string; secret: string };
  const send = async (event: string, payload: unknown) => {
    const body = JSON.stringify(payload);
    const res = await t.app.inject({
      method: 'POST',
      url: `/hooks/${hook.id}`,
      headers: githubHeaders(event, body, hook.secret),
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await buildTestApp(handle(), { start: Date.parse('2026-03-20T12:00:00Z') });
    projectId = (
      await t.app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: t.auth,
        payload: { name: 'M', timeZone: 'Europe/Paris' },
      })
    ).json().id;
    hook = (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${projectId}/webhooks`,
        headers: t.auth,
        payload: { provider: 'github' },
      })
    ).json();
    // History older than Shipwatch (the first push creates the branch), then two commits, then one more.
    await send(
      'push',
      githubPush({
        before: '0'.repeat(40),
        after: sha(1),
        commits: [{ id: sha(1), timestamp: '2026-02-01T00:00:00Z' }],
      }),
    );
    await send(
      'push',
      githubPush({
        before: sha(1),
        after: sha(3),
        commits: [
          { id: sha(2), timestamp: '2026-03-01T10:00:00+01:00' },
          { id: sha(3), timestamp: '2026-03-01T11:00:00+01:00' },
        ],
      }),
    );
    await send(
      'push',
      githubPush({ before: sha(3), after: sha(4), commits: [{ id: sha(4), timestamp: '2026-03-03T08:00:00Z' }] }),
    );
    // Deployment 10 of sha 3: fails, then 11 of sha 3 succeeds; 12 of sha 4 succeeds; a staging one; a late in_progress of 11.
    await send(
      'deployment_status',
      githubDeploymentStatus({
        deploymentId: 10,
        statusId: 100,
        state: 'failure',
        createdAt: '2026-03-02T10:00:00Z',
        sha: sha(3),
      }),
    );
    await send(
      'deployment_status',
      githubDeploymentStatus({
        deploymentId: 11,
        statusId: 110,
        state: 'success',
        createdAt: '2026-03-02T12:00:00Z',
        sha: sha(3),
      }),
    );
    await send(
      'deployment_status',
      githubDeploymentStatus({
        deploymentId: 12,
        statusId: 120,
        state: 'success',
        createdAt: '2026-03-04T08:00:00Z',
        sha: sha(4),
      }),
    );
    await send(
      'deployment_status',
      githubDeploymentStatus({
        deploymentId: 13,
        statusId: 130,
        state: 'success',
        createdAt: '2026-03-04T09:00:00Z',
        sha: sha(4),
        environment: 'staging',
      }),
    );
    await send(
      'deployment_status',
      githubDeploymentStatus({
        deploymentId: 11,
        statusId: 109,
        state: 'in_progress',
        createdAt: '2026-03-02T11:50:00Z',
        sha: sha(3),
      }),
    );
  });

  it('lists environments with their marks and counts', async () => {
    const res = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/environments`, headers: t.auth })
    ).json();
    expect(res.environments).toEqual([
      { name: 'production', production: true, deployments: 3, lastDeploymentAt: '2026-03-04T08:00:00.000Z' },
      { name: 'staging', production: false, deployments: 1, lastDeploymentAt: '2026-03-04T09:00:00.000Z' },
    ]);
  });

  it('lists deployments newest first with what each brought', async () => {
    const res = (
      await t.app.inject({
        method: 'GET',
        url: `/api/projects/${projectId}/deployments?production=true`,
        headers: t.auth,
      })
    ).json();
    const summary = res.deployments.map(
      (d: {
        status: string;
        commits: number | null;
        leadTimeSeconds: number | null;
        sha: string;
        webhookId: string;
      }) => [d.status, d.sha, d.commits, d.leadTimeSeconds, d.webhookId],
    );
    expect(summary).toEqual([
      ['success', sha(4), 1, 86400, hook.id],
      ['success', sha(3), 2, (Date.parse('2026-03-02T12:00:00Z') - Date.parse('2026-03-01T09:00:00Z')) / 1000, hook.id],
      ['failure', sha(3), null, null, hook.id],
    ]);
    const page = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/deployments?limit=1`, headers: t.auth })
    ).json();
    expect(page.deployments).toHaveLength(1);
    const next = (
      await t.app.inject({
        method: 'GET',
        url: `/api/projects/${projectId}/deployments?limit=10&before=${page.nextCursor}`,
        headers: t.auth,
      })
    ).json();
    expect(next.deployments).toHaveLength(3);
    expect(next.nextCursor).toBeNull();
  });

  it('computes the four keys for a window', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}/metrics?from=2026-03-01&to=2026-03-08`,
      headers: t.auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      from: '2026-02-28T23:00:00.000Z',
      to: '2026-03-07T23:00:00.000Z',
      deploymentFrequency: { deployments: 2, deploymentDays: 2, perDay: 2 / 7, level: 'high' },
      leadTimeForChanges: {
        medianSeconds: 93600,
        commits: 3,
        deploymentsWithCommits: 2,
        level: 'high',
        ...NO_PULL_REQUEST_FIGURES,
      },
      changeFailureRate: {
        failedDeployments: 1,
        deployments: 3,
        rate: 1 / 3,
        level: 'low',
        causes: { failed_status: 1, rollback: 0, revert: 0, hotfix: 0, incident: 0, manual: 0 },
      },
      failedDeploymentRecoveryTime: { medianSeconds: 7200, failures: 1, recovered: 1, level: 'high' },
      reworkRate: {
        reworkDeployments: 0,
        deployments: 2,
        rate: 0,
        byKind: { rollback: 0, revert: 0, hotfix: 0, manual: 0 },
      },
      timeToRestoreService: { medianSeconds: null, incidents: 0, resolved: 0 },
    });
  });

  it('the SQL lead time agrees with the pure function on the same data', async () => {
    const window = windowBetween(Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-04-01T00:00:00Z'), 'UTC');
    const input = await loadMetricsInput(db(), projectId, { leadTimesIn: window });
    expect(await leadTimeInDatabase(db(), projectId, window)).toEqual(leadTime(input.deployments, window));
  });

  it('marking a deployment as a failed change counts it in the rate only', async () => {
    const list = (
      await t.app.inject({
        method: 'GET',
        url: `/api/projects/${projectId}/deployments?production=true`,
        headers: t.auth,
      })
    ).json();
    const latest = list.deployments[0];
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/deployments/${latest.id}`,
      headers: t.auth,
      payload: { changeFailure: true },
    });
    expect(patched.json().changeFailure).toBe(true);
    const m = (
      await t.app.inject({
        method: 'GET',
        url: `/api/projects/${projectId}/metrics?from=2026-03-01&to=2026-03-08`,
        headers: t.auth,
      })
    ).json();
    expect(m.changeFailureRate).toMatchObject({ failedDeployments: 2, deployments: 3 });
    expect(m.deploymentFrequency.deployments).toBe(2);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/deployments/${latest.id}`,
      headers: t.auth,
      payload: { changeFailure: null },
    });
  });

  it('a production mark changes every figure at once, history included', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/projects/${projectId}/environments/STAGING`,
      headers: t.auth,
      payload: { production: true },
    });
    expect(put.json()).toMatchObject({ name: 'staging', production: true, deployments: 1 });
    const m = (
      await t.app.inject({
        method: 'GET',
        url: `/api/projects/${projectId}/metrics?from=2026-03-01&to=2026-03-08`,
        headers: t.auth,
      })
    ).json();
    expect(m.deploymentFrequency.deployments).toBe(3);
    // sha 4 was brought by production at 08:00 first; staging at 09:00 brings nothing new.
    expect(m.leadTimeForChanges.commits).toBe(3);
    await t.app.inject({
      method: 'PUT',
      url: `/api/projects/${projectId}/environments/staging`,
      headers: t.auth,
      payload: { production: false },
    });
    const pre = await t.app.inject({
      method: 'PUT',
      url: `/api/projects/${projectId}/environments/${encodeURIComponent('review/x')}`,
      headers: t.auth,
      payload: { production: true },
    });
    expect(pre.json()).toEqual({ name: 'review/x', production: true, deployments: 0, lastDeploymentAt: null });
  });

  it('gives a weekly series calendar-aligned in the project zone', async () => {
    const res = (
      await t.app.inject({
        method: 'GET',
        url: `/api/projects/${projectId}/metrics/series?from=2026-03-01&to=2026-03-15&interval=week`,
        headers: t.auth,
      })
    ).json();
    expect(res.points.map((p: { from: string }) => p.from)).toEqual([
      '2026-02-28T23:00:00.000Z',
      '2026-03-01T23:00:00.000Z',
      '2026-03-08T23:00:00.000Z',
    ]);
    expect(res.points[1].deploymentFrequency.deployments).toBe(2);
    expect(res.points[0].deploymentFrequency.level).toBeNull();
  });

  it('refuses a bad window with 400 naming the field', async () => {
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}/metrics?from=yesterday`,
      headers: t.auth,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^from /);
    const inverted = await t.app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}/metrics?from=2026-03-08&to=2026-03-01`,
      headers: t.auth,
    });
    expect(inverted.statusCode).toBe(400);
    const unknown = await t.app.inject({ method: 'GET', url: '/api/projects/prj_x/metrics', headers: t.auth });
    expect(unknown.statusCode).toBe(404);
  });
});

describeEachDatabase('recovery time read from one window: streaks across its edges', ({ handle, db }) => {
  const S = Date.parse('2026-02-10T10:00:00Z');
  const HOUR = 3_600_000;
  let t: TestApp;
  let projectId: string;

  /** One production deployment per entry: `[github id, repository, state, whole second, milliseconds added]`. */
  const history: [number, string, 'success' | 'failure', number, number][] = [
    // acme/shop: the last second before the window holds a failure (ms 700) and a success (ms 200); in the
    // contract order the failure comes first, so the success is the last one before the window.
    [1, 'acme/shop', 'success', S - HOUR, 0],
    [2, 'acme/shop', 'failure', S - 10_000, 700],
    [3, 'acme/shop', 'success', S - 10_000, 200],
    [4, 'acme/shop', 'failure', S, 0],
    [5, 'acme/shop', 'success', S + 60_000, 0],
    // acme/api, a day later: the window starts at +80 ms, between a success (+50 ms) and a failure (+100 ms) of
    // the same second. The failure comes first: it starts a streak in the window that the success ends at once.
    [11, 'acme/api', 'success', S + 24 * HOUR - 60_000, 0],
    [12, 'acme/api', 'failure', S + 24 * HOUR, 100],
    [13, 'acme/api', 'success', S + 24 * HOUR, 50],
    [14, 'acme/api', 'success', S + 24 * HOUR + 120_000, 0],
    // acme/app, five days later: the same, but a failure with a smaller id (+60 ms) comes first in that second: the
    // streak starts before the window, and the failure in it only continues it.
    [41, 'acme/app', 'success', S + 120 * HOUR - 60_000, 0],
    [42, 'acme/app', 'failure', S + 120 * HOUR, 60],
    [43, 'acme/app', 'failure', S + 120 * HOUR, 100],
    [44, 'acme/app', 'success', S + 120 * HOUR, 50],
    [45, 'acme/app', 'success', S + 120 * HOUR + 120_000, 0],
    // acme/web, two days later: the window ends at +500 ms. Two failures of one second, the first (smaller id) at
    // +700 ms after the window, the second at +100 ms in it: the streak starts after the window.
    [21, 'acme/web', 'success', S + 48 * HOUR - 10_000, 0],
    [22, 'acme/web', 'failure', S + 48 * HOUR, 700],
    [23, 'acme/web', 'failure', S + 48 * HOUR, 100],
    [24, 'acme/web', 'success', S + 48 * HOUR + 60_000, 0],
    // acme/ops: a streak that began a day before the window and recovers in it; a streak that starts in the
    // window and recovers a week after it.
    [31, 'acme/ops', 'failure', S + 72 * HOUR - 24 * HOUR, 0],
    [32, 'acme/ops', 'failure', S + 72 * HOUR + 60_000, 0],
    [33, 'acme/ops', 'success', S + 72 * HOUR + 120_000, 0],
    [34, 'acme/ops', 'failure', S + 72 * HOUR + 180_000, 0],
    [35, 'acme/ops', 'failure', S + 73 * HOUR + 7 * 24 * HOUR, 0],
    [36, 'acme/ops', 'success', S + 73 * HOUR + 7 * 24 * HOUR + 60_000, 0],
  ];

  beforeAll(async () => {
    t = await buildTestApp(handle(), { start: S + 30 * 24 * HOUR });
    projectId = (
      await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'edges' } })
    ).json().id;
    const hook = (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${projectId}/webhooks`,
        headers: t.auth,
        payload: { provider: 'github' },
      })
    ).json();
    for (const [deploymentId, repository, state, second] of history) {
      const body = JSON.stringify(
        githubDeploymentStatus({
          deploymentId,
          statusId: deploymentId,
          state,
          createdAt: new Date(second).toISOString().replace('.000', ''),
          repository,
          sha: sha(deploymentId),
        }),
      );
      const res = await t.app.inject({
        method: 'POST',
        url: `/hooks/${hook.id}`,
        headers: githubHeaders('deployment_status', body, hook.secret),
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    for (const [deploymentId, , , second, ms] of history) {
      await db()
        .updateTable('deployments')
        .set({ finished_at: second + ms })
        .where('project_id', '=', projectId)
        .where('provider_deployment_id', '=', String(deploymentId))
        .execute();
    }
    const ids = await db()
      .selectFrom('deployments')
      .select(['id', 'provider_deployment_id'])
      .where('project_id', '=', projectId)
      .where('provider_deployment_id', 'in', ['22', '23', '42', '43'])
      .orderBy('id')
      .execute();
    // The premise of the acme/web and acme/app cases: the deployment sent first has the smaller id.
    const order = ids.map((row) => row.provider_deployment_id);
    expect(order.indexOf('22')).toBeLessThan(order.indexOf('23'));
    expect(order.indexOf('42')).toBeLessThan(order.indexOf('43'));
  });

  const recovery = async (from: number, to: number, repository: string) => {
    const query = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&repository=${repository}`;
    const metrics = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/metrics?${query}`, headers: t.auth })
    ).json();
    const series = (
      await t.app.inject({
        method: 'GET',
        url: `/api/projects/${projectId}/metrics/series?${query}&interval=month`,
        headers: t.auth,
      })
    ).json();
    // One month: the series' only point agrees with the window.
    expect(series.points).toHaveLength(1);
    expect(series.points[0].failedDeploymentRecoveryTime).toEqual(metrics.failedDeploymentRecoveryTime);
    // And both agree with src/metrics over all history.
    const window = windowBetween(from, to, 'UTC');
    const input = await loadMetricsInput(db(), projectId, { repository, leadTimesIn: window });
    expect(metrics.failedDeploymentRecoveryTime).toEqual(
      computeMetrics(input, window, 'UTC').failedDeploymentRecoveryTime,
    );
    return metrics.failedDeploymentRecoveryTime;
  };

  it('the last deployment before the window is found to the second, failure before success', async () => {
    expect(await recovery(S, S + HOUR, 'acme/shop')).toEqual({
      medianSeconds: 60,
      failures: 1,
      recovered: 1,
      level: 'elite',
    });
  });

  it('a window that starts within a second reads that whole second', async () => {
    expect(await recovery(S + 24 * HOUR + 80, S + 25 * HOUR, 'acme/api')).toEqual({
      medianSeconds: 0,
      failures: 1,
      recovered: 1,
      level: 'elite',
    });
  });

  it('a window that starts within a second reads that whole second: a streak begun just before it', async () => {
    expect(await recovery(S + 120 * HOUR + 80, S + 121 * HOUR, 'acme/app')).toEqual({
      medianSeconds: null,
      failures: 0,
      recovered: 0,
      level: null,
    });
  });

  it('a window that ends within a second reads that whole second', async () => {
    expect(await recovery(S + 47 * HOUR, S + 48 * HOUR + 500, 'acme/web')).toEqual({
      medianSeconds: null,
      failures: 0,
      recovered: 0,
      level: null,
    });
  });

  it('a streak begun before the window does not count in it; one that recovers after it does', async () => {
    expect(await recovery(S + 72 * HOUR, S + 73 * HOUR, 'acme/ops')).toEqual({
      medianSeconds: 7 * 86_400 + 3600 - 180 + 60,
      failures: 1,
      recovered: 1,
      level: 'low',
    });
  });
});
