import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { genericHeaders } from '../factories/generic.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

/** A guard against a hang, not a speed target (see metrics-properties.test.ts). */
const PROPERTY_TIMEOUT_MS = 120_000;
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');

/** Generic deployments (with their commits) and incidents, few minutes of the day so that streaks and ties occur. */
const history = fc
  .record({
    timeZone: fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata'),
    deployments: fc.array(
      fc.record({
        repo: fc.integer({ min: 0, max: 1 }),
        env: fc.constantFrom('production', 'production', 'staging'),
        status: fc.constantFrom('success', 'success', 'failure'),
        day: fc.integer({ min: 0, max: 20 }),
        minute: fc.integer({ min: 0, max: 3 }),
        commitHours: fc.array(fc.integer({ min: 0, max: 90 }), { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 14 },
    ),
    incidents: fc.array(
      fc.record({ day: fc.integer({ min: 0, max: 20 }), hours: fc.option(fc.integer({ min: 0, max: 30 })) }),
      { maxLength: 4 },
    ),
  })
  .map(({ timeZone, deployments, incidents }) => {
    let commit = 0;
    const bodies: Record<string, unknown>[] = deployments.map((d, i) => {
      const finishedAt = T0 + d.day * DAY + d.minute * 60_000;
      const commits = d.commitHours.map((h) => ({
        sha: (++commit).toString(16).padStart(40, '0'),
        timestamp: iso(finishedAt - h * 3_600_000),
      }));
      return {
        deploymentId: `d${i}`,
        repository: `acme/r${d.repo}`,
        environment: d.env,
        status: d.status,
        sha: (commits.at(-1)?.sha ?? `${i}`.padStart(40, 'f')).toString(),
        finishedAt: iso(finishedAt),
        commits,
      };
    });
    incidents.forEach((incident, i) => {
      const startedAt = T0 + incident.day * DAY + 7_200_000;
      bodies.push({
        type: 'incident',
        incidentId: `i${i}`,
        status: incident.hours === null ? 'open' : 'resolved',
        startedAt: iso(startedAt),
        ...(incident.hours === null ? {} : { resolvedAt: iso(startedAt + incident.hours * 3_600_000) }),
      });
    });
    return { timeZone, bodies };
  });

describeEachDatabase('a team of one project', ({ handle }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(handle(), { start: T0 + 40 * DAY });
  });
  const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: t.auth, ...(payload === undefined ? {} : { payload }) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };

  it(
    "has that project's figures, for a window and for each point of a series",
    async () => {
      await fc.assert(
        fc.asyncProperty(history, async ({ timeZone, bodies }) => {
          const project = await call('POST', '/api/projects', { name: 'p', timeZone });
          const hook = await call('POST', `/api/projects/${project.id}/webhooks`, { provider: 'generic' });
          for (const body of bodies) {
            const text = JSON.stringify(body);
            const res = await t.app.inject({
              method: 'POST',
              url: `/hooks/${hook.id}`,
              headers: genericHeaders(text, hook.secret),
              payload: text,
            });
            expect(res.statusCode, res.body).toBe(200);
          }
          const team = await call('POST', '/api/teams', { name: 't', projectIds: [project.id] });
          expect(team.timeZone).toBe(timeZone);
          for (const window of ['from=2026-01-01&to=2026-02-01', 'from=2026-01-08&to=2026-01-15', '']) {
            const own = await call('GET', `/api/projects/${project.id}/metrics?${window}`);
            const { projects, ...pooled } = await call('GET', `/api/teams/${team.id}/metrics?${window}`);
            expect(pooled).toEqual(own);
            const { from: _from, to: _to, ...figures } = own;
            expect(projects).toEqual([{ projectId: project.id, ...figures }]);
          }
          for (const interval of ['day', 'week']) {
            const query = `from=2026-01-01&to=2026-02-01&interval=${interval}`;
            expect(await call('GET', `/api/teams/${team.id}/metrics/series?${query}`)).toEqual(
              await call('GET', `/api/projects/${project.id}/metrics/series?${query}`),
            );
          }
        }),
        { numRuns: 10 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
