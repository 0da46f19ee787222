import { expect, it } from 'vitest';
import { genericDeployment, genericHeaders } from '../factories/generic.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { DEPLOYED_SHAS, WINDOW as PR_WINDOW, replay, shuffled, WEEK } from './support/pull-request-week.js';

// The rows behind the figures that no other list gives (issue 20, the page's drill-down), on both databases:
// GET /api/projects/:id/metrics/streaks, GET /api/projects/:id/metrics/pull-requests and
// GET /api/deployments/:id/pull-requests, each hand-computed and checked against the figure it stands behind.

const HOUR = 3600;
const STREAK_WINDOW = 'from=2026-06-01T00:00:00Z&to=2026-06-08T00:00:00Z';

interface Sent {
  readonly name: string;
  readonly at: string;
  readonly repository?: string;
  readonly environment?: string;
  readonly status?: 'failure';
}

/**
 * Failure streaks of acme/shop and acme/api. x1..x3: a streak begun before the window (x1) that x2 extends and x3
 * ends: it does not start in the window, so it is not listed. s3 and s4 fail, s5 recovers: 10:00 → 12:00, 7,200 s.
 * s6 succeeds but a person marks it a failed change; s7 recovers it: 2,700 s. a1 fails in acme/api and a2 recovers
 * it after the window: 5 days, 432,000 s. s8 fails and nothing recovers it. A staging failure counts nowhere.
 * Median over 2,700, 7,200 and 432,000: 7,200 s; 4 streaks, 3 recovered.
 */
const SENT: readonly Sent[] = [
  { name: 'x1', at: '2026-05-31T22:00:00Z', status: 'failure' },
  { name: 'x2', at: '2026-06-01T01:00:00Z', status: 'failure' },
  { name: 'x3', at: '2026-06-01T02:00:00Z' },
  { name: 's3', at: '2026-06-02T10:00:00Z', status: 'failure' },
  { name: 's4', at: '2026-06-02T10:30:00Z', status: 'failure' },
  { name: 's5', at: '2026-06-02T12:00:00Z' },
  { name: 's6', at: '2026-06-03T09:00:00Z' },
  { name: 's7', at: '2026-06-03T09:45:00Z' },
  { name: 'a1', at: '2026-06-04T10:00:00Z', repository: 'acme/api', status: 'failure' },
  { name: 'st', at: '2026-06-05T10:00:00Z', environment: 'staging', status: 'failure' },
  { name: 's8', at: '2026-06-07T20:00:00Z', status: 'failure' },
  { name: 'a2', at: '2026-06-09T10:00:00Z', repository: 'acme/api' },
];

async function project(t: TestApp): Promise<{ id: string; send: (d: Sent) => Promise<void> }> {
  const id = (
    await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'drill' } })
  ).json().id as string;
  const hook = (
    await t.app.inject({
      method: 'POST',
      url: `/api/projects/${id}/webhooks`,
      headers: t.auth,
      payload: { provider: 'generic' },
    })
  ).json() as { id: string; secret: string };
  return {
    id,
    async send(d) {
      const text = JSON.stringify(
        genericDeployment({
          deploymentId: d.name,
          repository: d.repository ?? 'acme/shop',
          environment: d.environment ?? 'production',
          sha: `${(SENT.indexOf(d) + 1).toString(16).padStart(2, '0')}${'0'.repeat(38)}`,
          finishedAt: d.at,
          ...(d.status === undefined ? {} : { status: d.status }),
        }),
      );
      const res = await t.app.inject({
        method: 'POST',
        url: `/hooks/${hook.id}`,
        headers: genericHeaders(text, hook.secret),
        payload: text,
      });
      expect(res.json().outcome, d.name).toBe('accepted');
    },
  };
}

async function get(t: TestApp, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: t.auth });
  return { status: res.statusCode, json: res.json() };
}

/** Deployment ids by the name sent (matched by finish time). */
async function idsByName(t: TestApp, projectId: string): Promise<Map<string, string>> {
  const list = (await get(t, `/api/projects/${projectId}/deployments?limit=100`)).json.deployments as {
    id: string;
    finishedAt: string;
  }[];
  const ids = new Map<string, string>();
  for (const d of SENT) {
    const found = list.find((row) => row.finishedAt === `${d.at.slice(0, 19)}.000Z`);
    if (found) ids.set(d.name, found.id);
  }
  return ids;
}

