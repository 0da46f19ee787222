import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import { markVerdictsStale } from './mark-verdicts-stale.js';

const markStale = prepared<{ project_id: string; repository: string; from: number }>((db, p) =>
  db
    .insertInto('repositories')
    .values({ project_id: p('project_id'), repository: p('repository'), stale_from: p('from'), stale_seq: 1 })
    .onConflict((oc) =>
      oc.columns(['project_id', 'repository']).doUpdateSet((eb) => ({
        stale_from: eb
          .case()
          .when('repositories.stale_from', 'is', null)
          .then(p('from'))
          .when('repositories.stale_from', '>', p('from'))
          .then(p('from'))
          .else(eb.ref('repositories.stale_from'))
          .end(),
        stale_seq: eb(eb.ref('repositories.stale_seq'), '+', 1),
      })),
    ),
);

/**
 * Marks repositories' cache of brought commits stale from a deployment time on (0: all of it), and their verdicts. The lead-time
 * engine recomputes from there; reads compute a stale repository on the fly rather than show a stale figure.
 */
export async function markRepositoriesStale(
  db: Kysely<Database>,
  projectId: string,
  repositories: readonly string[],
  from: number,
): Promise<void> {
  for (const repository of new Set(repositories)) {
    await markStale.run(db, { project_id: projectId, repository, from });
  }
  // What a deployment brings feeds its verdicts (a late push can reveal a revert): they follow.
  await markVerdictsStale(db, projectId, repositories);
}
