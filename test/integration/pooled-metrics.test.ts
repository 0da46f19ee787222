import { beforeAll, describe, expect, it } from 'vitest';
import { genericDeployment, genericHeaders } from '../factories/generic.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

const sha = (project: string, n: number) => `${project === 'A' ? 'a' : 'b'}${n.toString(16).padStart(39, '0')}`;
const WINDOW = 'from=2026-03-01&to=2026-03-08';

/**
 * Two projects holding the same repository, by hand (CONTRACT.md version 2, "Across projects").
 *
 * A: success 03-02 12:00 bringing commits of 1 h and 2 h; failure 03-03 12:00; success 03-03 14:00 bringing one
 *    of 1 h (recovery 2 h); an incident of 1 h.
 * B: success 03-03 13:00 bringing commits of 24 h and 12 h; failure 03-04 09:00; success 03-04 13:00 bringing one
 *    of 1 h (recovery 4 h); incidents of 3 h and 5 h.
 *
 * Lead time: A's median 3,600 s, B's 43,200 s, their mean 23,400 s; pooled, the six values 3,600 ×3, 7,200,
 * 43,200, 86,400 have the median 5,400 s. Recovery: pooled median of 7,200 and 14,400 = 10,800 s (B's success at
 * 03-03 13:00 must not end A's streak, though the repository has the same name: that would give 3,600 and 9,000).
 * Deployment days: 03-02, 03-03, 03-04 = 3 (4 deployments, 4 project-days). Time to restore: median of 3,600,
 * 10,800, 18,000 = 10,800 s (A's 3,600, B's 14,400).
 */
function deliveries(project: 'A' | 'B'): Record<string, unknown>[] {
  const s = (n: number) => sha(project, n);
  const repository = 'acme/shared';
  if (project === 'A')
    return [
      genericDeployment({
        deploymentId: 'a1',
        repository,
        sha: s(2),
        finishedAt: '2026-03-02T12:00:00Z',
        commits: [
          { sha: s(1), timestamp: '2026-03-02T10:00:00Z' },
          { sha: s(2), timestamp: '2026-03-02T11:00:00Z' },
        ],
      }),
      genericDeployment({
        deploymentId: 'a2',
        repository,
        status: 'failure',
        sha: s(7),
        finishedAt: '2026-03-03T12:00:00Z',
      }),
      genericDeployment({
        deploymentId: 'a3',
        repository,
        sha: s(3),
        finishedAt: '2026-03-03T14:00:00Z',
        commits: [{ sha: s(3), timestamp: '2026-03-03T13:00:00Z' }],
      }),
      incident('a-i1', '2026-03-05T00:00:00Z', '2026-03-05T01:00:00Z'),
    ];
  return [
    genericDeployment({
      deploymentId: 'b1',
      repository,
      sha: s(2),
      finishedAt: '2026-03-03T13:00:00Z',
      commits: [
        { sha: s(1), timestamp: '2026-03-02T13:00:00Z' },
        { sha: s(2), timestamp: '2026-03-03T01:00:00Z' },
      ],
    }),
    genericDeployment({
      deploymentId: 'b2',
      repository,
      status: 'failure',
      sha: s(7),
      finishedAt: '2026-03-04T09:00:00Z',
    }),
    genericDeployment({
      deploymentId: 'b3',
      repository,
      sha: s(3),
      finishedAt: '2026-03-04T13:00:00Z',
      commits: [{ sha: s(3), timestamp: '2026-03-04T12:00:00Z' }],
    }),
    incident('b-i1', '2026-03-06T10:00:00Z', '2026-03-06T13:00:00Z'),
    incident('b-i2', '2026-03-06T20:00:00Z', '2026-03-07T01:00:00Z'),
  ];
}

function incident(incidentId: string, startedAt: string, resolvedAt: string) {
  return { type: 'incident', incidentId, status: 'resolved', startedAt, resolvedAt };
}

/** The order deliveries arrive in: as written, reversed, or interleaved from the middle. */
const ORDERS: Record<string, <T>(list: T[]) => T[]> = {
  'in order': (list) => list,
  reversed: (list) => [...list].reverse(),
  shuffled: (list) =>
    list
      .map((item, i) => ({ item, key: (i * 5 + 3) % 7 }))
      .sort((a, b) => a.key - b.key)
      .map((x) => x.item),
};

