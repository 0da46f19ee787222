import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

/** A commit that a deleted (or rewritten) push or deployment listed: it may have lost its last lister. */
export interface CommitCandidate {
  readonly repository: string;
  readonly sha: string;
}

/** The candidates of some rows, once each (repository and sha). */
export function commitCandidates(rows: readonly { repository: string | null; sha: string }[]): CommitCandidate[] {
  const found = new Map<string, CommitCandidate>();
  for (const r of rows) {
    if (r.repository !== null) found.set(`${r.repository}\n${r.sha}`, { repository: r.repository, sha: r.sha });
  }
  return [...found.values()];
}

/**
 * Deletes those of the candidates that no push and no deployment of the project lists any more; returns how many.
 * Only the candidates are checked, never the project's whole commit history (revoke, replay).
 */
export async function deleteUnlistedCommits(
  trx: Kysely<Database>,
  projectId: string,
  candidates: readonly CommitCandidate[],
): Promise<bigint> {
  let rows = 0n;
  for (const c of candidates) {
    const result = await trx
      .deleteFrom('commits')
      .where('project_id', '=', projectId)
      .where('repository', '=', c.repository)
      .where('sha', '=', c.sha)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('push_commits as pc')
              .innerJoin('pushes as p', 'p.id', 'pc.push_id')
              .select(sql.lit(1).as('one'))
              .where('p.project_id', '=', projectId)
              .where('p.repository', '=', c.repository)
              .where('pc.sha', '=', c.sha),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('deployment_listed_commits as dl')
              .innerJoin('deployments as d', 'd.id', 'dl.deployment_id')
              .select(sql.lit(1).as('one'))
              .where('d.project_id', '=', projectId)
              .where('d.repository', '=', c.repository)
              .where('dl.sha', '=', c.sha),
          ),
        ),
      )
      .executeTakeFirst();
    rows += result.numDeletedRows;
  }
  return rows;
}
