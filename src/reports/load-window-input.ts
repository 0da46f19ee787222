import type { Kysely } from 'kysely';
import { dialectOf } from '../db/dialect/dialect.js';
import { inStretches } from '../db/read-stretches.js';
import type { Database } from '../db/schema.js';
import {
  type MetricDeployment,
  type MetricsInput,
  type MetricWindow,
  openVerdictStreakEdges,
  storedVerdict,
} from '../metrics/index.js';
import { edgeRows, firstSuccessQuery, lastBeforeQuery, pick, type StreakGroup } from './streak-edge-rows.js';

/**
 * About how many deployments one statement reads on SQLite (`inStretches`). Sized by 10,000, a stretch's statement
 * of the benchmark's large project took 6.6 ms on average, and its parsing as long again; a smaller stretch keeps
 * each block of the main thread to a few milliseconds.
 */
export const DEPLOYMENTS_PER_STATEMENT = 4_000;

const FINISHED = ['success', 'failure'] as const;

/** What the endpoints load for one window (see `loadWindowInput`). */
export interface WindowInput extends MetricsInput {
  /**
   * The `finishedAt` of each successful production deployment around the window that brought at least one
   * commit (`commits_count > 0`): `deploymentsWithCommits` counts them. The deployments carry no
   * `commitLeadTimes` (null): the lead times are summarized in SQL (`leadTimeSummaries`).
   */
  readonly broughtAt: readonly number[];
}

/**
 * The successful and failed production deployments of the window, widened to whole seconds, each with its stored
 * verdict (`storedVerdict`: the kinds the rules found, the rework, the persons' marks, all columns of the row), plus
 * what streaks by verdict need from outside it (`openVerdictStreakEdges` of src/metrics): for a group whose first
 * deployment there that takes part is a failed change, its last deployment before that takes part; for a group whose
 * last one is, its first success after whose verdict is not failed. With these, every figure over the window equals
 * that over all history, while reading only the window and at most two short look-ups per group with a streak open
 * at an edge.
 */
export async function loadWindowInput(
  db: Kysely<Database>,
  projectId: string,
  window: MetricWindow,
  repository?: string,
  deploymentsPerStatement = DEPLOYMENTS_PER_STATEMENT,
): Promise<WindowInput> {
  return (await loadWindowInputs(db, [projectId], window, repository, deploymentsPerStatement)).get(
    projectId,
  ) as WindowInput;
}

type Row = [
  string,
  string | null,
  string,
  'success' | 'failure',
  number,
  number | null,
  number | null,
  string | null,
  string | null,
  number | null,
  string,
];

/**
 * `loadWindowInput` of several projects over one window, in the same statements whatever their number (the overview
 * and a team read hundreds): the production environments, the deployments (one JSON array, each row tagged with its
 * project), the edges of every group of every project (`edgeRows`, 100 groups a statement). Groups never span
 * projects.
 */
