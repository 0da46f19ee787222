import { beforeAll, expect, it } from 'vitest';
import { leadTime, windowBetween } from '../../src/metrics/index.js';
import { leadTimeInDatabase, loadMetricsInput } from '../../src/reports/metrics.js';
import { githubDeploymentStatus, githubHeaders, githubPush } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

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
      leadTimeForChanges: { medianSeconds: 93600, commits: 3, deploymentsWithCommits: 2, level: 'high' },
      changeFailureRate: { failedDeployments: 1, deployments: 3, rate: 1 / 3, level: 'low' },
      failedDeploymentRecoveryTime: { medianSeconds: 7200, failures: 1, recovered: 1, level: 'high' },
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
