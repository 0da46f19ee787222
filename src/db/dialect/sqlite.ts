import { sql } from 'kysely';
import type { LeadTimeSummary } from '../../metrics/lead-time.js';
import { medianInPlace } from '../../metrics/median.js';
import { parseIntegerLists } from '../../metrics/parse-integer-lists.js';
import { inStretches } from '../read-stretches.js';
import type { Dialect } from './dialect.js';

/**
 * SQLite (better-sqlite3): one writer, so group commit with a savepoint per job and no row locks; `json_group_array`, whose result is a
 * text; no percentile function, so the lead times of a bucket come back as one comma-separated text, read from the
 * covering index `deployment_commits_window`, and the median is a selection in TypeScript.
 */
export const sqliteDialect: Dialect = {
  groupCommit: 'savepoints',
  locksRowsForShare: false,
  namesPreparedStatements: false,
  readsInStretches: true,
  migrationTableSchema: async () => undefined,
  jsonRows(columns) {
    return sql`json_group_array(json_array(${sql.join(columns.map((column) => sql.ref(column)))}))`;
  },
  parseJsonRows<Row>(value: unknown): Row[] {
    if (value === null || value === undefined) return [];
    return JSON.parse(value as string) as Row[];
  },
  async leadTimeSummaries(scopeOf, starts, to, charactersPerStatement): Promise<LeadTimeSummary[]> {
    const leadTimes = sql<string | null>`string_agg(cast(lead_time_seconds as text), ',')`.as('lead_times');
    if (starts.length === 1) {
      // Each stretch's values parsed as it arrives: no one block parses the whole window.
      const parts: Float64Array[] = [];
      await inStretches(sqliteDialect, starts[0] as number, to, charactersPerStatement, async (from, until) => {
        const text = (await scopeOf(from, until).select(leadTimes).executeTakeFirst())?.lead_times ?? null;
        parts.push(parseIntegerLists([text]));
        return text?.length ?? 0;
      });
      const values = joined(parts);
      return [{ commits: values.length, medianSeconds: medianInPlace(values) }];
    }
    // One text per `finished_at`, in order, gathered into the buckets here.
    const texts = starts.map((): (string | null)[] => []);
    let bucket = 0;
    await inStretches(sqliteDialect, starts[0] as number, to, charactersPerStatement, async (from, until) => {
      const rows = await scopeOf(from, until)
        .select(['finished_at', leadTimes])
        .groupBy('finished_at')
        .orderBy('finished_at')
        .execute();
      let characters = 0;
      for (const row of rows) {
        while (bucket + 1 < starts.length && row.finished_at >= (starts[bucket + 1] as number)) bucket += 1;
        texts[bucket]?.push(row.lead_times);
        characters += row.lead_times?.length ?? 0;
      }
      return characters;
    });
    return texts.map((list) => {
      const values = parseIntegerLists(list);
      return { commits: values.length, medianSeconds: medianInPlace(values) };
    });
  },
  refreshStatistics: async () => undefined,
};

/** The values of `parts` in one array (the only part itself when there is one). */
function joined(parts: readonly Float64Array[]): Float64Array {
  if (parts.length === 1) return parts[0] as Float64Array;
  const values = new Float64Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    values.set(part, at);
    at += part.length;
  }
  return values;
}
