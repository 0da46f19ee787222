import type { Kysely } from 'kysely';
import { dialectOf } from '../db/dialect/dialect.js';
import type { Database } from '../db/schema.js';
import type { LeadTimeSummary } from '../metrics/index.js';

/**
 * Count and median lead time of the commits brought by the deployments that finished in each bucket
 * [starts[i], starts[i + 1]) (the last one ending at `to`), over the cache of brought commits. The median is
 * worked out the database's way (`Dialect.leadTimeSummaries`: `percentile_cont` on PostgreSQL, a selection in
 * TypeScript over the index-only read of SQLite).
 */
export async function leadTimeSummaries(
  db: Kysely<Database>,
  projectId: string,
  starts: readonly number[],
  to: number,
  repository?: string,
): Promise<LeadTimeSummary[]> {
  if (starts.length === 0) return [];
  let scope = db
    .selectFrom('deployment_commits')
    .where('project_id', '=', projectId)
    .where('finished_at', '>=', starts[0] as number)
    .where('finished_at', '<', to);
  if (repository !== undefined) scope = scope.where('repository', '=', repository);
  return dialectOf(db).leadTimeSummaries(scope, starts, to);
}
