import { sql } from 'kysely';
import type { LeadTimeSummary } from '../../metrics/lead-time.js';
import type { CommitScopeOf, Dialect } from './dialect.js';

/**
 * PostgreSQL (pg): a round trip per statement, so the jobs of a batch run interleaved on one connection that sends
 * their statements together; concurrent writers (other processes), so `FOR SHARE` on the rows a write decides on;
 * named prepared statements; `json_agg`, which pg parses itself and which is null over no rows; the median is
 * `percentile_cont(0.5)` (for an even count the mean of the two middle values, in the same double precision), per
 * `width_bucket`.
 */
export const postgresDialect: Dialect = {
  groupCommit: 'interleaved',
  locksRowsForShare: true,
  namesPreparedStatements: true,
  readsInStretches: false,
  async migrationTableSchema(db) {
    return (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema;
  },
  jsonRows(columns) {
    return sql`json_agg(json_build_array(${sql.join(columns.map((column) => sql.ref(column)))}))`;
  },
  parseJsonRows<Row>(value: unknown): Row[] {
    if (value === null || value === undefined) return [];
    return (typeof value === 'string' ? JSON.parse(value) : value) as Row[];
  },
  async leadTimeSummaries(scopeOf: CommitScopeOf, starts: readonly number[], to: number): Promise<LeadTimeSummary[]> {
    const scope = scopeOf(starts[0] as number, to);
    const median = sql<number | null>`percentile_cont(0.5) within group (order by lead_time_seconds)`.as('median');
    if (starts.length === 1) {
      const row = await scope.select([(eb) => eb.fn.countAll<number>().as('commits'), median]).executeTakeFirst();
      return [summaryFromRow(row)];
    }
    const summaries: LeadTimeSummary[] = starts.map(() => ({ commits: 0, medianSeconds: null }));
    const rows = await scope
      .select([
        sql<number>`width_bucket(finished_at, cast(${[...starts]} as bigint[]))`.as('bucket'),
        (eb) => eb.fn.countAll<number>().as('commits'),
        median,
      ])
      .groupBy(sql`1`)
      .execute();
    for (const row of rows) summaries[Number(row.bucket) - 1] = summaryFromRow(row);
    return summaries;
  },
  async refreshStatistics(db, tables) {
    await sql`analyze ${sql.join(tables.map((table) => sql.table(table)))}`.execute(db);
  },
};

function summaryFromRow(row: { commits: number; median: number | null } | undefined): LeadTimeSummary {
  if (row === undefined || Number(row.commits) === 0 || row.median === null) return { commits: 0, medianSeconds: null };
  return { commits: Number(row.commits), medianSeconds: Number(row.median) };
}
