import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PullRequestStageInput } from '../metrics/index.js';
import type { isExcludedCommit } from './excluded-authors.js';

/**
 * Which brought pull requests a read takes: those the deployments of a window brought (one or several projects,
 * perhaps one repository), for the figures and the window's drill-down; or those one deployment brought.
 */
export type BroughtScope = { readonly projectIds: readonly string[] } & (
  | { readonly from: number; readonly to: number; readonly repository?: string | undefined }
  | { readonly deploymentId: string }
);

/** Whether a `deployment_commits` row's commit is excluded (`isExcludedCommit`, `isExcludedCommitOf`). */
export type ExcludedCommit = ReturnType<typeof isExcludedCommit>;

/**
 * The merged pull requests the scope's deployments brought (the cache `deployment_pull_requests`, joined to
 * `pull_requests`), with what their stages need; a caller selects more columns of `dpr` and `pr` if it wants.
 */
export function broughtPullRequestRows(db: Kysely<Database>, scope: BroughtScope) {
  const query = db
    .selectFrom('deployment_pull_requests as dpr')
    .innerJoin('pull_requests as pr', (join) =>
      join
        .onRef('pr.project_id', '=', 'dpr.project_id')
        .onRef('pr.repository', '=', 'dpr.repository')
        .onRef('pr.number', '=', 'dpr.number'),
    )
    .select(['dpr.deployment_id', 'dpr.number', 'dpr.finished_at', 'pr.opened_at', 'pr.merged_at'])
    .where('dpr.project_id', 'in', [...scope.projectIds]);
  if ('deploymentId' in scope) return query.where('dpr.deployment_id', '=', scope.deploymentId);
  const windowed = query.where('dpr.finished_at', '>=', scope.from).where('dpr.finished_at', '<', scope.to);
  return scope.repository === undefined ? windowed : windowed.where('dpr.repository', '=', scope.repository);
}

/** The earliest commit times found by `firstCommitTimes`, by deployment and pull request number (`firstOf`). */
export type FirstCommitTimes = ReadonlyMap<string, number>;

const key = (deploymentId: string, number: number) => `${deploymentId}\n${number}`;

/**
 * For each pull request a deployment of the scope brought, the time of the earliest commit it brought through
 * that pull request (`deployment_commits.pull_request_number`, the commit's time from `commits`) whose author is
 * not excluded: where coding starts. One statement.
 */
export async function firstCommitTimes(
  db: Kysely<Database>,
  scope: BroughtScope,
  isExcluded: ExcludedCommit | null,
): Promise<FirstCommitTimes> {
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
    .where('deployment_commits.project_id', 'in', [...scope.projectIds])
    .where('deployment_commits.pull_request_number', 'is not', null)
    .groupBy(['deployment_commits.deployment_id', 'deployment_commits.pull_request_number']);
  if ('deploymentId' in scope) {
    firsts = firsts.where('deployment_commits.deployment_id', '=', scope.deploymentId);
  } else {
    firsts = firsts
      .where('deployment_commits.finished_at', '>=', scope.from)
      .where('deployment_commits.finished_at', '<', scope.to);
    if (scope.repository !== undefined) firsts = firsts.where('deployment_commits.repository', '=', scope.repository);
  }
  if (isExcluded !== null) firsts = firsts.where((eb) => eb.not(isExcluded(eb)));
  const found = new Map<string, number>();
  for (const row of await firsts.execute()) {
    found.set(key(row.deployment_id, Number(row.pull_request_number)), Number(row.first));
  }
  return found;
}

/**
 * What `leadTimeStages` needs of one row of `broughtPullRequestRows`, its coding start from `firstOf`; null for a
 * pull request not merged (the figures and the drill-down leave it out).
 */
export function stageInputOf(
  row: {
    deployment_id: string;
    number: number;
    finished_at: number;
    opened_at: number | null;
    merged_at: number | null;
  },
  firstOf: FirstCommitTimes,
): PullRequestStageInput | null {
  if (row.merged_at === null) return null;
  const first = firstOf.get(key(row.deployment_id, Number(row.number)));
  return {
    openedAt: row.opened_at === null ? null : Number(row.opened_at),
    mergedAt: Number(row.merged_at),
    deployedAt: Number(row.finished_at),
    commitTimes: first === undefined ? [] : [first],
  };
}
