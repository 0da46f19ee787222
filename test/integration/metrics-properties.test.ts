import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { FAILURE_CAUSE_KINDS } from '../../src/domain/index.js';
import {
  computeMetrics,
  computeSeries,
  leadTime,
  parseWindow,
  SERIES_INTERVALS,
  windowBetween,
} from '../../src/metrics/index.js';
import { githubDeploymentStatus, githubHeaders, githubIssue, githubPush } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { leadTimeInDatabase, loadMetricsInput } from '../helpers/metrics-reference.js';

/**
 * Each property sends many generated histories through the HTTP API and database: a guard against a hang, not a
 * speed target (speeds live in `npm run bench`). Version 2's reads (verdicts, pull requests, incidents) and two test
 * workers on two cores made the default 30 s too tight on PostgreSQL.
 */
const PROPERTY_TIMEOUT_MS = 120_000;

const sha = (repo: number, n: number) => `${repo}`.padStart(2, '0') + n.toString(16).padStart(38, '0');
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T00:00:00Z');

interface Message {
  event: string;
  body: Record<string, unknown>;
}

/**
 * A random but well-formed history: per repository a chain of pushes, and deployments of pushed commits, over
 * `days` days at `minutes` distinct minutes of the day (few minutes: many deployments share a second); with
 * `incidents`, GitHub issues labelled `incident` (opened, some closed, some unlabelled later) among them.
 */
const makeHistory = (options: { days: number; minutes: number; deployments: number; incidents?: boolean }) =>
  fc
    .record({
      incidents: fc.array(
        fc.record({
          repo: fc.integer({ min: 0, max: 1 }),
          dayOffset: fc.integer({ min: 0, max: options.days }),
          minute: fc.integer({ min: 0, max: 1439 }),
          closedAfterMinutes: fc.option(fc.integer({ min: 1, max: 600 }), { nil: null }),
          unlabelled: fc.boolean(),
        }),
        { maxLength: options.incidents === true ? 5 : 0 },
      ),
      repos: fc.integer({ min: 1, max: 2 }),
      pushes: fc.array(
        fc.record({
          repo: fc.integer({ min: 0, max: 1 }),
          commits: fc.integer({ min: 1, max: 4 }),
          gapHours: fc.integer({ min: 1, max: 72 }),
        }),
        { minLength: 1, maxLength: 8 },
      ),
      deployments: fc.array(
        fc.record({
          repo: fc.integer({ min: 0, max: 1 }),
          env: fc.constantFrom('production', 'production', 'staging', 'prod-eu'),
          states: fc.array(fc.constantFrom('success', 'failure', 'in_progress', 'error'), {
            minLength: 1,
            maxLength: 3,
          }),
          pick: fc.nat(),
          dayOffset: fc.integer({ min: 0, max: options.days }),
          minute: fc.integer({ min: 0, max: options.minutes - 1 }),
        }),
        { minLength: 1, maxLength: options.deployments },
      ),
    })
    .map(({ repos, pushes, deployments, incidents }) => {
      const messages: Message[] = [];
      const heads: string[][] = [[], []];
      const counters = [0, 0];
      const clocks = [T0, T0];
      for (const p of pushes) {
        const repo = p.repo % repos;
        const repository = `acme/r${repo}`;
        const before = heads[repo]?.at(-1) ?? sha(repo, 0xfff);
        const commits: { id: string; timestamp: string }[] = [];
        for (let i = 0; i < p.commits; i += 1) {
          counters[repo] = (counters[repo] ?? 0) + 1;
          clocks[repo] = (clocks[repo] ?? T0) + p.gapHours * 3_600_000;
          commits.push({
            id: sha(repo, counters[repo] as number),
            timestamp: new Date(clocks[repo] as number).toISOString().replace('.000', ''),
          });
        }
        heads[repo]?.push(...commits.map((c) => c.id));
        messages.push({
          event: 'push',
          body: githubPush({ repository, before, after: commits.at(-1)?.id ?? before, commits }),
        });
      }
      let statusId = 1;
      deployments.forEach((d, index) => {
        const repo = d.repo % repos;
        const shas = heads[repo] ?? [];
        const deployed = shas.length === 0 ? sha(repo, 0xeee) : (shas[d.pick % shas.length] as string);
        d.states.forEach((state, i) => {
          const at = new Date(T0 + d.dayOffset * DAY + d.minute * 60_000 + i * 600_000)
            .toISOString()
            .replace('.000', '');
          messages.push({
            event: 'deployment_status',
            body: githubDeploymentStatus({
              deploymentId: 1000 + index,
              statusId: statusId++,
              state,
              createdAt: at,
              environment: d.env,
              repository: `acme/r${repo}`,
              sha: deployed,
            }),
          });
        });
      });
      incidents.forEach((incident, index) => {
        const repository = `acme/r${incident.repo % repos}`;
        const created = T0 + incident.dayOffset * DAY + incident.minute * 60_000;
        const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
        const base = { id: 7000 + index, repository, labels: ['incident'], createdAt: iso(created) };
        messages.push({ event: 'issues', body: githubIssue({ ...base, action: 'opened', updatedAt: iso(created) }) });
        if (incident.closedAfterMinutes !== null) {
          const closed = iso(created + incident.closedAfterMinutes * 60_000);
          messages.push({
            event: 'issues',
            body: githubIssue({ ...base, action: 'closed', updatedAt: closed, closedAt: closed }),
          });
        }
        if (incident.unlabelled) {
          const later = iso(created + 700 * 60_000);
          messages.push({
            event: 'issues',
            body: githubIssue({ ...base, action: 'unlabeled', labels: [], updatedAt: later }),
          });
        }
      });
      return messages;
    });

