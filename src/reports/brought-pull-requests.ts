import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { notFound } from '../errors.js';
import { refreshStaleRepositories } from '../ingest/refresh-lead-times.js';
import { getProjectRow } from '../manage/projects.js';
import { leadTimeStages } from '../metrics/index.js';
import {
  type BroughtScope,
  broughtPullRequestRows,
  firstCommitTimes,
  stageInputOf,
} from './brought-pull-request-rows.js';
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

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The merged pull requests brought (the cache `deployment_pull_requests`), read as `pullRequestFigures` reads them
 * for `leadTimeForChanges.pullRequests` and `stages` (the same statements, `broughtPullRequestRows` and
 * `firstCommitTimes`), each with its stages worked out by the same rule (`leadTimeStages` over that one pull
 * request). Ordered by deployment time, then repository and number.
 */
async function broughtPullRequests(
  db: Kysely<Database>,
  scope: BroughtScope,
  excluded: ExcludedAuthors | null,
): Promise<BroughtPullRequestView[]> {
  const rows = await broughtPullRequestRows(db, scope).select(['dpr.repository', 'pr.title', 'pr.url']).execute();
  if (rows.length === 0) return [];
  const firstOf = await firstCommitTimes(db, scope, excluded === null ? null : isExcludedCommit(excluded));
  const views: BroughtPullRequestView[] = [];
  for (const row of rows) {
    const input = stageInputOf(row, firstOf);
    if (input === null) continue;
    const stages = leadTimeStages([input]);
    views.push({
      repository: row.repository,
      number: Number(row.number),
      title: row.title,
      url: row.url,
      openedAt: input.openedAt === null ? null : iso(input.openedAt),
      mergedAt: iso(input.mergedAt),
      deploymentId: row.deployment_id,
      deployedAt: iso(input.deployedAt),
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
  const scope = { projectIds: [projectId], from: window.from, to: window.to, repository: query.repository };
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
  return { pullRequests: await broughtPullRequests(db, { projectIds: [owner.project_id], deploymentId }, excluded) };
}
