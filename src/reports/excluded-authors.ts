import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { HAS_AUTHOR } from '../db/migrations/0003_pull_request_bridge.js';
import type { Database } from '../db/schema.js';
import { loadProjectSettingsOf } from '../ingest/load-project-settings.js';
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
  return (await loadExcludedAuthorsOf(db, [projectId])).get(projectId) ?? null;
}

/**
 * `loadExcludedAuthors` of several projects at once (the overview, a team): two statements whatever their number,
 * the settings and the distinct authors of those whose patterns are not empty.
 */
export async function loadExcludedAuthorsOf(
  db: Kysely<Database>,
  projectIds: readonly string[],
): Promise<Map<string, ExcludedAuthors | null>> {
  const patternsOf = new Map<string, readonly string[]>();
  const settings = await loadProjectSettingsOf(db, projectIds);
  for (const id of projectIds) {
    const patterns = settings.get(id)?.leadTimeExcludedAuthors ?? [];
    if (patterns.length > 0) patternsOf.set(id, patterns);
  }
  const found = new Map<string, ExcludedAuthors | null>(projectIds.map((id) => [id, null]));
  if (patternsOf.size === 0) return found;
  const ids = [...patternsOf.keys()];
  const authors = await db
    .selectFrom('commits')
    .select(['project_id', 'author_name', 'author_email', 'author_username'])
    .distinct()
    .where('project_id', 'in', ids)
    // The condition of the partial index `commits_authors` (migration 0003), as written there: history without
    // authors costs nothing.
    .where(sql<boolean>`(${sql.raw(HAS_AUTHOR)})`)
    .execute();
  const sets = new Map<string, { names: Set<string>; emails: Set<string>; usernames: Set<string> }>();
  for (const { project_id: id, author_name: name, author_email: email, author_username: username } of authors) {
    const patterns = patternsOf.get(id) ?? [];
    let set = sets.get(id);
    if (set === undefined) {
      set = { names: new Set(), emails: new Set(), usernames: new Set() };
      sets.set(id, set);
    }
    if (name !== null && matchesExcludedAuthor(patterns, { name, email: null, username: null })) set.names.add(name);
    if (email !== null && matchesExcludedAuthor(patterns, { name: null, email, username: null })) set.emails.add(email);
    if (username !== null && matchesExcludedAuthor(patterns, { name: null, email: null, username }))
      set.usernames.add(username);
  }
  for (const [id, { names, emails, usernames }] of sets) {
    if (names.size + emails.size + usernames.size === 0) continue;
    found.set(id, { names: [...names], emails: [...emails], usernames: [...usernames] });
  }
  return found;
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

/**
 * Whether a `deployment_commits` row's commit is excluded by its own project's authors (`excluded` by project id):
 * for reads over several projects. Null when no project excludes any.
 */
export function isExcludedCommitOf(excluded: ReadonlyMap<string, ExcludedAuthors | null>) {
  const parts = [...excluded].flatMap(([id, authors]) => (authors === null ? [] : [[id, authors] as const]));
  if (parts.length === 0) return null;
  return (eb: ExpressionBuilder<Database, BroughtTable>) =>
    eb.or(
      parts.map(([id, authors]) =>
        eb.and([eb('deployment_commits.project_id', '=', id), isExcludedCommit(authors)(eb)]),
      ),
    );
}
