import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { dialectOf } from '../db/dialect/dialect.js';
import type { Database } from '../db/schema.js';
import {
  compareInStreakOrder,
  type MetricDeployment,
  type MetricsInput,
  type MetricWindow,
  openVerdictStreakEdges,
  storedVerdict,
} from '../metrics/index.js';

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
): Promise<WindowInput> {
  const environments = await db
    .selectFrom('environments')
    .select(['id', 'name'])
    .where('project_id', '=', projectId)
    .where('production', '=', 1)
    .execute();
  if (environments.length === 0) return { deployments: [], broughtAt: [] };
  const nameOf = new Map(environments.map((e) => [e.id, e.name]));
  const idOf = new Map(environments.map((e) => [e.name, e.id]));
  // Whole seconds: the streak order goes by the second, so [lo, hi) is a stretch of each group's order.
  const lo = Math.floor(window.from / 1000) * 1000;
  const hi = Math.ceil(window.to / 1000) * 1000;
  const dialect = dialectOf(db);
  let query = db
    .selectFrom('deployments as d')
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
        ])
        .as('rows'),
    )
    .where('d.project_id', '=', projectId)
    .where(
      'd.environment_id',
      'in',
      environments.map((e) => e.id),
    )
    .where('d.status', 'in', FINISHED)
    .where('d.pending_delete', '=', 0)
    .where('d.finished_at', '>=', lo)
    .where('d.finished_at', '<', hi);
  if (repository !== undefined) query = query.where('d.repository', '=', repository);
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
  ];
  const rows = dialect.parseJsonRows<Row>((await query.executeTakeFirst())?.rows);
  const deployments: MetricDeployment[] = [];
  const broughtAt: number[] = [];
  for (const row of rows) {
    const [id, repo, environmentId, status, finishedAt, changeFailure, commitsCount] = row;
    const [failureKinds, reworkKind, reworkOverride] = [row[7], row[8], row[9]];
    const mark = changeFailure === null ? null : changeFailure === 1;
    deployments.push({
      id,
      repository: repo,
      environment: nameOf.get(environmentId) as string,
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
    if (status === 'success' && commitsCount !== null && commitsCount > 0) broughtAt.push(finishedAt);
  }
  const edges = openVerdictStreakEdges(deployments);
  const groups = edges.map((edge) => ({
    projectId,
    environmentId: idOf.get(edge.environment) as string,
    repository: edge.repository,
  }));
  const [before, after] = await Promise.all([
    edgeRows(edges.flatMap((edge, i) => (edge.before ? [lastBeforeQuery(db, groups[i] as StreakGroup, lo, i)] : []))),
    edgeRows(edges.flatMap((edge, i) => (edge.after ? [firstSuccessQuery(db, groups[i] as StreakGroup, hi, i)] : []))),
  ]);
  edges.forEach((edge, i) => {
    for (const row of [pick(before.get(i) ?? [], 1), pick(after.get(i) ?? [], -1)]) {
      if (row === null) continue;
      const stored = { status: row.status, changeFailure: row.changeFailure, failureKinds: row.failureKinds };
      deployments.push({
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
  return { deployments, broughtAt };
}

interface StreakGroup {
  readonly projectId: string;
  readonly environmentId: string;
  readonly repository: string | null;
}

interface EdgeRow {
  readonly id: string;
  readonly status: 'success' | 'failure';
  readonly finishedAt: number;
  readonly changeFailure: boolean | null;
  readonly failureKinds: string | null;
}

/**
 * The group's deployments that take part in streaks by verdict (`takesPart`: every success, and a failure unless a
 * person marked it `false`; a failure's verdict is otherwise failed, `failed_status` always holding), or its
 * successes whose verdict is not failed (`recovers`: marked `false`, or unmarked with no cause found).
 */
function inGroup(eb: ExpressionBuilder<Database, 'deployments'>, group: StreakGroup, which: 'takesPart' | 'recovers') {
  return eb.and([
    eb('project_id', '=', group.projectId),
    eb('environment_id', '=', group.environmentId),
    group.repository === null ? eb('repository', 'is', null) : eb('repository', '=', group.repository),
    eb('pending_delete', '=', 0),
    which === 'takesPart'
      ? eb.or([
          eb('status', '=', 'success'),
          eb.and([
            eb('status', '=', 'failure'),
            eb.or([eb('change_failure', 'is', null), eb('change_failure', '=', 1)]),
          ]),
        ])
      : eb.and([
          eb('status', '=', 'success'),
          eb.or([
            eb('change_failure', '=', 0),
            eb.and([eb('change_failure', 'is', null), eb('failure_kinds', 'is', null)]),
          ]),
        ]),
  ]);
}

/**
 * The rows that decide the group's last successful or failed deployment before `lo`, in contract order: those of
 * the last millisecond found and the 999 before it (which hold its whole second); the order is decided in
 * TypeScript (`pick`). `edge` tags the rows with the group's place in the list.
 */
function lastBeforeQuery(db: Kysely<Database>, group: StreakGroup, lo: number, edge: number) {
  // ORDER BY ... LIMIT 1 rather than max(): a backward index scan that stops at once, whatever the statistics say.
  const latest = db
    .selectFrom('deployments')
    .select('finished_at')
    .where((eb) => inGroup(eb, group, 'takesPart'))
    .where('finished_at', '<', lo)
    .orderBy('finished_at', 'desc')
    .limit(1);
  return db
    .selectFrom('deployments')
    .select([
      'id',
      'status',
      'finished_at',
      'change_failure',
      'failure_kinds',
      sql<number>`${sql.lit(edge)}`.as('edge'),
    ])
    .where((eb) => inGroup(eb, group, 'takesPart'))
    .where('finished_at', '<', lo)
    .where('finished_at', '>=', sql<number>`(${latest}) - 999`);
}

/** The rows that decide the group's first successful deployment at or after `hi` (see `lastBeforeQuery`). */
function firstSuccessQuery(db: Kysely<Database>, group: StreakGroup, hi: number, edge: number) {
  const earliest = db
    .selectFrom('deployments')
    .select('finished_at')
    .where((eb) => inGroup(eb, group, 'recovers'))
    .where('finished_at', '>=', hi)
    .orderBy('finished_at')
    .limit(1);
  return db
    .selectFrom('deployments')
    .select([
      'id',
      'status',
      'finished_at',
      'change_failure',
      'failure_kinds',
      sql<number>`${sql.lit(edge)}`.as('edge'),
    ])
    .where((eb) => inGroup(eb, group, 'recovers'))
    .where('finished_at', '>=', hi)
    .where('finished_at', '<=', sql<number>`(${earliest}) + 999`);
}

type EdgeQuery = ReturnType<typeof lastBeforeQuery>;
type EdgeQueryRow = {
  id: string;
  status: string;
  finished_at: number | null;
  change_failure: number | null;
  failure_kinds: string | null;
  edge: number;
};

/**
 * The look-ups of several groups in one statement each 100 groups (`UNION ALL`; SQLite allows 500 parts): a window
 * can leave every group with a streak open at an edge, and a round trip per group adds up on PostgreSQL.
 */
async function edgeRows(queries: readonly EdgeQuery[]): Promise<Map<number, EdgeQueryRow[]>> {
  const byEdge = new Map<number, EdgeQueryRow[]>();
  for (let i = 0; i < queries.length; i += 100) {
    const [first, ...rest] = queries.slice(i, i + 100) as [EdgeQuery, ...EdgeQuery[]];
    const rows = await rest.reduce((union, query) => union.unionAll(query), first).execute();
    for (const row of rows) {
      const edge = Number(row.edge);
      const list = byEdge.get(edge) ?? [];
      list.push(row);
      byEdge.set(edge, list);
    }
  }
  return byEdge;
}

/** The row that comes last (`sign` 1) or first (`sign` −1) in contract order. */
function pick(rows: readonly EdgeQueryRow[], sign: 1 | -1): EdgeRow | null {
  let best: EdgeRow | null = null;
  for (const row of rows) {
    const candidate: EdgeRow = {
      id: row.id,
      status: row.status as 'success' | 'failure',
      finishedAt: row.finished_at as number,
      changeFailure: row.change_failure === null ? null : row.change_failure === 1,
      failureKinds: row.failure_kinds,
    };
    if (best === null || sign * compareInStreakOrder(candidate, best) > 0) best = candidate;
  }
  return best;
}
