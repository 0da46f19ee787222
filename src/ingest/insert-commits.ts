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

/**
 * Replay: stores commits as the current parser derives them (`replayDeliveries`). The time is overwritten, and a
 * message or author given replaces the stored one (one the delivery does not give is kept). Returns whether a row
 * was inserted or changed.
 */
export async function correctCommits(
  db: Kysely<Database>,
  projectId: string,
  repository: string,
  commits: readonly CommitRef[],
): Promise<boolean> {
  let changed = false;
  const replaces = (column: 'message' | 'author_name' | 'author_email' | 'author_username') =>
    sql<boolean>`(excluded.${sql.ref(column)} is not null and (commits.${sql.ref(column)} is null or commits.${sql.ref(column)} <> excluded.${sql.ref(column)}))`;
  // Chunks keep each statement under SQLite's bound-parameter limit (8 columns a commit).
  for (let i = 0; i < commits.length; i += 500) {
    const result = await db
      .insertInto('commits')
      .values(
        commits.slice(i, i + 500).map((c) => ({
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
            timestamp: sql`excluded.timestamp`,
            message: sql`coalesce(excluded.message, commits.message)`,
            author_name: sql`coalesce(excluded.author_name, commits.author_name)`,
            author_email: sql`coalesce(excluded.author_email, commits.author_email)`,
            author_username: sql`coalesce(excluded.author_username, commits.author_username)`,
          })
          .where((eb) =>
            eb.or([
              sql<boolean>`commits.timestamp <> excluded.timestamp`,
              replaces('message'),
              replaces('author_name'),
              replaces('author_email'),
              replaces('author_username'),
            ]),
          ),
      )
      .executeTakeFirst();
    if ((result.numInsertedOrUpdatedRows ?? 0n) > 0n) changed = true;
  }
  return changed;
}
