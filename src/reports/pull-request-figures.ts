import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { type LeadTimeStages, leadTimeStages, type PullRequestStageInput } from '../metrics/index.js';
import { type ExcludedAuthors, isExcludedCommitOf } from './excluded-authors.js';

/** Per bucket: the merged pull requests the bucket's deployments brought, and the stage medians over them. */
export interface PullRequestBucketFigures {
  readonly pullRequests: number;
  readonly stages: LeadTimeStages;
}

/**
 * The pull request figures of each bucket [starts[i], starts[i + 1]) (the last one ending at `to`), from the
 * cache (`deployment_pull_requests`: which deployment brought each merged pull request) and the pull requests'
 * `openedAt` and `mergedAt`. Coding starts at the earliest non-excluded commit the deployment brought through the
 * pull request (`deployment_commits.pull_request_number`, the commit's time from `commits`).
 */
export async function pullRequestFigures(
  db: Kysely<Database>,
  projectId: string,
  starts: readonly number[],
  to: number,
  repository: string | undefined,
  excluded: ExcludedAuthors | null,
): Promise<PullRequestBucketFigures[]> {
  const inputs = await pullRequestStageInputs(db, projectId, starts, to, repository, excluded);
  return inputs.map((list) => ({ pullRequests: list.length, stages: leadTimeStages(list) }));
}

/** The merged pull requests each bucket's deployments brought, with what their stages need (see `pullRequestFigures`). */
export async function pullRequestStageInputs(
  db: Kysely<Database>,
  projectId: string,
  starts: readonly number[],
  to: number,
  repository: string | undefined,
  excluded: ExcludedAuthors | null,
): Promise<PullRequestStageInput[][]> {
  const inputs = await pullRequestStageInputsOf(
    db,
    [projectId],
    starts,
    to,
    repository,
    new Map([[projectId, excluded]]),
  );
  return inputs.get(projectId) ?? [];
}

/** `pullRequestStageInputs` of several projects in two statements, each project with its own exclusions. */
export async function pullRequestStageInputsOf(
  db: Kysely<Database>,
  projectIds: readonly string[],
  starts: readonly number[],
  to: number,
  repository: string | undefined,
  excluded: ReadonlyMap<string, ExcludedAuthors | null>,
): Promise<Map<string, PullRequestStageInput[][]>> {
  const inputs = new Map(projectIds.map((id) => [id, starts.map((): PullRequestStageInput[] => [])]));
  if (starts.length === 0 || projectIds.length === 0) return inputs;
  let brought = db
    .selectFrom('deployment_pull_requests as dpr')
    .innerJoin('pull_requests as pr', (join) =>
      join
        .onRef('pr.project_id', '=', 'dpr.project_id')
        .onRef('pr.repository', '=', 'dpr.repository')
        .onRef('pr.number', '=', 'dpr.number'),
    )
    .select(['dpr.project_id', 'dpr.deployment_id', 'dpr.number', 'dpr.finished_at', 'pr.opened_at', 'pr.merged_at'])
    .where('dpr.project_id', 'in', [...projectIds])
    .where('dpr.finished_at', '>=', starts[0] as number)
    .where('dpr.finished_at', '<', to);
  if (repository !== undefined) brought = brought.where('dpr.repository', '=', repository);
  const rows = await brought.execute();
  if (rows.length === 0) return inputs;

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
    .where('deployment_commits.project_id', 'in', [...new Set(rows.map((row) => row.project_id))])
    .where('deployment_commits.finished_at', '>=', starts[0] as number)
    .where('deployment_commits.finished_at', '<', to)
    .where('deployment_commits.pull_request_number', 'is not', null)
    .groupBy(['deployment_commits.deployment_id', 'deployment_commits.pull_request_number']);
  if (repository !== undefined) firsts = firsts.where('deployment_commits.repository', '=', repository);
  const isExcluded = isExcludedCommitOf(excluded);
  if (isExcluded !== null) firsts = firsts.where((eb) => eb.not(isExcluded(eb)));
  const firstOf = new Map<string, number>();
  for (const row of await firsts.execute()) {
    firstOf.set(`${row.deployment_id}\n${Number(row.pull_request_number)}`, Number(row.first));
  }

  for (const row of rows) {
    if (row.merged_at === null) continue;
    const finishedAt = Number(row.finished_at);
    const first = firstOf.get(`${row.deployment_id}\n${Number(row.number)}`);
    inputs.get(row.project_id)?.[bucketOf(starts, finishedAt)]?.push({
      openedAt: row.opened_at === null ? null : Number(row.opened_at),
      mergedAt: Number(row.merged_at),
      deployedAt: finishedAt,
      commitTimes: first === undefined ? [] : [first],
    });
  }
  return inputs;
}

function bucketOf(starts: readonly number[], instant: number): number {
  let low = 0;
  let high = starts.length;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if ((starts[middle] as number) <= instant) low = middle;
    else high = middle;
  }
  return low;
}
