import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CommitRef } from '../domain/index.js';

/**
 * Stores commits once per (project, repository, sha) with their time, message and author. A commit first stored
 * without a message or author (a generic body that listed only shas, or history before migration 0002) gains them
 * from the first later delivery that carries them; what is stored is never overwritten.
 */
export async function insertCommits(
  db: Kysely<Database>,
  projectId: string,
  repository: string,
  commits: readonly CommitRef[],
): Promise<void> {
  await db
    .insertInto('commits')
    .values(
      commits.map((c) => ({
        project_id: projectId,
        repository,
        sha: c.sha,
        timestamp: c.timestamp,
        message: c.message ?? null,
        author_name: c.author?.name ?? null,
        author_email: c.author?.email ?? null,
        author_username: c.author?.username ?? null,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['project_id', 'repository', 'sha'])
        .doUpdateSet({
          message: sql`coalesce(commits.message, excluded.message)`,
          author_name: sql`coalesce(commits.author_name, excluded.author_name)`,
          author_email: sql`coalesce(commits.author_email, excluded.author_email)`,
          author_username: sql`coalesce(commits.author_username, excluded.author_username)`,
        })
        .where((eb) =>
          eb.or([
            eb.and([eb('commits.message', 'is', null), eb(sql.ref('excluded.message'), 'is not', null)]),
            eb.and([eb('commits.author_name', 'is', null), eb(sql.ref('excluded.author_name'), 'is not', null)]),
            eb.and([eb('commits.author_email', 'is', null), eb(sql.ref('excluded.author_email'), 'is not', null)]),
          ]),
        ),
    )
    .execute();
}
