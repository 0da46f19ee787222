import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  countPerBucket,
  type LeadTimeForChanges,
  type LeadTimePieces,
  type LeadTimeSummary,
  leadTimeFigure,
} from '../metrics/index.js';
import { loadExcludedAuthors, loadExcludedAuthorsOf } from './excluded-authors.js';
import { exclusionInstants, leadTimeSummaries, leadTimeValuesOf } from './lead-time-summaries.js';
import { pullRequestFigures, pullRequestStageInputsOf } from './pull-request-figures.js';

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
 * What `leadTimeFigures` computes, before its medians, for several projects at once: each project's buckets' lead
 * times, counts and pull requests (`LeadTimePieces`), so that their pieces can pool into one median
 * (`pooledLeadTime` of src/metrics) or give each project's own. The same scope, exclusions (each project's own) and
 * counts as `leadTimeFigures`, in a few statements whatever the number of projects. `broughtAt` gives, per project,
 * the instants of its deployments that brought a commit (`WindowInput.broughtAt`), used when it excludes no author.
 */
export async function leadTimePiecesOf(
  db: Kysely<Database>,
  projectIds: readonly string[],
  starts: readonly number[],
  to: number,
  broughtAt: ReadonlyMap<string, readonly number[]>,
): Promise<Map<string, LeadTimePieces[]>> {
  const excluded = await loadExcludedAuthorsOf(db, projectIds);
  const excluding = [...excluded].flatMap(([id, authors]) => (authors === null ? [] : [[id, authors] as const]));
  const [values, pullRequests, instants] = await Promise.all([
    leadTimeValuesOf(db, projectIds, starts, to, excluded),
    pullRequestStageInputsOf(db, projectIds, starts, to, undefined, excluded),
    Promise.all(excluding.map(([id, authors]) => exclusionInstants(db, id, starts, to, undefined, authors))),
  ]);
  const instantsOf = new Map(excluding.map(([id], i) => [id, instants[i]]));
  return new Map(
    projectIds.map((id) => {
      const own = instantsOf.get(id);
      const brought = countPerBucket(own?.broughtAt ?? broughtAt.get(id) ?? [], starts, to);
      const excludedCounts = own === undefined ? null : countPerBucket(own.excludedAt, starts, to);
      const lists = values.get(id) ?? [];
      return [
        id,
        lists.map((leadTimes, i) => ({
          leadTimes,
          deploymentsWithCommits: brought[i] as number,
          excludedCommits: excludedCounts?.[i] ?? 0,
          pullRequests: pullRequests.get(id)?.[i] ?? [],
        })),
      ];
    }),
  );
}
