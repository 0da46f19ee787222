import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { HAS_AUTHOR } from '../db/migrations/0003_pull_request_bridge.js';
import type { Database } from '../db/schema.js';
import { loadProjectSettings } from '../ingest/load-project-settings.js';
import { matchesExcludedAuthor } from '../metrics/index.js';

/**
 * The author names, emails and usernames of a project's commits that `leadTimeExcludedAuthors` excludes, each
 * whole: a commit is excluded when its name, email or username is among them. Null when no stored commit is
 * excluded, so reads without exclusions stay as they were.
 */
export interface ExcludedAuthors {
  readonly names: readonly string[];
  readonly emails: readonly string[];
  readonly usernames: readonly string[];
}

/**
 * Reads the project's settings and matches its patterns against the distinct authors of its stored commits
 * (src/metrics/author-exclusion.ts): applied at read time, so a settings PUT changes all history at once.
 */
export async function loadExcludedAuthors(db: Kysely<Database>, projectId: string): Promise<ExcludedAuthors | null> {
  const settings = await loadProjectSettings(db, projectId);
  const patterns = settings.leadTimeExcludedAuthors;
  if (patterns.length === 0) return null;
  const authors = await db
    .selectFrom('commits')
    .select(['author_name', 'author_email', 'author_username'])
    .distinct()
    .where('project_id', '=', projectId)
    // The condition of the partial index `commits_authors` (migration 0003), as written there: history without
    // authors costs nothing.
    .where(sql<boolean>`(${sql.raw(HAS_AUTHOR)})`)
    .execute();
  const names = new Set<string>();
  const emails = new Set<string>();
  const usernames = new Set<string>();
  for (const { author_name: name, author_email: email, author_username: username } of authors) {
    if (name !== null && matchesExcludedAuthor(patterns, { name, email: null, username: null })) names.add(name);
    if (email !== null && matchesExcludedAuthor(patterns, { name: null, email, username: null })) emails.add(email);
    if (username !== null && matchesExcludedAuthor(patterns, { name: null, email: null, username }))
      usernames.add(username);
  }
  if (names.size + emails.size + usernames.size === 0) return null;
  return { names: [...names], emails: [...emails], usernames: [...usernames] };
}

type BroughtTable = 'deployment_commits';

/**
 * Whether a `deployment_commits` row's commit is excluded: its stored author matches (an `exists` on `commits`
 * by project, repository and sha, the commits table's key).
 */
export function isExcludedCommit(excluded: ExcludedAuthors) {
  return (eb: ExpressionBuilder<Database, BroughtTable>) =>
    eb.exists(
      eb
        .selectFrom('commits as c')
        .select('c.sha')
        .whereRef('c.project_id', '=', 'deployment_commits.project_id')
        .whereRef('c.repository', '=', 'deployment_commits.repository')
        .whereRef('c.sha', '=', 'deployment_commits.sha')
        .where((inner) => {
          const any = [];
          if (excluded.names.length > 0) any.push(inner('c.author_name', 'in', [...excluded.names]));
          if (excluded.emails.length > 0) any.push(inner('c.author_email', 'in', [...excluded.emails]));
          if (excluded.usernames.length > 0) any.push(inner('c.author_username', 'in', [...excluded.usernames]));
          return inner.or(any);
        }),
    );
}
