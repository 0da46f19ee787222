import type { FailureStreak } from './failure-streaks.js';
import { type Level, recoveryTimeLevel } from './levels.js';
import { median } from './median.js';
import { isInWindow, type MetricDeployment } from './metric-deployment.js';
import type { MetricWindow } from './metric-window.js';
import { verdictStreaks } from './verdict-streaks.js';

export interface FailedDeploymentRecoveryTime {
  /** Median over the recovered streaks that start in the window; null when none recovered. */
  readonly medianSeconds: number | null;
  /** Failure streaks that start in the window. */
  readonly failures: number;
  /** Those that ended with a successful deployment (possibly after the window). */
  readonly recovered: number;
  readonly level: Level | null;
}

/** Recovery time over `window` from streaks already found (see `failureStreaks`). */
export function recoveryTimeOfStreaks(
  streaks: readonly FailureStreak[],
  window: MetricWindow,
): FailedDeploymentRecoveryTime {
  let failures = 0;
  const seconds: number[] = [];
  for (const streak of streaks) {
    if (!isInWindow(streak.startedAt, window)) continue;
    failures += 1;
    if (streak.recoverySeconds !== null) seconds.push(streak.recoverySeconds);
  }
  const medianSeconds = median(seconds);
  return { medianSeconds, failures, recovered: seconds.length, level: recoveryTimeLevel(medianSeconds) };
}

/**
 * Failed deployment recovery time over `window` (CONTRACT.md, "Metrics"). `deployments` must hold
 * all of history (at least every production deployment of the groups concerned): a failure in the
 * window extends a streak that began before it rather than starting one.
 */
export function recoveryTime(
  deployments: readonly MetricDeployment[],
  window: MetricWindow,
): FailedDeploymentRecoveryTime {
  return recoveryTimeOfStreaks(verdictStreaks(deployments), window);
}
