import type { Level } from '../metrics/index.js';
import type { MetricsBody } from './metrics.js';

/** A gauge of one figure per project, over the last 30 days (the default window of `GET .../metrics`). */
export interface FigureGauge {
  readonly name: string;
  readonly help: string;
  /** The value, from the API's answer; null leaves the project's sample out (no data: no sample, never NaN). */
  readonly value: (m: MetricsBody) => number | null;
}

const LAST_30 = 'over the last 30 days, as GET /api/projects/:projectId/metrics answers without from and to';

/** Every figure gauge of `GET /metrics`, base units (seconds, ratios 0 to 1), named as Prometheus advises. */
export const FIGURE_GAUGES: readonly FigureGauge[] = [
  {
    name: 'shipwatch_deployment_frequency_deployments',
    help: `Successful production deployments ${LAST_30} (deploymentFrequency.deployments)`,
    value: (m) => m.deploymentFrequency.deployments,
  },
  {
    name: 'shipwatch_deployment_frequency_deployment_days',
    help: `Distinct days in the project's time zone with a successful production deployment ${LAST_30} (deploymentFrequency.deploymentDays)`,
    value: (m) => m.deploymentFrequency.deploymentDays,
  },
  {
    name: 'shipwatch_deployment_frequency_per_day',
    help: `Successful production deployments per day ${LAST_30} (deploymentFrequency.perDay)`,
    value: (m) => m.deploymentFrequency.perDay,
  },
  {
    name: 'shipwatch_lead_time_for_changes_seconds',
    help: `Median lead time for changes in seconds, commit to production, ${LAST_30} (leadTimeForChanges.medianSeconds)`,
    value: (m) => m.leadTimeForChanges.medianSeconds,
  },
  {
    name: 'shipwatch_lead_time_for_changes_commits',
    help: `Commits the median lead time is taken over ${LAST_30} (leadTimeForChanges.commits)`,
    value: (m) => m.leadTimeForChanges.commits,
  },
  {
    name: 'shipwatch_change_failure_rate_ratio',
    help: `Failed changes over successful plus failed production deployments, 0 to 1, ${LAST_30} (changeFailureRate.rate)`,
    value: (m) => m.changeFailureRate.rate,
  },
  {
    name: 'shipwatch_change_failure_rate_failed_deployments',
    help: `Production deployments judged failed changes ${LAST_30} (changeFailureRate.failedDeployments)`,
    value: (m) => m.changeFailureRate.failedDeployments,
  },
  {
    name: 'shipwatch_change_failure_rate_deployments',
    help: `Successful plus failed production deployments ${LAST_30} (changeFailureRate.deployments)`,
    value: (m) => m.changeFailureRate.deployments,
  },
  {
    name: 'shipwatch_failed_deployment_recovery_time_seconds',
    help: `Median time in seconds from a failure streak's first failure to the success that ended it, ${LAST_30} (failedDeploymentRecoveryTime.medianSeconds)`,
    value: (m) => m.failedDeploymentRecoveryTime.medianSeconds,
  },
  {
    name: 'shipwatch_failed_deployment_recovery_time_failures',
    help: `Failure streaks that started ${LAST_30} (failedDeploymentRecoveryTime.failures)`,
    value: (m) => m.failedDeploymentRecoveryTime.failures,
  },
  {
    name: 'shipwatch_failed_deployment_recovery_time_recovered',
    help: `Failure streaks that started ${LAST_30} and ended (failedDeploymentRecoveryTime.recovered)`,
    value: (m) => m.failedDeploymentRecoveryTime.recovered,
  },
  {
    name: 'shipwatch_rework_rate_ratio',
    help: `Rework deployments over successful production deployments, 0 to 1, ${LAST_30} (reworkRate.rate)`,
    value: (m) => m.reworkRate.rate,
  },
  {
    name: 'shipwatch_rework_rate_rework_deployments',
    help: `Successful production deployments that are rework ${LAST_30} (reworkRate.reworkDeployments)`,
    value: (m) => m.reworkRate.reworkDeployments,
  },
  {
    name: 'shipwatch_time_to_restore_service_seconds',
    help: `Median time in seconds from an incident's start to its resolution, over the incidents that started ${LAST_30} (timeToRestoreService.medianSeconds)`,
    value: (m) => m.timeToRestoreService.medianSeconds,
  },
  {
    name: 'shipwatch_time_to_restore_service_incidents',
    help: `Incidents that started ${LAST_30} (timeToRestoreService.incidents)`,
    value: (m) => m.timeToRestoreService.incidents,
  },
  {
    name: 'shipwatch_time_to_restore_service_resolved',
    help: `Incidents that started ${LAST_30} and are resolved (timeToRestoreService.resolved)`,
    value: (m) => m.timeToRestoreService.resolved,
  },
];

/** `shipwatch_dora_level`: a figure's level as a number, so that a panel can map it (4 elite, 3 high, 2 medium, 1 low). */
export const LEVEL_GAUGE = {
  name: 'shipwatch_dora_level',
  help: `A figure's DORA level ${LAST_30}: 4 elite, 3 high, 2 medium, 1 low; no sample when the level is null`,
} as const;

export const LEVEL_VALUES: Readonly<Record<Level, number>> = { elite: 4, high: 3, medium: 2, low: 1 };

/** The figures that have a level, by the value of the gauge's `metric` label. */
export const LEVELS: Readonly<Record<string, (m: MetricsBody) => Level | null>> = {
  deployment_frequency: (m) => m.deploymentFrequency.level,
  lead_time_for_changes: (m) => m.leadTimeForChanges.level,
  change_failure_rate: (m) => m.changeFailureRate.level,
  failed_deployment_recovery_time: (m) => m.failedDeploymentRecoveryTime.level,
};

/** The counter of production deployments by status. */
export const DEPLOYMENTS_COUNTER = {
  name: 'shipwatch_production_deployments_total',
  help: 'Finished production deployments stored, all history, by project, repository ("" when none) and status (success, failure, canceled)',
} as const;

/** The statuses the counter counts: the terminal ones, so that a count only grows as deployments finish. */
export const COUNTED_STATUSES = ['success', 'failure', 'canceled'] as const;
