import { expect, it } from 'vitest';
import { genericDeployment, genericHeaders } from '../factories/generic.js';
import { githubHeaders, githubPush } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

// The week (test/unit/metrics/detection-week.ts) sent through the real receivers, signed, on both databases:
// the stored verdicts, the deployments' answers and the figures, in order and shuffled; a rule turned off and a
// person's marks applied to all history at once; late data (a push revealing a revert, a deployment making a later
// one a rollback) recomputing what was stored.

const hex = (pair: string) => pair.repeat(20);
const REPO = 'acme/shop';
const WINDOW = 'from=2026-06-01T00:00:00Z&to=2026-06-08T00:00:00Z';

interface Sent {
  readonly id: string;
  readonly at: string;
  readonly sha: string;
  readonly ref: string;
  readonly status?: 'failure';
  readonly message?: string;
}

/** The week: d03 rolled back by d04, d05 a redeploy after it, d06 failed and retried by d07, d09 reverts d08, d11 fixes d10. */
const WEEK: readonly Sent[] = [
  { id: 'd01', at: '2026-06-01T09:00:00Z', sha: hex('a1'), ref: 'r1', message: 'Add cart' },
  { id: 'd02', at: '2026-06-01T15:00:00Z', sha: hex('b2'), ref: 'r2', message: 'Add checkout' },
  { id: 'd03', at: '2026-06-02T10:00:00Z', sha: hex('c3'), ref: 'r3', message: 'New pricing' },
  { id: 'd04', at: '2026-06-02T11:00:00Z', sha: hex('b2'), ref: 'r2' },
  { id: 'd05', at: '2026-06-03T09:00:00Z', sha: hex('c3'), ref: 'r3' },
  { id: 'd06', at: '2026-06-03T14:00:00Z', sha: hex('d4'), ref: 'r4', status: 'failure' },
  { id: 'd07', at: '2026-06-03T14:30:00Z', sha: hex('d4'), ref: 'r4', message: 'Add wishlist' },
  { id: 'd08', at: '2026-06-04T10:00:00Z', sha: hex('e5'), ref: 'r5', message: 'Add coupons' },
  {
    id: 'd09',
    at: '2026-06-04T16:00:00Z',
    sha: hex('f6'),
    ref: 'r6',
    message: `Revert "Add coupons"\n\nThis reverts commit ${hex('e5')}.`,
  },
  { id: 'd10', at: '2026-06-05T10:00:00Z', sha: hex('07'), ref: 'r7', message: 'Speed up search' },
  { id: 'd11', at: '2026-06-05T11:30:00Z', sha: hex('a8'), ref: 'hotfix/search', message: 'Fix search timeout' },
  { id: 'd12', at: '2026-06-05T17:00:00Z', sha: hex('b9'), ref: 'r8', message: 'Update docs' },
];

interface Setup {
  readonly t: TestApp;
  readonly project: string;
  readonly generic: (body: Record<string, unknown>) => Promise<void>;
  readonly push: (body: Record<string, unknown>) => Promise<void>;
}

