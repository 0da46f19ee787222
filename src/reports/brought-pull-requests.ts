import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { notFound } from '../errors.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import { getProjectRow } from '../manage/projects.js';
import { leadTimeStages } from '../metrics/index.js';
import { type ExcludedAuthors, isExcludedCommit, loadExcludedAuthors } from './excluded-authors.js';
import { drillWindow } from './recovery-streaks.js';

/** A merged pull request a deployment brought, with its own stages (the figure's `stages` are their medians). */
export interface BroughtPullRequestView {
  repository: string;
  number: number;
  title: string;
  url: string | null;
  openedAt: string | null;
  mergedAt: string;
  deploymentId: string;
  deployedAt: string;
  /** `openedAt` minus its earliest non-excluded commit brought; null without one, or without `openedAt`. */
  codingSeconds: number | null;
  /** `mergedAt` minus `openedAt`; null without `openedAt`. */
  reviewSeconds: number | null;
  /** The deployment's `finishedAt` minus `mergedAt`. */
  deploySeconds: number;
}

type Scope = { projectId: string } & (
  | { from: number; to: number; repository?: string | undefined }
  | { deploymentId: string }
);

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The merged pull requests brought (the cache `deployment_pull_requests`), read as `pullRequestFigures` reads them
 * for `leadTimeForChanges.pullRequests` and `stages`, each with its stages worked out by the same rule
 * (`leadTimeStages` over that one pull request). Ordered by deployment time, then repository and number.
 */
async function broughtPullRequests(
  db: Kysely<Database>,
  scope: Scope,
  excluded: ExcludedAuthors | null,
): Promise<BroughtPullRequestView[]> {
  let brought = db
    .selectFrom('deployment_pull_requests as dpr')
    .innerJoin('pull_requests as pr', (join) =>
      join
        .onRef('pr.project_id', '=', 'dpr.project_id')
        .onRef('pr.repository', '=', 'dpr.repository')
        .onRef('pr.number', '=', 'dpr.number'),
    )
    .select([
      'dpr.deployment_id',
      'dpr.repository',
      'dpr.number',
      'dpr.finished_at',
      'pr.title',
      'pr.url',
      'pr.opened_at',
      'pr.merged_at',
    ])
    .where('dpr.project_id', '=', scope.projectId);
  let firsts = db
    .selectFrom('deployment_commits')
    .innerJoin('commits as c', (join) =>
      join
        .onRef('c.project_id', '=', 'deployment_commits.project_id')
        .onRef('c.repository', '=', 'deployment_commits.repository')
        .onRef('c.sha', '=', 'deployment_commits.sha'),
    )
    .select(['deployment_commits.deployment_id', 'deployment_commits.pull_request_number'])
    .select((eb) => eb.fn.min('c.timestamp').as('first'))
    .where('deployment_commits.project_id', '=', scope.projectId)
    .where('deployment_commits.pull_request_number', 'is not', null)
    .groupBy(['deployment_commits.deployment_id', 'deployment_commits.pull_request_number']);
  if ('deploymentId' in scope) {
    brought = brought.where('dpr.deployment_id', '=', scope.deploymentId);
    firsts = firsts.where('deployment_commits.deployment_id', '=', scope.deploymentId);
  } else {
    brought = brought.where('dpr.finished_at', '>=', scope.from).where('dpr.finished_at', '<', scope.to);
    firsts = firsts
      .where('deployment_commits.finished_at', '>=', scope.from)
      .where('deployment_commits.finished_at', '<', scope.to);
    if (scope.repository !== undefined) {
      brought = brought.where('dpr.repository', '=', scope.repository);
      firsts = firsts.where('deployment_commits.repository', '=', scope.repository);
    }
  }
  if (excluded !== null) firsts = firsts.where((eb) => eb.not(isExcludedCommit(excluded)(eb)));
  const rows = await brought.execute();
  if (rows.length === 0) return [];
  const firstOf = new Map<string, number>();
  for (const row of await firsts.execute()) {
    firstOf.set(`${row.deployment_id}\n${Number(row.pull_request_number)}`, Number(row.first));
  }
  const views: BroughtPullRequestView[] = [];
  for (const row of rows) {
    if (row.merged_at === null) continue;
    const deployedAt = Number(row.finished_at);
    const mergedAt = Number(row.merged_at);
    const openedAt = row.opened_at === null ? null : Number(row.opened_at);
    const first = firstOf.get(`${row.deployment_id}\n${Number(row.number)}`);
    const stages = leadTimeStages([
      { openedAt, mergedAt, deployedAt, commitTimes: first === undefined ? [] : [first] },
    ]);
    views.push({
      repository: row.repository,
      number: Number(row.number),
      title: row.title,
      url: row.url,
      openedAt: openedAt === null ? null : iso(openedAt),
      mergedAt: iso(mergedAt),
      deploymentId: row.deployment_id,
      deployedAt: iso(deployedAt),
      codingSeconds: stages.codingSeconds,
      reviewSeconds: stages.reviewSeconds,
      deploySeconds: stages.deploySeconds ?? 0,
    });
  }
  return views.sort(
    (a, b) =>
      a.deployedAt.localeCompare(b.deployedAt) || a.repository.localeCompare(b.repository) || a.number - b.number,
  );
}

/**
 * `GET /api/projects/:projectId/metrics/pull-requests`: the rows behind `leadTimeForChanges.pullRequests` and
 * `stages` over the window (read as the metrics read it), narrowed to one repository with `?repository=`.
 */
export async function listWindowPullRequests(
  db: Kysely<Database>,
  projectId: string,
  query: { from?: string | undefined; to?: string | undefined; repository?: string | undefined },
  now: number,
): Promise<{ from: string; to: string; pullRequests: BroughtPullRequestView[] }> {
  const project = await getProjectRow(db, projectId);
  const window = drillWindow(query, project.time_zone, now);
  await refreshStaleRepositories(db, projectId);
  const excluded = await loadExcludedAuthors(db, projectId);
  const scope = { projectId, from: window.from, to: window.to, repository: query.repository };
  return {
    from: iso(window.from),
    to: iso(window.to),
    pullRequests: await broughtPullRequests(db, scope, excluded),
  };
}

/** `GET /api/deployments/:deploymentId/pull-requests`: the merged pull requests one deployment brought. */
export async function listDeploymentPullRequests(
  db: Kysely<Database>,
  deploymentId: string,
): Promise<{ pullRequests: BroughtPullRequestView[] }> {
  const owner = await db
    .selectFrom('deployments')
    .select('project_id')
    .where('id', '=', deploymentId)
    .where('pending_delete', '=', 0)
    .executeTakeFirst();
  if (owner === undefined) throw notFound(`Deployment ${deploymentId} does not exist.`);
  await refreshStaleRepositories(db, owner.project_id);
  const excluded = await loadExcludedAuthors(db, owner.project_id);
  return { pullRequests: await broughtPullRequests(db, { projectId: owner.project_id, deploymentId }, excluded) };
}
