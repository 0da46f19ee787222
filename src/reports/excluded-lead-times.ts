import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isExcludedCommit, loadExcludedAuthors } from './excluded-authors.js';

/**
 * A deployment's `leadTimeSeconds` considers only the commits whose author the project does not exclude
 * (CONTRACT.md version 2, "Author exclusions"); its `commits` still counts everything it brought. The cache holds
 * the lead time over all of them, so with exclusions it is read again here, per page, from the brought commits.
 */
export async function withoutExcludedLeadTimes<D extends { id: string; leadTimeSeconds: number | null }>(
  db: Kysely<Database>,
  projectId: string,
  deployments: D[],
): Promise<D[]> {
  const ids = deployments.filter((d) => d.leadTimeSeconds !== null).map((d) => d.id);
  if (ids.length === 0) return deployments;
  const excluded = await loadExcludedAuthors(db, projectId);
  if (excluded === null) return deployments;
  const rows = await db
    .selectFrom('deployment_commits')
    .select(['deployment_id', (eb) => eb.fn.max('lead_time_seconds').as('lead_time')])
    .where('deployment_id', 'in', ids)
    .where((eb) => eb.not(isExcludedCommit(excluded)(eb)))
    .groupBy('deployment_id')
    .execute();
  const leadTimeOf = new Map(rows.map((r) => [r.deployment_id, Number(r.lead_time)]));
  return deployments.map((d) =>
    d.leadTimeSeconds === null ? d : { ...d, leadTimeSeconds: leadTimeOf.get(d.id) ?? null },
  );
}
