import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { badRequest, notFound } from '../errors.js';
import { loadProjectSettings } from '../ingest/load-project-settings.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import { matchesExcludedAuthor } from '../metrics/index.js';
import type { DeploymentCommitsPage } from './deployment-views.js';

/** A commit's time: the stored commit's, else (a commit never stored with a time) the deployment's less its lead time. */
export const commitTime = sql<number>`coalesce(c.timestamp, dc.finished_at - dc.lead_time_seconds * 1000)`;

/**
 * The brought commits (`deployment_commits`, after the bridge) with the stored commit's message and author and the
 * pull request each came through: one query for `GET /api/deployments/:deploymentId/commits` and for
 * `commits.csv` (src/reports/csv-commits.ts), so both answer the same rows.
 */
export function broughtCommitsQuery(db: Kysely<Database>) {
  return db
    .selectFrom('deployment_commits as dc')
    .leftJoin('commits as c', (join) =>
      join
        .onRef('c.project_id', '=', 'dc.project_id')
        .onRef('c.repository', '=', 'dc.repository')
        .onRef('c.sha', '=', 'dc.sha'),
    )
    .leftJoin('pull_requests as pr', (join) =>
      join
        .onRef('pr.project_id', '=', 'dc.project_id')
        .onRef('pr.repository', '=', 'dc.repository')
        .onRef('pr.number', '=', 'dc.pull_request_number'),
    )
    .select([
      'dc.deployment_id',
      'dc.sha',
      commitTime.as('time'),
      'c.message',
      'c.author_name',
      'c.author_email',
      'c.author_username',
      'dc.lead_time_seconds',
      'dc.pull_request_number',
      'pr.title as pr_title',
      'pr.url as pr_url',
    ]);
}

export type BroughtCommit = DeploymentCommitsPage['commits'][number];

export type BroughtCommitRow = Awaited<ReturnType<ReturnType<typeof broughtCommitsQuery>['execute']>>[number];

/** A row as the API answers it; `excludedAuthors` is the project's `leadTimeExcludedAuthors`, read now. */
export function toBroughtCommit(r: BroughtCommitRow, excludedAuthors: readonly string[]): BroughtCommit {
  const author = { name: r.author_name, email: r.author_email, username: r.author_username };
  return {
    sha: r.sha,
    timestamp: new Date(Number(r.time)).toISOString(),
    message: r.message,
    author: { name: r.author_name, email: r.author_email },
    leadTimeSeconds: Number(r.lead_time_seconds),
    excluded: matchesExcludedAuthor(excludedAuthors, author) ? ('author' as const) : null,
    pullRequest:
      r.pull_request_number === null
        ? null
        : { number: Number(r.pull_request_number), title: r.pr_title ?? '', url: r.pr_url ?? null },
  };
}

/**
 * `GET /api/deployments/:deploymentId/commits`: what the deployment brought (the cache of brought commits, after the
 * bridge), oldest first (then by sha), with each commit's message, author, lead time, whether the project's
 * `leadTimeExcludedAuthors` excludes it (read now: a settings change applies at once) and the pull request it came
 * through. Cursor: `<commit time>.<sha>` of the last commit of the page.
 */
export async function listDeploymentCommits(
  db: Kysely<Database>,
  deploymentId: string,
  q: { limit: number; after?: string | undefined },
): Promise<DeploymentCommitsPage> {
  const deployment = await db
    .selectFrom('deployments')
    .select(['project_id'])
    .where('id', '=', deploymentId)
    .executeTakeFirst();
  if (deployment === undefined) throw notFound(`Deployment ${deploymentId} does not exist.`);
  await refreshStaleRepositories(db, deployment.project_id);
  const settings = await loadProjectSettings(db, deployment.project_id);
  let query = broughtCommitsQuery(db).where('dc.deployment_id', '=', deploymentId);
  if (q.after !== undefined) {
    const match = /^(-?\d+)\.(.+)$/.exec(q.after);
    if (match === null) throw badRequest('after must be the nextCursor of a previous page.');
    const time = Number(match[1]);
    const sha = match[2] as string;
    query = query.where((eb) =>
      eb.or([eb(commitTime, '>', time), eb.and([eb(commitTime, '=', time), eb('dc.sha', '>', sha)])]),
    );
  }
  const rows = await query
    .orderBy(commitTime)
    .orderBy('dc.sha')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    commits: page.map((r) => toBroughtCommit(r, settings.leadTimeExcludedAuthors)),
    nextCursor: rows.length > q.limit && last !== undefined ? `${Number(last.time)}.${last.sha}` : null,
  };
}
