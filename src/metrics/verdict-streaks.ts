import type { FailureStreak } from './failure-streaks.js';
import { type GroupMember, groupsInStreakOrder } from './streak-groups.js';

/** A deployment of a group with its verdict (`detectChangeFailures`'s `failedChange`). */
export interface VerdictStreakMember extends GroupMember {
  readonly failedChange: boolean | null;
}

/**
 * Every failure streak in history, the streaks following the verdict (CONTRACT.md version 2, which replaces version
 * 1's "streaks go by the status"; `failureStreaks` is version 1's rule). In each group, ordered as version 1's
 * streaks, a streak is a run of deployments whose verdict is failed, successful ones included (a rolled-back
 * deployment, one marked `changeFailure: true`); it ends with the next successful deployment whose verdict is not
 * failed. A failed deployment whose verdict is not failed (marked `changeFailure: false`) neither starts, extends
 * nor ends a streak. Same shape and order as `failureStreaks`, so `recoveryTimeOfStreaks` takes the result.
 */
export function verdictStreaks(deployments: readonly VerdictStreakMember[]): FailureStreak[] {
  const streaks: FailureStreak[] = [];
  for (const group of groupsInStreakOrder(deployments)) {
    let open: { startedAt: number; failureIds: string[] } | null = null;
    const close = (recovery: { id: string; finishedAt: number } | null) => {
      if (open === null) return;
      const first = group[0] as (typeof group)[number];
      streaks.push({
        repository: first.repository,
        environment: first.environment,
        startedAt: open.startedAt,
        failureIds: open.failureIds,
        recoveryId: recovery?.id ?? null,
        recoveredAt: recovery?.finishedAt ?? null,
        recoverySeconds:
          recovery === null ? null : Math.floor(recovery.finishedAt / 1000) - Math.floor(open.startedAt / 1000),
      });
      open = null;
    };
    for (const deployment of group) {
      if (deployment.failedChange === true) {
        if (open === null) open = { startedAt: deployment.finishedAt, failureIds: [deployment.id] };
        else open.failureIds.push(deployment.id);
      } else if (deployment.status === 'success') close(deployment);
    }
    close(null);
  }
  return streaks.sort(
    (a, b) =>
      a.startedAt - b.startedAt ||
      compareText(a.repository ?? '', b.repository ?? '') ||
      compareText(a.environment, b.environment),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
