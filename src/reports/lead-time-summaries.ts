import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../db/dialect/dialect.js';
import { inStretches } from '../db/read-stretches.js';
import type { Database } from '../db/schema.js';
import { type LeadTimeSummary, parseIntegerLists } from '../metrics/index.js';
import { type ExcludedAuthors, isExcludedCommit, isExcludedCommitOf } from './excluded-authors.js';

/**
 * About how many characters of lead times (`string_agg` of them, about 7 per commit) one statement reads on SQLite
 * (`inStretches`): about 57,000 lead times, 4 to 6 ms of the benchmark's large project.
 */
export const LEAD_TIME_CHARACTERS_PER_STATEMENT = 400_000;

/** The brought commits of `projectId` (of `repository` alone, when given) whose deployment finished in [from, to). */
function windowScope(
  db: Kysely<Database>,
  projectId: string,
  from: number,
  to: number,
  repository: string | undefined,
) {
  let scope = db
    .selectFrom('deployment_commits')
    .where('project_id', '=', projectId)
    .where('finished_at', '>=', from)
    .where('finished_at', '<', to);
  if (repository !== undefined) scope = scope.where('repository', '=', repository);
  return scope;
}

/**
 * Count and median lead time of the commits brought by the deployments that finished in each bucket
 * [starts[i], starts[i + 1]) (the last one ending at `to`), over the cache of brought commits, leaving out the
 * commits `excluded` names (their authors are excluded). The median is worked out the database's way
 * (`Dialect.leadTimeSummaries`: `percentile_cont` on PostgreSQL, a selection in TypeScript over the index-only
 * read of SQLite).
 */
export async function leadTimeSummaries(
  db: Kysely<Database>,
  projectId: string,
  starts: readonly number[],
  to: number,
  repository?: string,
  excluded?: ExcludedAuthors | null,
  charactersPerStatement = LEAD_TIME_CHARACTERS_PER_STATEMENT,
): Promise<LeadTimeSummary[]> {
  if (starts.length === 0) return [];
  const scopeOf = (from: number, until: number) => {
    const scope = windowScope(db, projectId, from, until, repository);
    return excluded === undefined || excluded === null
      ? scope
      : scope.where((eb) => eb.not(isExcludedCommit(excluded)(eb)));
  };
  return dialectOf(db).leadTimeSummaries(scopeOf, starts, to, charactersPerStatement);
}

/**
 * The lead times themselves of the commits `leadTimeSummaries` summarizes, per project and bucket, for medians
 * over several projects' commits (a team's, the overview's; src/reports/project-inputs.ts): one statement for all
 * the projects, one comma-separated text per project and `finished_at`, as the SQLite dialect reads them
 * (`string_agg` is in both databases), parsed without a string per value. Each project leaves out the commits its
 * own settings exclude (`excluded`).
 */
export async function leadTimeValuesOf(
  db: Kysely<Database>,
  projectIds: readonly string[],
  starts: readonly number[],
  to: number,
  excluded: ReadonlyMap<string, ExcludedAuthors | null>,
  charactersPerStatement = LEAD_TIME_CHARACTERS_PER_STATEMENT,
): Promise<Map<string, Float64Array[]>> {
  const texts = new Map(projectIds.map((id) => [id, starts.map((): (string | null)[] => [])]));
  if (starts.length > 0 && projectIds.length > 0) {
    const isExcluded = isExcludedCommitOf(excluded);
    const ids = [...projectIds];
    // In stretches (`inStretches`): on SQLite each statement holds every other request.
    await inStretches(dialectOf(db), starts[0] as number, to, charactersPerStatement, async (from, until) => {
      let scope = db
        .selectFrom('deployment_commits')
        .where('project_id', 'in', ids)
        .where('finished_at', '>=', from)
        .where('finished_at', '<', until);
      if (isExcluded !== null) scope = scope.where((eb) => eb.not(isExcluded(eb)));
      const rows = await scope
        .select([
          'project_id',
          'finished_at',
          sql<string | null>`string_agg(cast(lead_time_seconds as text), ',')`.as('lead_times'),
        ])
        .groupBy(['project_id', 'finished_at'])
        .execute();
      let characters = 0;
      for (const row of rows) {
        const buckets = texts.get(row.project_id);
        buckets?.[bucketAt(starts, Number(row.finished_at))]?.push(row.lead_times);
        characters += row.lead_times?.length ?? 0;
      }
      return characters;
    });
  }
  return new Map([...texts].map(([id, buckets]) => [id, buckets.map((list) => parseIntegerLists(list))]));
}

/** The bucket [starts[i], starts[i + 1]) holding `instant` (at or after `starts[0]`). */
function bucketAt(starts: readonly number[], instant: number): number {
  let low = 0;
  let high = starts.length;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if ((starts[middle] as number) <= instant) low = middle;
    else high = middle;
  }
  return low;
}

/**
 * With exclusions: the `finishedAt` of each deployment of the window that brought at least one commit not
 * excluded (`deploymentsWithCommits`), and of each excluded commit brought (`excludedCommits`).
 */
export async function exclusionInstants(
  db: Kysely<Database>,
  projectId: string,
  starts: readonly number[],
  to: number,
  repository: string | undefined,
  excluded: ExcludedAuthors,
): Promise<{ broughtAt: number[]; excludedAt: number[] }> {
  if (starts.length === 0) return { broughtAt: [], excludedAt: [] };
  const scope = windowScope(db, projectId, starts[0] as number, to, repository);
  const [kept, dropped] = await Promise.all([
    scope
      .select(['deployment_id', 'finished_at'])
      .distinct()
      .where((eb) => eb.not(isExcludedCommit(excluded)(eb)))
      .execute(),
    scope.select('finished_at').where(isExcludedCommit(excluded)).execute(),
  ]);
  return { broughtAt: kept.map((r) => Number(r.finished_at)), excludedAt: dropped.map((r) => Number(r.finished_at)) };
}
