import { computeMetrics, type MetricFigures, type MetricsInput } from './compute-metrics.js';
import type { FailureStreak } from './failure-streaks.js';
import { type LeadTimeForChanges, leadTimeFigure } from './lead-time.js';
import { leadTimeStages, type PullRequestStageInput } from './lead-time-stages.js';
import { medianInPlace } from './median.js';
import type { MetricDeployment } from './metric-deployment.js';
import type { MetricWindow } from './metric-window.js';
import type { RestorableIncident } from './time-to-restore.js';
import { verdictStreaks } from './verdict-streaks.js';

/**
 * What one bucket's lead time is made of, before any median is taken: the lead times of the brought commits not
 * excluded, and the counts and pull requests beside them. Pieces of several projects pool by concatenation.
 */
export interface LeadTimePieces {
  /** Seconds, one per brought commit not excluded. */
  readonly leadTimes: Float64Array;
  readonly deploymentsWithCommits: number;
  readonly excludedCommits: number;
  readonly pullRequests: readonly PullRequestStageInput[];
}

/** What one project brings to a window (or series): its deployments with their verdicts, streaks and incidents. */
export interface ProjectInput {
  readonly deployments: readonly MetricDeployment[];
  /** This project's own streaks: groups never span projects, even when two hold the same repository. */
  readonly streaks: readonly FailureStreak[];
  readonly incidents: readonly RestorableIncident[];
  /** One per bucket (one for a window). */
  readonly leadTimes: readonly LeadTimePieces[];
}

/** A project's input from its deployments: the streaks are found among them. */
export function projectInput(
  deployments: readonly MetricDeployment[],
  incidents: readonly RestorableIncident[],
  leadTimes: readonly LeadTimePieces[],
): ProjectInput {
  return { deployments, streaks: verdictStreaks(deployments), incidents, leadTimes };
}

/**
 * Lead time for changes of the pooled pieces: the median over every lead time of all of them (never a mean of
 * medians), the counts summed, the stages' medians over all the pull requests.
 */
export function pooledLeadTime(pieces: readonly LeadTimePieces[]): LeadTimeForChanges {
  let count = 0;
  for (const piece of pieces) count += piece.leadTimes.length;
  const values = new Float64Array(count);
  let offset = 0;
  for (const piece of pieces) {
    values.set(piece.leadTimes, offset);
    offset += piece.leadTimes.length;
  }
  const pullRequests = pieces.flatMap((piece) => piece.pullRequests);
  return leadTimeFigure(
    { commits: count, medianSeconds: medianInPlace(values) },
    pieces.reduce((sum, piece) => sum + piece.deploymentsWithCommits, 0),
    {
      excludedCommits: pieces.reduce((sum, piece) => sum + piece.excludedCommits, 0),
      pullRequests: pullRequests.length,
      stages: leadTimeStages(pullRequests),
    },
  );
}

/**
 * Several projects as one input (CONTRACT.md version 2, "Across projects"): their deployments, streaks and
 * incidents concatenated, so that every figure is computed once over the pooled events, and each of the `buckets`
 * lead times pooled (`pooledLeadTime`; one bucket for a window). Verdicts, causes, rework and attributions came
 * decided with each project's deployments and incidents; pooling decides nothing.
 */
export function poolProjectInputs(
  inputs: readonly ProjectInput[],
  buckets: number,
): { input: MetricsInput; leadTimes: LeadTimeForChanges[] } {
  const leadTimes: LeadTimeForChanges[] = [];
  for (let i = 0; i < buckets; i += 1) {
    leadTimes.push(pooledLeadTime(inputs.flatMap((p) => p.leadTimes[i] ?? [])));
  }
  return {
    input: {
      deployments: inputs.flatMap((p) => p.deployments),
      streaks: inputs.flatMap((p) => p.streaks),
      incidents: inputs.flatMap((p) => p.incidents),
    },
    leadTimes,
  };
}

/**
 * The figures of the pooled `inputs` over `window` in `timeZone`, computed once (`computeMetrics`); of one
 * project's input, that project's own figures.
 */
export function pooledFigures(inputs: readonly ProjectInput[], window: MetricWindow, timeZone: string): MetricFigures {
  const pooled = poolProjectInputs(inputs, 1);
  const { from: _from, to: _to, ...figures } = computeMetrics(pooled.input, window, timeZone, pooled.leadTimes[0]);
  return figures;
}
