import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { FailureCause, FailureCauseKind } from '../domain/index.js';
import { FAILURE_CAUSE_KINDS } from '../domain/index.js';

/**
 * The stored automatic causes of each of `ids` (src/ingest/refresh-verdicts.ts), in the order of
 * `detectChangeFailures`: by kind in contract order, then by `by`. One statement per 500 ids.
 */
export async function loadFailureCauses(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, FailureCause[]>> {
  const byDeployment = new Map<string, FailureCause[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('deployment_failure_causes')
      .select(['deployment_id', 'kind', 'by_id', 'detail'])
      .where('deployment_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) {
      const list = byDeployment.get(row.deployment_id) ?? [];
      list.push({ kind: row.kind as FailureCauseKind, by: row.by_id, detail: row.detail });
      byDeployment.set(row.deployment_id, list);
    }
  }
  const rank = (cause: FailureCause) => FAILURE_CAUSE_KINDS.indexOf(cause.kind);
  for (const list of byDeployment.values()) {
    list.sort((a, b) => rank(a) - rank(b) || ((a.by ?? '') < (b.by ?? '') ? -1 : (a.by ?? '') > (b.by ?? '') ? 1 : 0));
  }
  return byDeployment;
}
