import { beforeAll, expect, it } from 'vitest';
import { refreshStaleRepositories } from '../../src/ingest/refresh-lead-times.js';
import { leadTimeSummaries, leadTimeValuesOf } from '../../src/reports/lead-time-summaries.js';
import { loadWindowInput } from '../../src/reports/load-window-input.js';
import { projectFigures } from '../../src/reports/metrics.js';
import { githubDeploymentStatus, githubPush } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { statementCounter } from '../helpers/query-log.js';
import { type Delivery, replay } from './support/pull-request-week.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FROM = Date.parse('2026-01-05T00:00:00Z');
const TO = FROM + 120 * DAY;
const time = (ms: number) => new Date(ms).toISOString().replace('.000', '');
const sha = (n: number) => n.toString(16).padStart(40, 'b');
const REPOSITORY = 'acme/stretches';
/**
 * When each production deployment finishes, in days after FROM: the first week's bound (7 exactly), two in the
 * same second, a second before 60, and one before the window. The reads below are asked for stretches of one
 * deployment or a few characters of lead times, so that their bounds fall between most of these.
 */
const FINISHED_DAYS = [-3, 0.5, 7, 12, 29.9, 30, 30, 44, 60 - 1 / 86_400, 75, 90, 104, 119.9];
/** Stretches of about one deployment, and of about one lead time's characters. */
const ONE_DEPLOYMENT = 1;
const FEW_CHARACTERS = 5;

/** The median of `values` by a sort (the reference the reads' selection is checked against). */
function sortedMedian(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

describeEachDatabase('the figures read stretch by stretch', ({ dialect, handle, db }) => {
  let t: TestApp;
  let project: string;

  /** One repository: a push of 1 to 3 commits before each deployment, every commit a different lead time. */
  beforeAll(async () => {
    t = await buildTestApp(handle(), { start: TO + DAY });
    const deliveries: Delivery[] = [];
    let before = '0'.repeat(40);
    let n = 0;
    FINISHED_DAYS.forEach((days, p) => {
      const finished = FROM + Math.round(days * DAY);
      const commits = Array.from({ length: 1 + (p % 3) }, (_, c) => {
        n += 1;
        return { id: sha(n), timestamp: time(finished - (n * 7 + c) * HOUR), message: `change ${n}` };
      });
      const after = commits.at(-1)?.id as string;
      deliveries.push({
        event: 'push',
        body: githubPush({ repository: REPOSITORY, before, after, commits }),
        at: time(finished - HOUR),
        label: `push ${p}`,
      });
      before = after;
      deliveries.push({
        event: 'deployment_status',
        body: githubDeploymentStatus({
          deploymentId: 300 + p,
          statusId: 400 + p,
          state: 'success',
          createdAt: time(finished),
          environment: 'production',
          repository: REPOSITORY,
          sha: after,
        }),
        at: time(finished),
        label: `deployment ${p}`,
      });
    });
    project = await replay(t, deliveries);
    await refreshStaleRepositories(db(), project);
  });

  /** The brought commits' lead times of [from, to), straight from the cache's rows. */
  async function cachedLeadTimes(from: number, to: number): Promise<number[]> {
    const rows = await db()
      .selectFrom('deployment_commits')
      .select('lead_time_seconds')
      .where('project_id', '=', project)
      .where('finished_at', '>=', from)
      .where('finished_at', '<', to)
      .execute();
    return rows.map((row) => Number(row.lead_time_seconds));
  }

  const window = { from: FROM, to: TO, days: 120 };
  const inWindow = FINISHED_DAYS.filter((days) => days >= 0).map((days) => FROM + Math.round(days * DAY));

  it.each([
    ['stretches of about one deployment', ONE_DEPLOYMENT],
    ['the default stretches', undefined],
  ])('reads each deployment of the window once, in %s', async (_, size) => {
    const input = await loadWindowInput(db(), project, window, undefined, size);
    const read = input.deployments.flatMap((d) =>
      d.finishedAt !== null && d.finishedAt >= FROM ? [d.finishedAt] : [],
    );
    expect(read.sort((a, b) => a - b)).toEqual(inWindow);
    expect(new Set(input.deployments.map((d) => d.id)).size).toBe(input.deployments.length);
    expect([...input.broughtAt].sort((a, b) => a - b)).toEqual(inWindow);
  });

  it.each([
    ['stretches of a few characters', FEW_CHARACTERS],
    ['the default stretches', undefined],
  ])(
    'gives the median and count of the window’s brought commits that one sort of the cache’s rows gives, in %s',
    async (_, size) => {
      const values = await cachedLeadTimes(FROM, TO);
      expect(values.length).toBeGreaterThan(15);
      const [summary] = await leadTimeSummaries(db(), project, [FROM], TO, undefined, null, size);
      expect(summary).toEqual({ commits: values.length, medianSeconds: sortedMedian(values) });
    },
  );

  it('gives the figures of the window: every deployment counted, the median of every commit', async () => {
    const values = await cachedLeadTimes(FROM, TO);
    const figures = await projectFigures(db(), project, 'UTC', window);
    expect(figures.leadTimeForChanges.commits).toBe(values.length);
    expect(figures.leadTimeForChanges.medianSeconds).toBe(sortedMedian(values));
    expect(figures.deploymentFrequency.deployments).toBe(inWindow.length);
  });

  it.each([
    ['stretches of a few characters', FEW_CHARACTERS],
    ['the default stretches', undefined],
  ])('puts each commit in its bucket when buckets and stretches cross, in %s', async (_, size) => {
    // Buckets of 7 days from FROM + 1 day: none starts on the first stretch's bound.
    const starts = Array.from({ length: 17 }, (_, i) => FROM + DAY + i * 7 * DAY);
    const expected = await Promise.all(
      starts.map(async (start, i) => {
        const values = await cachedLeadTimes(start, starts[i + 1] ?? TO);
        return { commits: values.length, medianSeconds: sortedMedian(values) };
      }),
    );
    expect(await leadTimeSummaries(db(), project, starts, TO, undefined, null, size)).toEqual(expected);
    const pooled = (await leadTimeValuesOf(db(), [project], starts, TO, new Map([[project, null]]), size)).get(project);
    expect(pooled?.map((values) => ({ commits: values.length, medianSeconds: sortedMedian([...values]) }))).toEqual(
      expected,
    );
  });

  it(`reads the window in ${dialect === 'sqlite' ? 'as many statements as its stretches' : 'one statement, whatever the size asked'}`, async () => {
    const count = async (read: (on: ReturnType<typeof db>) => Promise<unknown>) => {
      const counter = statementCounter();
      await read(db().withPlugin(counter));
      return counter.count;
    };
    const deployments = (size?: number) => count((on) => loadWindowInput(on, project, window, undefined, size));
    const leadTimes = (size?: number) =>
      count((on) => leadTimeSummaries(on, project, [FROM], TO, undefined, null, size));
    if (dialect === 'sqlite') {
      // The first week, then the rest: the test's project is small.
      expect(await leadTimes()).toBe(2);
      expect(await leadTimes(FEW_CHARACTERS)).toBeGreaterThan(8);
      expect((await deployments(ONE_DEPLOYMENT)) - (await deployments())).toBeGreaterThan(6);
    } else {
      expect(await leadTimes()).toBe(1);
      expect(await leadTimes(FEW_CHARACTERS)).toBe(1);
      expect(await deployments(ONE_DEPLOYMENT)).toBe(await deployments());
    }
  });
});
