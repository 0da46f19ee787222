import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Marks a project's incidents stale (migration 0009): before its verdicts are next recomputed, issues are re-decided
 * by the current `incidentLabels` and every incident is attributed again, and the repositories whose `incident`
 * causes change are marked for recomputation (src/ingest/refresh-incidents.ts). Called wherever an attribution can
 * change without a deployment arriving: an incident stored or updated, a person's link, a settings change, a
 * revoke. (A deployment or status arriving marks its repository's verdicts, which runs the same step.)
 */
export async function markIncidentsStale(db: Kysely<Database>, projectId: string): Promise<void> {
  await db
    .insertInto('stale_incidents')
    .values({ project_id: projectId, seq: 1 })
    .onConflict((oc) =>
      oc.column('project_id').doUpdateSet((eb) => ({ seq: eb(eb.ref('stale_incidents.seq'), '+', 1) })),
    )
    .execute();
}