export async function loadWindowInputs(
  db: Kysely<Database>,
  projectIds: readonly string[],
  window: MetricWindow,
  repository?: string,
  deploymentsPerStatement = DEPLOYMENTS_PER_STATEMENT,
): Promise<Map<string, WindowInput>> {
  const inputs = new Map<string, { deployments: MetricDeployment[]; broughtAt: number[] }>(
    projectIds.map((id) => [id, { deployments: [], broughtAt: [] }]),
  );
  if (projectIds.length === 0) return inputs;
  const environments = await db
    .selectFrom('environments')
    .select(['id', 'name'])
    .where('project_id', 'in', [...projectIds])
    .where('production', '=', 1)
    .execute();
  if (environments.length === 0) return inputs;
  const nameOf = new Map(environments.map((e) => [e.id, e.name]));
  // Whole seconds: the streak order goes by the second, so [lo, hi) is a stretch of each group's order.
  const lo = Math.floor(window.from / 1000) * 1000;
  const hi = Math.ceil(window.to / 1000) * 1000;
  const dialect = dialectOf(db);
  const environmentIds = environments.map((e) => e.id);
  const deployments = (from: number, until: number) => {
    const query = db
      // From each production environment to its deployments (by the index on project, environment and time): with
      // both as lists (`d.project_id in (...) and d.environment_id in (...)`) SQLite sought every pair of the two,
      // 40,000 seeks for 200 projects whatever the stretch (11 ms a statement of the overview).
      .selectFrom('environments as e')
      .innerJoin('deployments as d', (join) =>
        join.onRef('d.project_id', '=', 'e.project_id').onRef('d.environment_id', '=', 'e.id'),
      )
      .select(
        dialect
          .jsonRows([
            'd.id',
            'd.repository',
            'd.environment_id',
            'd.status',
            'd.finished_at',
            'd.change_failure',
            'd.commits_count',
            'd.failure_kinds',
            'd.rework_kind',
            'd.rework_override',
            'd.project_id',
          ])
          .as('rows'),
      )
      .where('e.id', 'in', environmentIds)
      .where('d.status', 'in', FINISHED)
      .where('d.pending_delete', '=', 0)
      .where('d.finished_at', '>=', from)
      .where('d.finished_at', '<', until);
    return repository === undefined ? query : query.where('d.repository', '=', repository);
  };
  const environmentIdOf = new Map<string, string>();
  // In stretches (`inStretches`): on SQLite a year in one statement held every other request.
  await inStretches(dialect, lo, hi, deploymentsPerStatement, async (from, until) => {
    const rows = dialect.parseJsonRows<Row>((await deployments(from, until).executeTakeFirst())?.rows);
    for (const row of rows) {
      const [id, repo, environmentId, status, finishedAt, changeFailure, commitsCount] = row;
      const [failureKinds, reworkKind, reworkOverride, projectId] = [row[7], row[8], row[9], row[10]];
      const input = inputs.get(projectId);
      if (input === undefined) continue;
      const mark = changeFailure === null ? null : changeFailure === 1;
      const environment = nameOf.get(environmentId) as string;
      environmentIdOf.set(`${projectId}\n${environment}`, environmentId);
      input.deployments.push({
        id,
        repository: repo,
        environment,
        production: true,
        status,
        finishedAt,
        changeFailure: mark,
        commitLeadTimes: null,
        ...storedVerdict({
          status,
          changeFailure: mark,
          failureKinds,
          reworkKind,
          reworkOverride: reworkOverride === null ? null : reworkOverride === 1,
        }),
      });
      if (status === 'success' && commitsCount !== null && commitsCount > 0) input.broughtAt.push(finishedAt);
    }
    return rows.length;
  });
  const edges = [...inputs].flatMap(([projectId, input]) =>
    openVerdictStreakEdges(input.deployments).map((edge) => ({ ...edge, projectId })),
  );
  const groups: StreakGroup[] = edges.map((edge) => ({
    projectId: edge.projectId,
    environmentId: environmentIdOf.get(`${edge.projectId}\n${edge.environment}`) as string,
    repository: edge.repository,
  }));
  const [before, after] = await Promise.all([
    edgeRows(edges.flatMap((edge, i) => (edge.before ? [lastBeforeQuery(db, groups[i] as StreakGroup, lo, i)] : []))),
    edgeRows(edges.flatMap((edge, i) => (edge.after ? [firstSuccessQuery(db, groups[i] as StreakGroup, hi, i)] : []))),
  ]);
  edges.forEach((edge, i) => {
    const input = inputs.get(edge.projectId);
    for (const row of [pick(before.get(i) ?? [], 1), pick(after.get(i) ?? [], -1)]) {
      if (row === null || input === undefined) continue;
      const stored = { status: row.status, changeFailure: row.changeFailure, failureKinds: row.failureKinds };
      input.deployments.push({
        id: row.id,
        repository: edge.repository,
        environment: edge.environment,
        production: true,
        status: row.status,
        finishedAt: row.finishedAt,
        changeFailure: row.changeFailure,
        commitLeadTimes: null,
        // Outside the window only the streaks read it: the rework does not count there.
        ...storedVerdict({ ...stored, reworkKind: null, reworkOverride: null }),
      });
    }
  });
  return inputs;
}