async function setup(t: TestApp): Promise<Setup> {
  const project = (
    await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'week' } })
  ).json().id as string;
  const hook = async (provider: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${project}/webhooks`,
        headers: t.auth,
        payload: { provider },
      })
    ).json() as { id: string; secret: string };
  const [generic, github] = [await hook('generic'), await hook('github')];
  const post = async (id: string, text: string, headers: Record<string, string>) => {
    const res = await t.app.inject({ method: 'POST', url: `/hooks/${id}`, headers, payload: text });
    expect(res.json().outcome).toBe('accepted');
  };
  return {
    t,
    project,
    generic: (body) => post(generic.id, JSON.stringify(body), genericHeaders(JSON.stringify(body), generic.secret)),
    push: (body) => post(github.id, JSON.stringify(body), githubHeaders('push', JSON.stringify(body), github.secret)),
  };
}

function weekBody(d: Sent): Record<string, unknown> {
  return genericDeployment({
    deploymentId: d.id,
    repository: REPO,
    sha: d.sha,
    ref: d.ref,
    finishedAt: d.at,
    ...(d.status === undefined ? {} : { status: d.status }),
    // A deployment that brings its commit lists it, message included (generic `commits`).
    ...(d.message === undefined ? {} : { commits: [{ sha: d.sha, timestamp: d.at, message: d.message }] }),
  });
}

interface View {
  id: string;
  finishedAt: string;
  failedChange: boolean | null;
  failureCauses: { kind: string; by: string | null; detail: string }[];
  rework: { kind: string; of: string | null } | null;
  reworkOverride: boolean | null;
}

/** Every deployment's verdict keyed by its name in WEEK (matched by finish time), `by` and `of` named the same way. */
async function verdicts(s: Setup, sent: readonly Sent[] = WEEK) {
  const list = (
    await s.t.app.inject({ method: 'GET', url: `/api/projects/${s.project}/deployments`, headers: s.t.auth })
  ).json().deployments as View[];
  const nameOf = new Map(list.map((v) => [v.id, sent.find((d) => `${d.at.slice(0, 19)}.000Z` === v.finishedAt)?.id]));
  const name = (id: string | null) => (id === null ? null : (nameOf.get(id) ?? id));
  return {
    ids: new Map(list.map((v) => [name(v.id) as string, v.id])),
    byName: Object.fromEntries(
      list.map((v) => [
        name(v.id),
        {
          failedChange: v.failedChange,
          causes: v.failureCauses.map((c) => `${c.kind}:${name(c.by)}`),
          rework: v.rework === null ? null : `${v.rework.kind}:${name(v.rework.of)}`,
        },
      ]),
    ),
    details: list.flatMap((v) => v.failureCauses.map((c) => c.detail)),
  };
}

async function metrics(s: Setup) {
  const res = await s.t.app.inject({
    method: 'GET',
    url: `/api/projects/${s.project}/metrics?${WINDOW}`,
    headers: s.t.auth,
  });
  expect(res.statusCode).toBe(200);
  return res.json();
}

const ok = { failedChange: false, causes: [], rework: null };
const EXPECTED = {
  d01: ok,
  d02: ok,
  d03: { failedChange: true, causes: ['rollback:d04'], rework: null },
  d04: { ...ok, rework: 'rollback:d02' },
  d05: ok,
  d06: { failedChange: true, causes: ['failed_status:null'], rework: null },
  d07: ok,
  d08: { failedChange: true, causes: ['revert:d09'], rework: null },
  d09: { ...ok, rework: 'revert:d08' },
  d10: { failedChange: true, causes: ['hotfix:d11'], rework: null },
  d11: { ...ok, rework: 'hotfix:d10' },
  d12: ok,
};

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

describeEachDatabase('change failures and rework, detected (issue 16)', ({ handle }) => {
  for (const [label, order] of [
    ['in order', WEEK],
    ['shuffled', shuffled(WEEK, 7)],
    ['reversed', [...WEEK].reverse()],
  ] as const) {
    it(`the issue's week ${label}: 4/12 with one failure per cause, four streaks, rework 3/11`, async () => {
      const s = await setup(await buildTestApp(handle()));
      for (const d of order) await s.generic(weekBody(d));
      const found = await verdicts(s);
      expect(found.byName).toEqual(EXPECTED);
      expect(found.details).toContain('rolled back by the deployment of 2 Jun 2026 11:00 UTC to r2 (b2b2b2b)');
      const figures = await metrics(s);
      expect(figures.changeFailureRate).toEqual({
        failedDeployments: 4,
        deployments: 12,
        rate: 4 / 12,
        level: 'low',
        causes: { failed_status: 1, rollback: 1, revert: 1, hotfix: 1, incident: 0, manual: 0 },
      });
      // Streaks: d03 10:00→d04 11:00 (3,600), d06 14:00→d07 14:30 (1,800), d08 10:00→d09 16:00 (21,600),
      // d10 10:00→d11 11:30 (5,400): median of 1,800, 3,600, 5,400, 21,600 = 4,500.
      expect(figures.failedDeploymentRecoveryTime).toEqual({
        medianSeconds: 4500,
        failures: 4,
        recovered: 4,
        level: 'high',
      });
      expect(figures.reworkRate).toEqual({
        reworkDeployments: 3,
        deployments: 11,
        rate: 3 / 11,
        byKind: { rollback: 1, revert: 1, hotfix: 1, manual: 0 },
      });
      const series = (
        await s.t.app.inject({
          method: 'GET',
          url: `/api/projects/${s.project}/metrics/series?${WINDOW}&interval=day`,
          headers: s.t.auth,
        })
      ).json();
      const tuesday = series.points[1];
      expect(tuesday.changeFailureRate.causes.rollback).toBe(1);
      // Tuesday 2 June: d03 and d04, d04 the rollback.
      expect(tuesday.reworkRate).toMatchObject({ reworkDeployments: 1, deployments: 2 });
    });
  }

  it('a rule turned off and a person’s marks change all history at once', async () => {
    const s = await setup(await buildTestApp(handle()));
    for (const d of WEEK) await s.generic(weekBody(d));
    const put = await s.t.app.inject({
      method: 'PUT',
      url: `/api/projects/${s.project}/settings`,
      headers: s.t.auth,
      payload: { failureDetection: { rollback: true, revert: false, hotfixKeywords: ['hotfix'], incidents: true } },
    });
    expect(put.statusCode).toBe(200);
    const off = await verdicts(s);
    expect(off.byName.d08).toEqual(ok);
    expect(off.byName.d09).toEqual(ok);
    expect((await metrics(s)).changeFailureRate).toMatchObject({ failedDeployments: 3, causes: { revert: 0 } });

    const patch = (name: string, payload: Record<string, unknown>) =>
      s.t.app.inject({
        method: 'PATCH',
        url: `/api/deployments/${off.ids.get(name)}`,
        headers: s.t.auth,
        payload,
      });
    const judged = await patch('d03', { changeFailure: false });
    expect(judged.statusCode).toBe(200);
    // The person wins over the rollback; the cause stays listed.
    expect(judged.json()).toMatchObject({
      failedChange: false,
      changeFailure: false,
      failureCauses: [{ kind: 'rollback' }],
    });
    const manual = await patch('d05', { rework: true });
    expect(manual.json()).toMatchObject({ rework: { kind: 'manual', of: null }, reworkOverride: true });
    expect((await patch('d04', { rework: false })).json()).toMatchObject({ rework: null, reworkOverride: false });
    expect((await patch('d06', { rework: true })).statusCode).toBe(409);
    expect((await patch('d06', {})).statusCode).toBe(400);
    expect((await patch('d12', { changeFailure: true })).json()).toMatchObject({ failedChange: true });

    const figures = await metrics(s);
    // d06, d10 by rule, d12 by hand; d03 overruled.
    expect(figures.changeFailureRate).toMatchObject({
      failedDeployments: 3,
      causes: { failed_status: 1, rollback: 0, revert: 0, hotfix: 1, manual: 1 },
    });
    // d05 manual, d11 hotfix; d04 overruled.
    expect(figures.reworkRate).toMatchObject({
      reworkDeployments: 2,
      byKind: { rollback: 0, revert: 0, hotfix: 1, manual: 1 },
    });
    // d12 starts a streak no later success ends.
    expect(figures.failedDeploymentRecoveryTime).toMatchObject({ failures: 3, recovered: 2 });
  });

  it('a late push reveals a revert; a late deployment makes a later one a rollback', async () => {
    const s = await setup(await buildTestApp(handle()));
    const zero = '0'.repeat(40);
    const [base, coupons, revert] = [hex('11'), hex('22'), hex('33')];
    await s.push(
      githubPush({
        repository: REPO,
        before: zero,
        after: base,
        commits: [{ id: base, timestamp: '2026-05-01T09:00:00Z' }],
      }),
    );
    await s.push(
      githubPush({
        repository: REPO,
        before: base,
        after: coupons,
        commits: [{ id: coupons, timestamp: '2026-06-01T08:00:00Z', message: 'Add coupons' }],
      }),
    );
    const sent: Sent[] = [
      { id: 'v1', at: '2026-06-01T10:00:00Z', sha: coupons, ref: 'main' },
      { id: 'v2', at: '2026-06-02T10:00:00Z', sha: revert, ref: 'main' },
    ];
    for (const d of sent) await s.generic(weekBody(d));
    expect((await verdicts(s, sent)).byName.v1).toEqual(ok);
    // The push naming the revert's message arrives after both deployments.
    await s.push(
      githubPush({
        repository: REPO,
        before: coupons,
        after: revert,
        commits: [
          {
            id: revert,
            timestamp: '2026-06-02T09:00:00Z',
            message: `Revert\n\nThis reverts commit ${coupons.slice(0, 7)}.`,
          },
        ],
      }),
    );
    const late = await verdicts(s, sent);
    expect(late.byName.v1).toEqual({ failedChange: true, causes: ['revert:v2'], rework: null });
    expect(late.byName.v2).toEqual({ ...ok, rework: 'revert:v1' });

    // r1, then r1 again: no rollback (the latest success has the same sha) until r2 arrives between them.
    const more: Sent[] = [
      { id: 'w1', at: '2026-06-03T10:00:00Z', sha: hex('44'), ref: 'r1' },
      { id: 'w3', at: '2026-06-03T12:00:00Z', sha: hex('44'), ref: 'r1' },
    ];
    for (const d of more) await s.generic(weekBody(d));
    expect((await verdicts(s, more)).byName.w3).toEqual(ok);
    const w2: Sent = { id: 'w2', at: '2026-06-03T11:00:00Z', sha: hex('55'), ref: 'r2' };
    await s.generic(weekBody(w2));
    const after = await verdicts(s, [...more, w2]);
    expect(after.byName.w2).toEqual({ failedChange: true, causes: ['rollback:w3'], rework: null });
    expect(after.byName.w3).toEqual({ ...ok, rework: 'rollback:w1' });
  });
});
