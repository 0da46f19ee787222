import { type DeploymentFrequency, deploymentFrequency } from './deployment-frequency.js';
import type { FailureStreak } from './failure-streaks.js';
import { type LeadTimeForChanges, leadTime } from './lead-time.js';
import type { MetricDeployment } from './metric-deployment.js';
import type { MetricWindow } from './metric-window.js';
import { type FailedDeploymentRecoveryTime, recoveryTimeOfStreaks } from './recovery-time.js';
import { type ReworkRate, reworkRate } from './rework-rate.js';
import { type RestorableIncident, type TimeToRestoreService, timeToRestoreService } from './time-to-restore.js';
import { type VerdictChangeFailureRate, verdictChangeFailureRate } from './verdict-change-failure-rate.js';
import { verdictStreaks } from './verdict-streaks.js';

/**
 * What the figures are computed from: the project's deployments, all of history (narrowed to one repository for
 * `?repository=`), or, for one window, those around it plus the ones `openStreakEdges` asks for.
 */
export interface MetricsInput {
  readonly deployments: readonly MetricDeployment[];
  /** The incidents that count (any start: each figure keeps those that started in its window). */
  readonly incidents?: readonly RestorableIncident[];
  /**
   * The failure streaks, when found elsewhere: a team pools each project's own (`poolProjectInputs`), since a
   * repository in two projects is two groups. Left out, they are `verdictStreaks(deployments)`.
   */
  readonly streaks?: readonly FailureStreak[];
}

/** The figures of one window: the four DORA keys of version 1, and version 2's rework rate. */
export interface MetricFigures {
  readonly deploymentFrequency: DeploymentFrequency;
  readonly leadTimeForChanges: LeadTimeForChanges;
  readonly changeFailureRate: VerdictChangeFailureRate;
  readonly failedDeploymentRecoveryTime: FailedDeploymentRecoveryTime;
  /** Version 2: beside failed deployment recovery time, never replacing it. */
  readonly timeToRestoreService: TimeToRestoreService;
  readonly reworkRate: ReworkRate;
}

/** The body of `GET /api/projects/:projectId/metrics`, with `from` and `to` as epoch ms (the HTTP layer writes them as ISO 8601). */
export interface MetricsReport extends MetricFigures {
  readonly from: number;
  readonly to: number;
}

/**
 * The figures of `window` from the deployments and failure streaks (by verdict, `verdictStreaks`) that count in it, with the lead time given
 * (worked out from the deployments' `commitLeadTimes`, or by the database). The one place the figures are put
 * together: `computeMetrics` (the metrics endpoint) and each point of `computeSeries` come here.
 */
export function metricFigures(
  deployments: readonly MetricDeployment[],
  streaks: readonly FailureStreak[],
  window: MetricWindow,
  timeZone: string,
  leadTimeForChanges: LeadTimeForChanges,
  incidents: readonly RestorableIncident[] = [],
): MetricFigures {
  return {
    deploymentFrequency: deploymentFrequency(deployments, window, timeZone),
    leadTimeForChanges,
    changeFailureRate: verdictChangeFailureRate(deployments, window),
    failedDeploymentRecoveryTime: recoveryTimeOfStreaks(streaks, window),
    timeToRestoreService: timeToRestoreService(incidents, window),
    reworkRate: reworkRate(deployments, window),
  };
}

/**
 * The DORA figures (and rework rate) over `window` (CONTRACT.md, "Metrics"). Pure: the window (and so `now`)
 * is decided by the caller. `from` and `to` come back as epoch milliseconds; the HTTP layer
 * formats them as `2026-03-02T00:00:00.000Z`. `leadTimeForChanges`, when given, is the window's lead time
 * worked out elsewhere (the database, src/reports/lead-time-summaries.ts); otherwise it comes from the
 * deployments' `commitLeadTimes`.
 */
export function computeMetrics(
  input: MetricsInput,
  window: MetricWindow,
  timeZone: string,
  leadTimeForChanges?: LeadTimeForChanges,
): MetricsReport {
  const { deployments } = input;
  return {
    from: window.from,
    to: window.to,
    ...metricFigures(
      deployments,
      input.streaks ?? verdictStreaks(deployments),
      window,
      timeZone,
      leadTimeForChanges ?? leadTime(deployments, window),
      input.incidents,
    ),
  };
}
