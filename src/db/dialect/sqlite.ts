import { sql } from 'kysely';
import type { LeadTimeSummary } from '../../metrics/lead-time.js';
import { medianInPlace } from '../../metrics/median.js';
import { parseIntegerLists } from '../../metrics/parse-integer-lists.js';
import type { CommitScope, Dialect } from './dialect.js';

/**
 * SQLite (better-sqlite3): one writer, so group commit with a savepoint per job and no row locks; `json_group_array`, whose result is a
 * text; no percentile function, so the lead times of a bucket come back as one comma-separated text, read from the
 * covering index `deployment_commits_window`, and the median is a selection in TypeScript.
 */
export const sqliteDialect: Dialect = {
  groupCommit: 'savepoints',
  locksRowsForShare: false,
  namesPreparedStatements: false,
  migrationTableSchema: async () => undefined,
  jsonRows(columns) {
    return sql`json_group_array(json_array(${sql.join(columns.map((column) => sql.ref(column)))}))`;
  },
  parseJsonRows<Row>(value: unknown): Row[] {
    if (value === null || value === undefined) return [];
    return JSON.parse(value as string) as Row[];
  },
  async leadTimeSummaries(scope: CommitScope, starts: readonly number[]): Promise<LeadTimeSummary[]> {
    const leadTimes = sql<string | null>`string_agg(cast(lead_time_seconds as text), ',')`.as('lead_times');
    if (starts.length === 1) {
      const row = await scope.select(leadTimes).executeTakeFirst();
      return [summaryOf([row?.lead_times ?? null])];
    }
    // One text per `finished_at`, in order, gathered into the buckets here.
    const rows = await scope.select(['finished_at', leadTimes]).groupBy('finished_at').orderBy('finished_at').execute();
    const texts = starts.map((): (string | null)[] => []);
    let bucket = 0;
    for (const row of rows) {
      while (bucket + 1 < starts.length && row.finished_at >= (starts[bucket + 1] as number)) bucket += 1;
      texts[bucket]?.push(row.lead_times);
    }
    return texts.map(summaryOf);
  },
  refreshStatistics: async () => undefined,
};

function summaryOf(texts: readonly (string | null)[]): LeadTimeSummary {
  const values = parseIntegerLists(texts);
  return { commits: values.length, medianSeconds: medianInPlace(values) };
}
