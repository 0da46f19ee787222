import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DetectionCommit, DetectionDeployment, DetectionPullRequest } from '../metrics/index.js';
import { revertMentions } from '../metrics/revert-mentions.js';

/** IN lists are cut to this size, under SQLite's bound-parameter limit. */
const IN_LIST = 500;
/** Brought commits read per statement, about: a large repository's are read in parts (see `loadBrought`). */
const BROUGHT_PER_STATEMENT = 5000;

/** One repository's history as the failure rules read it (src/metrics/detect-change-failures.ts). */
export interface VerdictHistory {
  readonly deployments: readonly DetectionDeployment[];
  /** The full shas of the repository's commits each revert prefix its brought commits mention matches. */
  readonly prefixes: ReadonlyMap<string, readonly string[]>;
}

/**
 * Every deployment of the repository (every environment, each with its production mark as it is now), the commits
 * each brought first with their messages (`deployment_commits` + `commits`: the brought commits are the reached ones,
 * the cache holding each commit once, under the first deployment that brought it), the merged pull requests it
 * brings, the incidents attributed to it, and the commits its revert messages name. Persons' marks are left out
 * (null): what is stored is what the rules find, the marks apply at read time.
 */
export async function loadVerdictHistory(
  db: Kysely<Database>,
  projectId: string,
  repository: string | null,
  /** The incidents attributed to each deployment of the project (`refreshIncidents`). */
  incidents: ReadonlyMap<string, readonly string[]>,
  /** About how many brought commits one statement reads (BROUGHT_PER_STATEMENT); a test asks for fewer. */
  broughtPerStatement = BROUGHT_PER_STATEMENT,
): Promise<VerdictHistory> {
  let query = db
    .selectFrom('deployments as d')
    .innerJoin('environments as e', 'e.id', 'd.environment_id')
    .select(['d.id', 'e.name_key', 'e.production', 'd.status', 'd.sha', 'd.ref', 'd.finished_at'])
    .where('d.project_id', '=', projectId);
  query = repository === null ? query.where('d.repository', 'is', null) : query.where('d.repository', '=', repository);
  const rows = await query.execute();
  // The brought commits' parts are cut by the deployments' times; the pull requests need nothing of them.
  const [brought, pullRequests] = await Promise.all([
    repository === null ? [] : loadBrought(db, projectId, repository, rows, broughtPerStatement),
    repository === null ? new Map() : loadBroughtPullRequests(db, projectId, repository),
  ]);
  const commitsOf = new Map<string, DetectionCommit[]>();
  for (const row of brought) {
    const list = commitsOf.get(row.deployment_id) ?? [];
    list.push({ sha: row.sha, message: row.message });
    commitsOf.set(row.deployment_id, list);
  }
  const deployments = rows.map((row): DetectionDeployment => {
    const commits = commitsOf.get(row.id) ?? [];
    return {
      id: row.id,
      repository,
      environment: row.name_key,
      production: row.production === 1,
      status: row.status as DetectionDeployment['status'],
      sha: row.sha,
      ref: row.ref,
      finishedAt: row.finished_at,
      brought: commits,
      reached: commits.map((commit) => commit.sha),
      pullRequests: pullRequests.get(row.id) ?? [],
      changeFailure: null,
      reworkOverride: null,
      incidentIds: incidents.get(row.id) ?? [],
    };
  });
  const mentioned = new Set(brought.flatMap((row) => revertMentions(row.message ?? '')));
  return {
    deployments,
    prefixes: repository === null ? new Map() : await resolvePrefixes(db, projectId, repository, mentioned),
  };
}

/**
 * The repository's brought commits with their messages, in parts of about BROUGHT_PER_STATEMENT rows: ranges of
 * `finished_at` (the repository index's order) cut where the deployments' own times divide them, so that on SQLite
 * no single statement holds the event loop for long (a turn comes between statements, src/ingest/turns.ts). The
 * ranges cover every time, from none to any: each row is read once, whatever the deployments say.
 */
async function loadBrought(
  db: Kysely<Database>,
  projectId: string,
  repository: string,
  deployments: readonly { readonly finished_at: number | null }[],
  perStatement: number,
): Promise<{ deployment_id: string; sha: string; message: string | null }[]> {
  const times = deployments.flatMap((row) => (row.finished_at === null ? [] : [row.finished_at])).sort((a, b) => a - b);
  // The average deployment brings `total / deployments` commits; a part is that many deployments' worth.
  const total = await db
    .selectFrom('deployment_commits')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('project_id', '=', projectId)
    .where('repository', '=', repository)
    .executeTakeFirstOrThrow();
  const perDeployment = Number(total.n) / Math.max(1, times.length);
  const step = Math.max(1, Math.floor(perStatement / Math.max(1, perDeployment)));
  const bounds: number[] = [];
  for (let i = step; i < times.length; i += step) {
    const bound = times[i] as number;
    if (bound !== bounds[bounds.length - 1]) bounds.push(bound);
  }
  const rows: { deployment_id: string; sha: string; message: string | null }[] = [];
  for (let i = 0; i <= bounds.length; i += 1) {
    let part = db
      .selectFrom('deployment_commits as dc')
      .leftJoin('commits as c', (join) =>
        join
          .onRef('c.project_id', '=', 'dc.project_id')
          .onRef('c.repository', '=', 'dc.repository')
          .onRef('c.sha', '=', 'dc.sha'),
      )
      .select(['dc.deployment_id', 'dc.sha', 'c.message'])
      .where('dc.project_id', '=', projectId)
      .where('dc.repository', '=', repository);
    const from = bounds[i - 1];
    const to = bounds[i];
    if (from !== undefined) part = part.where('dc.finished_at', '>=', from);
    if (to !== undefined) part = part.where('dc.finished_at', '<', to);
    for (const row of await part.execute()) rows.push(row);
  }
  return rows;
}

