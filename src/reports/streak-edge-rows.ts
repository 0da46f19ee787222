import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { compareInStreakOrder } from '../metrics/index.js';

/** The look-ups around a window for streaks open at its edges (src/reports/load-window-input.ts). */

export interface StreakGroup {
  readonly projectId: string;
  readonly environmentId: string;
  readonly repository: string | null;
}

export interface EdgeRow {
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
export function lastBeforeQuery(db: Kysely<Database>, group: StreakGroup, lo: number, edge: number) {
  return edgeQuery(db, group, 'takesPart', 'before', lo, edge);
}

/** The rows that decide the group's first successful deployment at or after `hi` (see `lastBeforeQuery`). */
export function firstSuccessQuery(db: Kysely<Database>, group: StreakGroup, hi: number, edge: number) {
  return edgeQuery(db, group, 'recovers', 'from', hi, edge);
}

/**
 * The group's rows (`which`) nearest `at` on one side: before it (the latest, back to 999 ms before it) or at or
 * after it (the earliest, up to 999 ms after it). ORDER BY ... LIMIT 1 rather than max() or min(): an index scan that
 * stops at once, whatever the statistics say.
 */
function edgeQuery(
  db: Kysely<Database>,
  group: StreakGroup,
  which: 'takesPart' | 'recovers',
  side: 'before' | 'from',
  at: number,
  edge: number,
) {
  const before = side === 'before';
  const nearest = db
    .selectFrom('deployments')
    .select('finished_at')
    .where((eb) => inGroup(eb, group, which))
    .where('finished_at', before ? '<' : '>=', at)
    .orderBy('finished_at', before ? 'desc' : 'asc')
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
    .where((eb) => inGroup(eb, group, which))
    .where('finished_at', before ? '<' : '>=', at)
    .where(
      'finished_at',
      before ? '>=' : '<=',
      before ? sql<number>`(${nearest}) - 999` : sql<number>`(${nearest}) + 999`,
    );
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
export async function edgeRows(queries: readonly EdgeQuery[]): Promise<Map<number, EdgeQueryRow[]>> {
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
export function pick(rows: readonly EdgeQueryRow[], sign: 1 | -1): EdgeRow | null {
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