const history = makeHistory({ days: 40, minutes: 1440, deployments: 12 });
/** With incidents: their attribution and the verdicts' `incident` cause must not depend on the order either. */
const historyWithIncidents = makeHistory({ days: 6, minutes: 1440, deployments: 12, incidents: true });
/** Streaks and ties: up to 20 deployments over a week, at four minutes of the day. */
const denseHistory = makeHistory({ days: 6, minutes: 4, deployments: 20 });
/** Ties above all: up to 20 deployments on two days, at two minutes of the day. */
const tieHistory = makeHistory({ days: 1, minutes: 2, deployments: 20 });

describeEachDatabase('metrics properties', ({ handle, db }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(handle(), { start: T0 + 60 * DAY });
  });

  async function project(messages: readonly Message[]): Promise<string> {
    const id = (
      await t.app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: t.auth,
        payload: { name: 'p', timeZone: 'America/New_York' },
      })
    ).json().id;
    await t.app.inject({
      method: 'PUT',
      url: `/api/projects/${id}/environments/prod-eu`,
      headers: t.auth,
      payload: { production: true },
    });
    const hook = (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${id}/webhooks`,
        headers: t.auth,
        payload: { provider: 'github' },
      })
    ).json();
    for (const m of messages) {
      const body = JSON.stringify(m.body);
      const res = await t.app.inject({
        method: 'POST',
        url: `/hooks/${hook.id}`,
        headers: githubHeaders(m.event, body, hook.secret),
        payload: body,
      });
      expect(res.statusCode).toBe(200);
    }
    return id;
  }

  const read = async (id: string) => {
    const windows = ['from=2026-01-01&to=2026-03-01', 'from=2026-01-20&to=2026-02-03'];
    const metrics = [];
    for (const w of windows) {
      const m = (
        await t.app.inject({ method: 'GET', url: `/api/projects/${id}/metrics?${w}`, headers: t.auth })
      ).json();
      metrics.push({ ...m });
    }
    const list = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${id}/deployments?limit=500`, headers: t.auth })
    ).json();
    const incidentList = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${id}/incidents?limit=500`, headers: t.auth })
    ).json().incidents as { id: string; title: string; deploymentId: string | null }[];
    // Ids differ between projects: a cause's `by` and an incident's deployment are named by what they are.
    const kindRank = (kind: string) => FAILURE_CAUSE_KINDS.indexOf(kind as (typeof FAILURE_CAUSE_KINDS)[number]);
    const names = new Map<string, string>([
      ...list.deployments.map((d: { id: string; finishedAt: string; sha: string; status: string }) => [
        d.id,
        `${d.finishedAt} ${d.sha} ${d.status}`,
      ]),
      ...incidentList.map((i): [string, string] => [i.id, i.title]),
    ]);
    const name = (value: unknown) => (typeof value === 'string' ? (names.get(value) ?? value) : value);
    const incidents = incidentList
      .map((i) => ({ ...i, id: undefined, webhookId: undefined, deploymentId: name(i.deploymentId) }))
      .sort((a, b) => a.title.localeCompare(b.title));
    const deployments = list.deployments
      .map(
        (
          d: Record<string, unknown> & {
            failureCauses: { kind: string; by: string | null }[];
            rework: { of: string } | null;
          },
        ) => ({
          ...d,
          id: undefined,
          webhookId: undefined,
          // Within one kind the causes go by `by`, an id: two incidents' ids follow the order they arrived in, so
          // the causes are compared by kind and then by what names them.
          failureCauses: d.failureCauses
            .map((c) => ({ ...c, by: name(c.by) }))
            .sort((x, y) => kindRank(x.kind) - kindRank(y.kind) || String(x.by).localeCompare(String(y.by))),
          rework: d.rework === null ? null : { ...d.rework, of: name(d.rework.of) },
        }),
      )
      .sort(
        (
          a: { sha: string; finishedAt: string | null; status: string },
          b: { sha: string; finishedAt: string | null; status: string },
        ) => `${a.finishedAt}${a.sha}${a.status}`.localeCompare(`${b.finishedAt}${b.sha}${b.status}`),
      );
    return { metrics, deployments, incidents };
  };

  it(
    'the figures do not depend on the order in which the deliveries arrived',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(history, historyWithIncidents), fc.integer(), async (messages, seed) => {
          const shuffled =
            fc.sample(fc.shuffledSubarray(messages, { minLength: messages.length, maxLength: messages.length }), {
              seed,
              numRuns: 1,
            })[0] ?? messages;
          const a = await project(messages);
          const b = await project(shuffled);
          expect(await read(b)).toEqual(await read(a));
        }),
        { numRuns: 12 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'SQL and TypeScript give the same lead time on generated data',
    async () => {
      await fc.assert(
        fc.asyncProperty(history, async (messages) => {
          const id = await project(messages);
          await t.app.inject({ method: 'GET', url: `/api/projects/${id}/metrics`, headers: t.auth });
          for (const [from, to] of [
            [T0 - DAY, T0 + 60 * DAY],
            [T0 + 10 * DAY, T0 + 17 * DAY],
          ] as const) {
            const window = windowBetween(from, to, 'UTC');
            const input = await loadMetricsInput(db(), id, { leadTimesIn: window });
            expect(await leadTimeInDatabase(db(), id, window)).toEqual(leadTime(input.deployments, window));
          }
        }),
        { numRuns: 10 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  /** A window end near a deployment (within 1.5 s of a whole minute from T0), or anywhere in the history. */
  const instant = fc.oneof(
    fc
      .tuple(fc.integer({ min: -1440, max: 41 * 1440 }), fc.integer({ min: -1500, max: 1500 }))
      .map(([minute, ms]) => T0 + minute * 60_000 + ms),
    fc.integer({ min: T0 - DAY, max: T0 + 41 * DAY }),
  );
  const windows = fc.array(
    fc.tuple(instant, instant).filter(([a, b]) => a !== b),
    { minLength: 1, maxLength: 4 },
  );

  it(
    'reading one window gives the figures of src/metrics over all history (streaks across its edges, ms times)',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(history, denseHistory, tieHistory),
          windows,
          fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 7 }),
          fc.constantFrom(undefined, 'acme/r0', 'acme/r1'),
          fc.constantFrom(...SERIES_INTERVALS),
          async (messages, ends, shifts, repository, interval) => {
            const id = await project(messages);
            await t.app.inject({ method: 'GET', url: `/api/projects/${id}/metrics`, headers: t.auth });
            // Finished times with milliseconds (the contract keeps seconds, but the storage takes any): ties within a
            // second across the window's edges. The cache of brought commits follows its deployments.
            const rows = await db()
              .selectFrom('deployments')
              .select(['id', 'finished_at'])
              .where('project_id', '=', id)
              .where('finished_at', 'is not', null)
              .orderBy('id')
              .execute();
            for (const [i, row] of rows.entries()) {
              const finishedAt = (row.finished_at as number) + (shifts[i % shifts.length] as number);
              await db().updateTable('deployments').set({ finished_at: finishedAt }).where('id', '=', row.id).execute();
              await db()
                .updateTable('deployment_commits')
                .set({ finished_at: finishedAt })
                .where('deployment_id', '=', row.id)
                .execute();
            }
            for (const [a, b] of ends) {
              const [from, to] = [new Date(Math.min(a, b)).toISOString(), new Date(Math.max(a, b)).toISOString()];
              const query = `from=${from}&to=${to}${repository === undefined ? '' : `&repository=${repository}`}`;
              const parsed = parseWindow({ from, to }, 'America/New_York', t.now());
              if (!parsed.ok) throw new Error(parsed.message);
              const window = parsed.window;
              const input = await loadMetricsInput(db(), id, { repository, leadTimesIn: window });
              const iso = (instant: number) => new Date(instant).toISOString();

              const metrics = await t.app.inject({
                method: 'GET',
                url: `/api/projects/${id}/metrics?${query}`,
                headers: t.auth,
              });
              const expected = computeMetrics(input, window, 'America/New_York');
              expect(metrics.json()).toEqual({ ...expected, from: iso(expected.from), to: iso(expected.to) });

              const series = await t.app.inject({
                method: 'GET',
                url: `/api/projects/${id}/metrics/series?${query}&interval=${interval}`,
                headers: t.auth,
              });
              const expectedSeries = computeSeries(input, window, interval, 'America/New_York');
              expect(series.json()).toEqual({
                ...expectedSeries,
                from: iso(expectedSeries.from),
                to: iso(expectedSeries.to),
                points: expectedSeries.points.map((p) => ({ ...p, from: iso(p.from), to: iso(p.to) })),
              });
            }
          },
        ),
        { numRuns: 40 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'marking an environment non-production removes exactly its deployments from the deployment counts',
    async () => {
      await fc.assert(
        fc.asyncProperty(history, async (messages) => {
          const id = await project(messages);
          const w = 'from=2026-01-01&to=2026-03-01';
          const before = (
            await t.app.inject({ method: 'GET', url: `/api/projects/${id}/metrics?${w}`, headers: t.auth })
          ).json();
          const eu = (
            await t.app.inject({
              method: 'GET',
              url: `/api/projects/${id}/deployments?environment=prod-eu&from=2026-01-01&to=2026-03-01&limit=500`,
              headers: t.auth,
            })
          ).json().deployments as { status: string }[];
          await t.app.inject({
            method: 'PUT',
            url: `/api/projects/${id}/environments/PROD-EU`,
            headers: t.auth,
            payload: { production: false },
          });
          const after = (
            await t.app.inject({ method: 'GET', url: `/api/projects/${id}/metrics?${w}`, headers: t.auth })
          ).json();
          const successes = eu.filter((d) => d.status === 'success').length;
          const failures = eu.filter((d) => d.status === 'failure').length;
          expect(before.deploymentFrequency.deployments - after.deploymentFrequency.deployments).toBe(successes);
          expect(before.changeFailureRate.deployments - after.changeFailureRate.deployments).toBe(successes + failures);
        }),
        { numRuns: 10 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
