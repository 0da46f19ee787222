import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  countPerBucket,
  type LeadTimeForChanges,
  type LeadTimePieces,
  type LeadTimeSummary,
  leadTimeFigure,
} from '../metrics/index.js';
import { loadExcludedAuthors } from './excluded-authors.js';
import { exclusionInstants, leadTimeSummaries, leadTimeValues } from './lead-time-summaries.js';
import { pullRequestFigures, pullRequestStageInputs } from './pull-request-figures.js';

/**
 * `leadTimeForChanges` of each bucket [starts[i], starts[i + 1]) (the last ending at `to`): the summaries of the
 * brought commits not excluded, the deployments that brought one (`broughtAt`, read alongside, from the window's deployments when
 * no commit is excluded: their `commits_count`), the excluded commits, the pull requests and their stages. The
 * exclusions come from the project's settings at read time.
 */
export async function leadTimeFigures(
  db: Kysely<Database>,
  projectId: string,
  starts: readonly number[],
  to: number,
  repository: string | undefined,
  broughtAt: Promise<readonly number[]>,
): Promise<LeadTimeForChanges[]> {
  const excluded = await loadExcludedAuthors(db, projectId);
  const [summaries, pullRequests, instants] = await Promise.all([
    leadTimeSummaries(db, projectId, starts, to, repository, excluded),
    pullRequestFigures(db, projectId, starts, to, repository, excluded),
    excluded === null ? null : exclusionInstants(db, projectId, starts, to, repository, excluded),
  ]);
  const brought = countPerBucket(instants?.broughtAt ?? (await broughtAt), starts, to);
  const excludedCounts = instants === null ? null : countPerBucket(instants.excludedAt, starts, to);
  return summaries.map((summary: LeadTimeSummary, i) =>
    leadTimeFigure(summary, brought[i] as number, {
      excludedCommits: excludedCounts?.[i] ?? 0,
      pullRequests: pullRequests[i]?.pullRequests ?? 0,
      stages: pullRequests[i]?.stages ?? { codingSeconds: null, reviewSeconds: null, deploySeconds: null },
    }),
  );
}

/**
 * What `leadTimeFigures` computes, before its medians: each bucket's lead times, counts and pull requests
 * (`LeadTimePieces`), so that several projects' pieces can pool into one median (`pooledLeadTime` of
 * src/metrics). The same scope, exclusions and counts as `leadTimeFigures`, for the whole project.
 */
export async function leadTimePieces(
  db: Kysely<Database>,
  projectId: string,
  starts: readonly number[],
  to: number,
  broughtAt: Promise<readonly number[]>,
): Promise<LeadTimePieces[]> {
  const excluded = await loadExcludedAuthors(db, projectId);
  const [values, pullRequests, instants] = await Promise.all([
    leadTimeValues(db, projectId, starts, to, excluded),
    pullRequestStageInputs(db, projectId, starts, to, undefined, excluded),
    excluded === null ? null : exclusionInstants(db, projectId, starts, to, undefined, excluded),
  ]);
  const brought = countPerBucket(instants?.broughtAt ?? (await broughtAt), starts, to);
  const excludedCounts = instants === null ? null : countPerBucket(instants.excludedAt, starts, to);
  return values.map((leadTimes, i) => ({
    leadTimes,
    deploymentsWithCommits: brought[i] as number,
    excludedCommits: excludedCounts?.[i] ?? 0,
    pullRequests: pullRequests[i] ?? [],
  }));
}