describeEachDatabase('the rows behind the figures (issue 20)', ({ handle }) => {
  for (const [label, order] of [
    ['in order', SENT],
    ['reversed', [...SENT].reverse()],
  ] as const) {
    it(`the failure streaks of the window ${label}, as the recovery time figure counts them`, async () => {
      const t = await buildTestApp(handle(), { start: Date.parse('2026-06-10T00:00:00Z') });
      const p = await project(t);
      for (const d of order) await p.send(d);
      const ids = await idsByName(t, p.id);
      const id = (name: string) => ids.get(name) as string;
      const marked = await t.app.inject({
        method: 'PATCH',
        url: `/api/deployments/${id('s6')}`,
        headers: t.auth,
        payload: { changeFailure: true },
      });
      expect(marked.statusCode).toBe(200);

      const streaks = await get(t, `/api/projects/${p.id}/metrics/streaks?${STREAK_WINDOW}`);
      expect(streaks.status).toBe(200);
      expect(streaks.json).toEqual({
        from: '2026-06-01T00:00:00.000Z',
        to: '2026-06-08T00:00:00.000Z',
        streaks: [
          {
            repository: 'acme/shop',
            environment: 'production',
            startedAt: '2026-06-02T10:00:00.000Z',
            failureIds: [id('s3'), id('s4')],
            recoveryId: id('s5'),
            recoveredAt: '2026-06-02T12:00:00.000Z',
            recoverySeconds: 2 * HOUR,
          },
          {
            repository: 'acme/shop',
            environment: 'production',
            startedAt: '2026-06-03T09:00:00.000Z',
            failureIds: [id('s6')],
            recoveryId: id('s7'),
            recoveredAt: '2026-06-03T09:45:00.000Z',
            recoverySeconds: 2700,
          },
          {
            repository: 'acme/api',
            environment: 'production',
            startedAt: '2026-06-04T10:00:00.000Z',
            failureIds: [id('a1')],
            recoveryId: id('a2'),
            recoveredAt: '2026-06-09T10:00:00.000Z',
            recoverySeconds: 5 * 24 * HOUR,
          },
          {
            repository: 'acme/shop',
            environment: 'production',
            startedAt: '2026-06-07T20:00:00.000Z',
            failureIds: [id('s8')],
            recoveryId: null,
            recoveredAt: null,
            recoverySeconds: null,
          },
        ],
      });
      const figure = (await get(t, `/api/projects/${p.id}/metrics?${STREAK_WINDOW}`)).json.failedDeploymentRecoveryTime;
      expect(figure).toEqual({ medianSeconds: 2 * HOUR, failures: 4, recovered: 3, level: 'high' });

      const api = await get(t, `/api/projects/${p.id}/metrics/streaks?${STREAK_WINDOW}&repository=acme%2Fapi`);
      expect(api.json.streaks.map((s: { failureIds: string[] }) => s.failureIds)).toEqual([[id('a1')]]);
      // The default window, the 30 days ending with today (10 June), holds x1's streak too: 22:00 → 02:00, 4 h.
      const recent = await get(t, `/api/projects/${p.id}/metrics/streaks`);
      expect(recent.json.streaks).toHaveLength(5);
      expect(recent.json.streaks[0]).toMatchObject({ failureIds: [id('x1'), id('x2')], recoverySeconds: 4 * HOUR });
    });
  }

  it('refuses a bad window and an unknown project like the metrics do', async () => {
    const t = await buildTestApp(handle());
    const p = await project(t);
    const bad = await get(t, `/api/projects/${p.id}/metrics/streaks?from=2026-06-08&to=2026-06-01`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_request');
    expect((await get(t, `/api/projects/${p.id}/metrics/pull-requests?from=yesterday`)).status).toBe(400);
    expect((await get(t, '/api/projects/nope/metrics/streaks')).status).toBe(404);
    expect((await get(t, '/api/projects/nope/metrics/pull-requests')).status).toBe(404);
    expect((await get(t, '/api/deployments/nope/pull-requests')).status).toBe(404);
  });

  for (const [label, deliveries] of [
    ['in order', WEEK],
    ['shuffled', shuffled(WEEK, 20)],
  ] as const) {
    it(`the pull requests of the week ${label}, each with its stages; their medians are the figure's`, async () => {
      const t = await buildTestApp(handle(), { start: Date.parse('2026-03-06T00:00:00Z') });
      const projectId = await replay(t, deliveries);
      const list = (await get(t, `/api/projects/${projectId}/deployments?limit=50`)).json.deployments as {
        id: string;
        sha: string;
      }[];
      const deployment = (name: string) => list.find((d) => d.sha === DEPLOYED_SHAS[name])?.id as string;
      const url = (n: number) => `https://github.com/acme/checkout/pull/${n}`;
      const row = (
        n: number,
        title: string,
        times: { opened: string; merged: string; deployed: string; by: string },
        stages: [number | null, number, number],
      ) => ({
        repository: 'acme/checkout',
        number: n,
        title,
        url: url(n),
        openedAt: times.opened,
        mergedAt: times.merged,
        deploymentId: deployment(times.by),
        deployedAt: times.deployed,
        codingSeconds: stages[0],
        reviewSeconds: stages[1],
        deploySeconds: stages[2],
      });
      // #1: a1 09:00, opened 10:30, merged 12:00, D1 13:00. #2: b1 11:00, opened 12:15, merged 14:00, D2 15:00.
      // #3: c1 10:00, opened 11:00, merged 16:00, D3 17:00. #5: only the bot's commit (excluded: no coding),
      // opened 08:00, merged 09:00, D7 10:00 the next day.
      const expected = [
        row(
          1,
          'Retry the checkout client',
          {
            opened: '2026-03-02T10:30:00.000Z',
            merged: '2026-03-02T12:00:00.000Z',
            deployed: '2026-03-02T13:00:00.000Z',
            by: 'D1',
          },
          [1.5 * HOUR, 1.5 * HOUR, HOUR],
        ),
        row(
          2,
          'Cart totals',
          {
            opened: '2026-03-02T12:15:00.000Z',
            merged: '2026-03-02T14:00:00.000Z',
            deployed: '2026-03-02T15:00:00.000Z',
            by: 'D2',
          },
          [HOUR + 15 * 60, HOUR + 45 * 60, HOUR],
        ),
        row(
          3,
          'Address form',
          {
            opened: '2026-03-02T11:00:00.000Z',
            merged: '2026-03-02T16:00:00.000Z',
            deployed: '2026-03-02T17:00:00.000Z',
            by: 'D3',
          },
          [HOUR, 5 * HOUR, HOUR],
        ),
        row(
          5,
          'Bump undici',
          {
            opened: '2026-03-03T08:00:00.000Z',
            merged: '2026-03-03T09:00:00.000Z',
            deployed: '2026-03-03T10:00:00.000Z',
            by: 'D7',
          },
          [null, HOUR, HOUR],
        ),
      ];
      const window = await get(t, `/api/projects/${projectId}/metrics/pull-requests?${PR_WINDOW}`);
      expect(window.status).toBe(200);
      expect(window.json).toEqual({
        from: '2026-03-01T00:00:00.000Z',
        to: '2026-03-05T00:00:00.000Z',
        pullRequests: expected,
      });
      // The figure: 4 pull requests; coding median of 5,400, 4,500, 3,600 = 4,500; review of 3,600, 5,400, 6,300,
      // 18,000 = 5,850; deploy 3,600.
      const figure = (await get(t, `/api/projects/${projectId}/metrics?${PR_WINDOW}`)).json.leadTimeForChanges;
      expect(figure.pullRequests).toBe(expected.length);
      expect(figure.stages).toEqual({ codingSeconds: 4500, reviewSeconds: 5850, deploySeconds: HOUR });

      const ofD2 = await get(t, `/api/deployments/${deployment('D2')}/pull-requests`);
      expect(ofD2.json).toEqual({ pullRequests: [expected[1]] });
      expect((await get(t, `/api/deployments/${deployment('D4')}/pull-requests`)).json).toEqual({ pullRequests: [] });
      const other = await get(
        t,
        `/api/projects/${projectId}/metrics/pull-requests?${PR_WINDOW}&repository=acme%2Fother`,
      );
      expect(other.json.pullRequests).toEqual([]);
      // A window that ends before D3: #1 and #2 only.
      const early = await get(
        t,
        `/api/projects/${projectId}/metrics/pull-requests?from=2026-03-01T00:00:00Z&to=2026-03-02T16:00:00Z`,
      );
      expect(early.json.pullRequests.map((pr: { number: number }) => pr.number)).toEqual([1, 2]);
    });
  }
});
