import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { type LeadTimeStages, leadTimeStages, type PullRequestStageInput } from '../metrics/index.js';
import { broughtPullRequestRows, firstCommitTimes, stageInputOf } from './brought-pull-request-rows.js';
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
  const scope = { projectIds, from: starts[0] as number, to, repository };
  const rows = await broughtPullRequestRows(db, scope).select('dpr.project_id').execute();
  if (rows.length === 0) return inputs;
  const firstOf = await firstCommitTimes(
    db,
    { ...scope, projectIds: [...new Set(rows.map((row) => row.project_id))] },
    isExcludedCommitOf(excluded),
  );
  for (const row of rows) {
    const input = stageInputOf(row, firstOf);
    if (input !== null) inputs.get(row.project_id)?.[bucketOf(starts, input.deployedAt)]?.push(input);
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