const POOLED = {
  deploymentFrequency: { deployments: 4, deploymentDays: 3, perDay: 4 / 7, level: 'high' },
  changeFailureRate: { failedDeployments: 2, deployments: 6, rate: 2 / 6 },
  failedDeploymentRecoveryTime: { medianSeconds: 10_800, failures: 2, recovered: 2, level: 'high' },
  timeToRestoreService: { medianSeconds: 10_800, incidents: 3, resolved: 3 },
  reworkRate: { reworkDeployments: 0, deployments: 4, rate: 0 },
};

describeEachDatabase('teams pool their projects’ events; the overview lists each project', ({ handle }) => {
  let t: TestApp;
  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: t.auth });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const post = async (url: string, payload: unknown) => {
    const res = await t.app.inject({ method: 'POST', url, headers: t.auth, payload: payload as object });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  async function projectWith(name: string, which: 'A' | 'B', order: <T>(list: T[]) => T[], timeZone = 'UTC') {
    const project = await post('/api/projects', { name, timeZone });
    const hook = await post(`/api/projects/${project.id}/webhooks`, { provider: 'generic' });
    for (const body of order(deliveries(which))) {
      const text = JSON.stringify(body);
      const res = await t.app.inject({
        method: 'POST',
        url: `/hooks/${hook.id}`,
        headers: genericHeaders(text, hook.secret),
        payload: text,
      });
      expect(res.json().outcome, res.body).toBe('accepted');
    }
    return project.id as string;
  }

  beforeAll(async () => {
    t = await buildTestApp(handle(), { start: Date.parse('2026-03-20T12:00:00Z') });
  });

  for (const [label, order] of Object.entries(ORDERS)) {
    describe(label, () => {
      let a: string;
      let b: string;
      let team: { id: string };
      beforeAll(async () => {
        a = await projectWith(`A ${label}`, 'A', order);
        b = await projectWith(`B ${label}`, 'B', order);
        team = await post('/api/teams', { name: `both ${label}`, projectIds: [a, b] });
      });

      it('pools the events: medians over the pooled values, distinct days, per-project streaks', async () => {
        const body = await get(`/api/teams/${team.id}/metrics?${WINDOW}`);
        expect(body).toMatchObject({ from: '2026-03-01T00:00:00.000Z', to: '2026-03-08T00:00:00.000Z', ...POOLED });
        expect(body.leadTimeForChanges).toMatchObject({ medianSeconds: 5400, commits: 6, deploymentsWithCommits: 4 });
        expect(body.changeFailureRate.causes).toMatchObject({ failed_status: 2 });
        // The per-project medians, and why pooling matters: their mean is not the pooled median.
        const medians = body.projects.map(
          (p: { leadTimeForChanges: { medianSeconds: number } }) => p.leadTimeForChanges.medianSeconds,
        );
        expect(body.projects.map((p: { projectId: string }) => p.projectId)).toEqual([a, b]);
        expect(medians).toEqual([3600, 43_200]);
        expect((medians[0] + medians[1]) / 2).toBe(23_400);
        expect(
          body.projects.map(
            (p: { failedDeploymentRecoveryTime: { medianSeconds: number } }) =>
              p.failedDeploymentRecoveryTime.medianSeconds,
          ),
        ).toEqual([7200, 14_400]);
        expect(
          body.projects.map(
            (p: { timeToRestoreService: { medianSeconds: number } }) => p.timeToRestoreService.medianSeconds,
          ),
        ).toEqual([3600, 14_400]);
      });

      it("gives, beside the pooled figures and in the overview, each project's own figures as its metrics endpoint does", async () => {
        const body = await get(`/api/teams/${team.id}/metrics?${WINDOW}`);
        const overview = await get(`/api/metrics?${WINDOW}`);
        for (const [i, id] of [a, b].entries()) {
          const { from, to, ...own } = await get(`/api/projects/${id}/metrics?${WINDOW}`);
          expect(body.projects[i]).toEqual({ projectId: id, ...own });
          const line = overview.projects.find((p: { projectId: string }) => p.projectId === id);
          expect(line).toEqual({ projectId: id, name: `${i === 0 ? 'A' : 'B'} ${label}`, from, to, ...own });
        }
      });

      it('gives the pooled figures per point in the series, the points adding up to the window', async () => {
        const series = await get(`/api/teams/${team.id}/metrics/series?${WINDOW}&interval=day`);
        expect(series.points).toHaveLength(7);
        const sum = (pick: (p: Record<string, Record<string, number>>) => number) =>
          series.points.reduce((s: number, p: Record<string, Record<string, number>>) => s + pick(p), 0);
        expect(sum((p) => p.deploymentFrequency?.deployments ?? 0)).toBe(4);
        expect(sum((p) => p.leadTimeForChanges?.commits ?? 0)).toBe(6);
        expect(sum((p) => p.changeFailureRate?.failedDeployments ?? 0)).toBe(2);
        // 03-03: A's commit of 1 h (at 14:00) and B's two of 24 h and 12 h (at 13:00): pooled median 12 h.
        expect(series.points[2].leadTimeForChanges).toMatchObject({ commits: 3, medianSeconds: 43_200 });
        const weekly = await get(`/api/teams/${team.id}/metrics/series?${WINDOW}&interval=week`);
        const {
          from: _f,
          to: _t,
          projects: _p,
          ...pooled
        } = await get(`/api/teams/${team.id}/metrics?from=2026-03-02&to=2026-03-08`);
        expect(weekly.points[1]).toMatchObject({ from: '2026-03-02T00:00:00.000Z', ...pooled });
      });
    });
  }

  it("reads the overview's dates in each project's time zone, the team's in the team's", async () => {
    const a = await projectWith('A in Paris', 'A', ORDERS['in order'] as <T>(l: T[]) => T[], 'Europe/Paris');
    const b = await projectWith('B in New York', 'B', ORDERS['in order'] as <T>(l: T[]) => T[], 'America/New_York');
    const overview = await get(`/api/metrics?${WINDOW}`);
    const lines = Object.fromEntries(
      overview.projects.map((p: { projectId: string; from: string }) => [p.projectId, p.from]),
    );
    expect([lines[a], lines[b]]).toEqual(['2026-02-28T23:00:00.000Z', '2026-03-01T05:00:00.000Z']);
    const team = await post('/api/teams', { name: 'zones', projectIds: [b, a] });
    expect(team.timeZone).toBe('America/New_York');
    const body = await get(`/api/teams/${team.id}/metrics?${WINDOW}`);
    expect(body.from).toBe('2026-03-01T05:00:00.000Z');
    // In New York, A's 03-02 12:00Z and 03-03 14:00Z, and B's 03-03 13:00Z and 03-04 13:00Z fall on 3 days still.
    expect(body.deploymentFrequency).toMatchObject({ deployments: 4, deploymentDays: 3 });
  });

  it("leaves out each project's excluded authors, by its own settings, in the pooled figures and the overview", async () => {
    const make = async (name: string, bot: string) => {
      const project = await post('/api/projects', { name });
      const hook = await post(`/api/projects/${project.id}/webhooks`, { provider: 'generic' });
      const body = genericDeployment({
        deploymentId: 'x1',
        sha: 'c'.repeat(40),
        finishedAt: '2026-03-02T12:00:00Z',
        commits: [
          { sha: 'a'.repeat(40), timestamp: '2026-03-02T11:00:00Z', author: { name: bot, email: 'bot@example.com' } },
          { sha: 'c'.repeat(40), timestamp: '2026-03-02T09:00:00Z', author: { name: 'Ada', email: 'ada@example.com' } },
        ],
      });
      const text = JSON.stringify(body);
      await t.app.inject({
        method: 'POST',
        url: `/hooks/${hook.id}`,
        headers: genericHeaders(text, hook.secret),
        payload: text,
      });
      return project.id as string;
    };
    // A excludes its "release-bot"; B keeps it (and excludes only the default *[bot]).
    const a = await make('A bots', 'release-bot');
    const b = await make('B bots', 'release-bot');
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/projects/${a}/settings`,
      headers: t.auth,
      payload: { leadTimeExcludedAuthors: ['release-bot'] },
    });
    expect(put.statusCode, put.body).toBe(200);
    const team = await post('/api/teams', { name: 'bots', projectIds: [a, b] });
    const body = await get(`/api/teams/${team.id}/metrics?${WINDOW}`);
    // A: Ada's 3 h only; B: 1 h and 3 h. Pooled: 3 h, 1 h, 3 h, median 3 h.
    expect(body.leadTimeForChanges).toMatchObject({ medianSeconds: 10_800, commits: 3, excludedCommits: 1 });
    const overview = await get(`/api/metrics?${WINDOW}`);
    for (const [i, id] of [a, b].entries()) {
      const { from: _f, to: _t, ...own } = await get(`/api/projects/${id}/metrics?${WINDOW}`);
      expect(body.projects[i]).toEqual({ projectId: id, ...own });
      expect(overview.projects.find((p: { projectId: string }) => p.projectId === id)).toMatchObject(own);
    }
    expect(body.projects[0].leadTimeForChanges).toMatchObject({
      commits: 1,
      excludedCommits: 1,
      medianSeconds: 10_800,
    });
  });
});
