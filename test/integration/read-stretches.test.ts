import type { KyselyPlugin } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { dialectOf, readStretches } from '../../src/db/dialect/dialect.js';
import { refreshStaleRepositories } from '../../src/ingest/refresh-lead-times.js';
import { leadTimeSummaries, leadTimeValuesOf } from '../../src/reports/lead-time-summaries.js';
import { loadWindowInput } from '../../src/reports/load-window-input.js';
import { projectFigures } from '../../src/reports/metrics.js';
import { githubDeploymentStatus, githubPush } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { type Delivery, replay } from './support/pull-request-week.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FROM = Date.parse('2026-01-05T00:00:00Z');
const TO = FROM + 120 * DAY;
const time = (ms: number) => new Date(ms).toISOString().replace('.000', '');
const sha = (n: number) => n.toString(16).padStart(40, 'b');
const REPOSITORY = 'acme/stretches';
/**
 * When each production deployment finishes, in days after FROM: on both sides of the 30-day stretch bounds
 * (30 and 90 exactly, a second before 60), two in the same second, and one before the window.
 */
const FINISHED_DAYS = [-3, 0.5, 12, 29.9, 30, 30, 44, 60 - 1 / 86_400, 75, 90, 104, 119.9];

/** Counts the statements run through a Kysely instance it is plugged into. */
function statementCounter(): KyselyPlugin & { count: number } {
  const counter = {
    count: 0,
    transformQuery: ({ node }: Parameters<KyselyPlugin['transformQuery']>[0]) => {
      counter.count += 1;
      return node;
    },
    transformResult: async ({ result }: Parameters<KyselyPlugin['transformResult']>[0]) => result,
  };
  return counter;
}

/** The median of `values` by a sort (the reference the reads' selection is checked against). */
function sortedMedian(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

describe('readStretches', () => {
  const dialect = { readStretchMs: 30 * DAY } as Parameters<typeof readStretches>[0];

  it('cuts a window into stretches of at most the dialect’s length that cover it once, in order', () => {
    expect(readStretches(dialect, FROM, FROM + 75 * DAY)).toEqual([
      [FROM, FROM + 30 * DAY],
      [FROM + 30 * DAY, FROM + 60 * DAY],
      [FROM + 60 * DAY, FROM + 75 * DAY],
    ]);
    expect(readStretches(dialect, FROM, FROM + 60 * DAY)).toHaveLength(2);
  });

  it('keeps a shorter window, an empty one and an unbounded length whole', () => {
    expect(readStretches(dialect, FROM, FROM + DAY)).toEqual([[FROM, FROM + DAY]]);
    expect(readStretches(dialect, FROM, FROM)).toEqual([[FROM, FROM]]);
    expect(readStretches({ readStretchMs: Number.POSITIVE_INFINITY } as typeof dialect, FROM, TO)).toEqual([
      [FROM, TO],
    ]);
  });
});

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

  it('reads each deployment of the window once, at the stretches’ bounds too', async () => {
    const input = await loadWindowInput(db(), project, { from: FROM, to: TO, days: 120 });
    const inWindow = FINISHED_DAYS.filter((days) => days >= 0).map((days) => FROM + Math.round(days * DAY));
    const read = input.deployments.filter((d) => d.finishedAt >= FROM).map((d) => d.finishedAt);
    expect(read.sort((a, b) => a - b)).toEqual(inWindow);
    expect(new Set(input.deployments.map((d) => d.id)).size).toBe(input.deployments.length);
    expect([...input.broughtAt].sort((a, b) => a - b)).toEqual(inWindow);
  });

  it('gives the median and count of every brought commit of the window, as one sort of the cache’s rows does', async () => {
    const values = await cachedLeadTimes(FROM, TO);
    expect(values.length).toBeGreaterThan(15);
    const [summary] = await leadTimeSummaries(db(), project, [FROM], TO);
    expect(summary).toEqual({ commits: values.length, medianSeconds: sortedMedian(values) });
    const figures = await projectFigures(db(), project, 'UTC', { from: FROM, to: TO, days: 120 });
    expect(figures.leadTimeForChanges.commits).toBe(values.length);
    expect(figures.leadTimeForChanges.medianSeconds).toBe(sortedMedian(values));
    expect(figures.deploymentFrequency.deployments).toBe(FINISHED_DAYS.filter((days) => days >= 0).length);
  });

  it('puts each commit in its bucket when buckets and stretches cross', async () => {
    // Buckets of 7 days from FROM + 1 day: none starts on a stretch's bound.
    const starts = Array.from({ length: 17 }, (_, i) => FROM + DAY + i * 7 * DAY);
    const summaries = await leadTimeSummaries(db(), project, starts, TO);
    const expected = await Promise.all(
      starts.map(async (start, i) => {
        const values = await cachedLeadTimes(start, starts[i + 1] ?? TO);
        return { commits: values.length, medianSeconds: sortedMedian(values) };
      }),
    );
    expect(summaries).toEqual(expected);
    const pooled = (await leadTimeValuesOf(db(), [project], starts, TO, new Map([[project, null]]))).get(project) ?? [];
    expect(pooled.map((values) => ({ commits: values.length, medianSeconds: sortedMedian([...values]) }))).toEqual(
      expected,
    );
  });

  it(`reads a window longer than a stretch in ${dialect === 'sqlite' ? 'several statements' : 'one statement'} each`, async () => {
    const short = statementCounter();
    const long = statementCounter();
    await projectFigures(db().withPlugin(short), project, 'UTC', { from: FROM, to: FROM + 20 * DAY, days: 20 });
    await projectFigures(db().withPlugin(long), project, 'UTC', { from: FROM, to: TO, days: 120 });
    const stretches = readStretches(dialectOf(db()), FROM, TO).length;
    expect(stretches).toBe(dialect === 'sqlite' ? 4 : 1);
    // The deployments and the lead times: one statement each per stretch (edge look-ups aside, the same in both).
    expect(long.count - short.count).toBe(2 * (stretches - 1));
  });
});
