import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database } from '../db/schema.js';

const markStale = prepared<{ project_id: string; repository_key: string }>((db, p) =>
  db
    .insertInto('stale_verdicts')
    .values({ project_id: p('project_id'), repository_key: p('repository_key'), seq: 1 })
    .onConflict((oc) =>
      oc
        .columns(['project_id', 'repository_key'])
        .doUpdateSet((eb) => ({ seq: eb(eb.ref('stale_verdicts.seq'), '+', 1) })),
    ),
);

/** The key of a repository in `stale_verdicts` and `deployment_failure_causes`: '' for deployments without one. */
export function repositoryKey(repository: string | null): string {
  return repository ?? '';
}

/**
 * Marks repositories' stored verdicts (causes and rework, migration 0004) stale: `refreshStaleVerdicts` recomputes
 * each from all its history before the next read. null marks the deployments without a repository.
 */
export async function markVerdictsStale(
  db: Kysely<Database>,
  projectId: string,
  repositories: readonly (string | null)[],
): Promise<void> {
  for (const key of new Set(repositories.map(repositoryKey))) {
    await markStale.run(db, { project_id: projectId, repository_key: key });
  }
}

/** Every repository of the project (a production mark or `failureDetection` changed: all history at once). */
export async function markProjectVerdictsStale(db: Kysely<Database>, projectId: string): Promise<void> {
  const rows = await db
    .selectFrom('deployments')
    .select('repository')
    .distinct()
    .where('project_id', '=', projectId)
    .execute();
  await markVerdictsStale(
    db,
    projectId,
    rows.map((r) => r.repository),
  );
}