/** Each prefix's matches among the repository's commits (several: ambiguous, as git reads it). */
async function resolvePrefixes(
  db: Kysely<Database>,
  projectId: string,
  repository: string,
  prefixes: ReadonlySet<string>,
): Promise<Map<string, string[]>> {
  const matches = new Map<string, string[]>();
  for (const prefix of prefixes) {
    // Two rows are enough to tell one match from an ambiguous prefix.
    const rows = await db
      .selectFrom('commits')
      .select('sha')
      .where('project_id', '=', projectId)
      .where('repository', '=', repository)
      .where('sha', '>=', prefix)
      .where('sha', '<', `${prefix}g`)
      .limit(2)
      .execute();
    matches.set(
      prefix,
      rows.map((row) => row.sha),
    );
  }
  return matches;
}

/**
 * The merged pull requests each deployment brings: those whose merge commit, or whose head commit (a pull request
 * whose own commits replaced its merge push's, CONTRACT.md version 2), the deployment brought first; with the
 * messages of the commits their merge's own push listed (the push to the target branch whose `after` is the merge
 * commit). When pull requests are wired with a stored list of what each deployment brings, that list replaces this
 * join.
 */
async function loadBroughtPullRequests(
  db: Kysely<Database>,
  projectId: string,
  repository: string,
): Promise<Map<string, DetectionPullRequest[]>> {
  const rows = await db
    .selectFrom('pull_requests as pr')
    .innerJoin('deployment_commits as dc', (join) =>
      join
        .onRef('dc.project_id', '=', 'pr.project_id')
        .onRef('dc.repository', '=', 'pr.repository')
        .on((eb) =>
          eb.or([eb('dc.sha', '=', eb.ref('pr.merge_commit_sha')), eb('dc.sha', '=', eb.ref('pr.head_sha'))]),
        ),
    )
    .select(['dc.deployment_id', 'pr.id', 'pr.title', 'pr.labels', 'pr.merge_commit_sha', 'pr.target_branch'])
    .where('pr.project_id', '=', projectId)
    .where('pr.repository', '=', repository)
    .where('pr.merged_at', 'is not', null)
    .execute();
  if (rows.length === 0) return new Map();
  const subjects = await mergePushMessages(
    db,
    projectId,
    repository,
    rows.flatMap((row) => (row.merge_commit_sha === null ? [] : [row.merge_commit_sha])),
  );
  const byDeployment = new Map<string, Map<string, DetectionPullRequest>>();
  for (const row of rows) {
    const seen = byDeployment.get(row.deployment_id) ?? new Map<string, DetectionPullRequest>();
    if (seen.has(row.id)) continue;
    const labels = JSON.parse(row.labels) as unknown;
    seen.set(row.id, {
      title: row.title,
      labels: Array.isArray(labels) ? labels.filter((label): label is string => typeof label === 'string') : [],
      mergePushSubjects: subjects.get(`refs/heads/${row.target_branch}\n${row.merge_commit_sha}`) ?? [],
    });
    byDeployment.set(row.deployment_id, seen);
  }
  return new Map([...byDeployment].map(([id, prs]) => [id, [...prs.values()]]));
}

/** The messages of the commits listed by the pushes whose `after` is one of `shas`, keyed by `<ref>\n<after>`. */
async function mergePushMessages(
  db: Kysely<Database>,
  projectId: string,
  repository: string,
  shas: readonly string[],
): Promise<Map<string, string[]>> {
  const unique = [...new Set(shas)];
  const messages = new Map<string, string[]>();
  for (let i = 0; i < unique.length; i += IN_LIST) {
    const rows = await db
      .selectFrom('pushes as p')
      .innerJoin('push_commits as pc', 'pc.push_id', 'p.id')
      .innerJoin('commits as c', (join) =>
        join
          .onRef('c.project_id', '=', 'p.project_id')
          .onRef('c.repository', '=', 'p.repository')
          .onRef('c.sha', '=', 'pc.sha'),
      )
      .select(['p.ref', 'p.after_sha', 'c.message'])
      .where('p.project_id', '=', projectId)
      .where('p.repository', '=', repository)
      .where('p.deleted', '=', 0)
      .where('p.after_sha', 'in', unique.slice(i, i + IN_LIST))
      .execute();
    for (const row of rows) {
      if (row.message === null) continue;
      const key = `${row.ref}\n${row.after_sha}`;
      messages.set(key, [...(messages.get(key) ?? []), row.message]);
    }
  }
  return messages;
}
