import fc from 'fast-check';
import { expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { replay, shuffled, WEEK, WINDOW } from './support/pull-request-week.js';

/** Everything the endpoints say of the week: the window's figures, a daily series, and each deployment. */
async function everything(t: TestApp, project: string) {
  const get = async (url: string) => (await t.app.inject({ method: 'GET', url, headers: t.auth })).json();
  const metrics = await get(`/api/projects/${project}/metrics?${WINDOW}`);
  const series = await get(`/api/projects/${project}/metrics/series?${WINDOW}&interval=day`);
  const { deployments } = await get(`/api/projects/${project}/deployments?limit=50`);
  const brought: Record<string, unknown> = {};
  for (const d of deployments as {
    id: string;
    sha: string;
    commits: number | null;
    leadTimeSeconds: number | null;
  }[]) {
    brought[d.sha] = {
      commits: d.commits,
      leadTimeSeconds: d.leadTimeSeconds,
      list: await get(`/api/deployments/${d.id}/commits`),
    };
  }
  return { metrics, series, brought };
}

describeEachDatabase('arrival order never changes a figure, pull requests included', ({ handle }) => {
  it('any subset of the week, in two random orders: the same metrics, series and brought commits', async () => {
    const t = await buildTestApp(handle(), { start: Date.parse('2026-03-06T00:00:00Z') });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: WEEK.length, maxLength: WEEK.length }),
        fc.integer(),
        fc.integer(),
        async (keep, seedA, seedB) => {
          const subset = WEEK.filter((_, i) => keep[i] === true);
          const a = await everything(t, await replay(t, shuffled(subset, seedA)));
          const b = await everything(t, await replay(t, shuffled(subset, seedB)));
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 3 },
    );
    await t.app.close();
  }, 60_000);
});
