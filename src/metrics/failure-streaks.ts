import { isFinishedProduction, type MetricDeployment } from './metric-deployment.js';

/** A run of failed production deployments of one repository in one environment, and the success that ended it. */
export interface FailureStreak {
  readonly repository: string | null;
  readonly environment: string;
  /** The first failure's `finishedAt` (epoch ms): where the streak starts. */
  readonly startedAt: number;
  /** The failed deployments, in order. */
  readonly failureIds: readonly string[];
  /** The successful deployment that ended it; null while it has not recovered. */
  readonly recoveryId: string | null;
  readonly recoveredAt: number | null;
  /** Whole seconds from the first failure to the recovery; null while not recovered. */
  readonly recoverySeconds: number | null;
}

type Finished = MetricDeployment & { readonly finishedAt: number };

/** Contract order: by `finishedAt` (to the second), a failure before a success at the same second, then by id. */
function compareForStreaks(a: Finished, b: Finished): number {
  const bySecond = Math.floor(a.finishedAt / 1000) - Math.floor(b.finishedAt / 1000);
  if (bySecond !== 0) return bySecond;
  if (a.status !== b.status) return a.status === 'failure' ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Every failure streak in the history of `deployments` (CONTRACT.md, "Metrics", recovery time).
 * Pass all of history, not one window: whether a failure starts a streak depends on what came
 * before it. Only finished successful and failed production deployments take part: canceled and
 * unfinished ones neither start, extend nor end a streak. Groups are (repository, environment),
 * deployments without a repository forming one group per environment. Streaks come ordered by
 * `startedAt`, then repository, environment.
 */
export function failureStreaks(deployments: readonly MetricDeployment[]): FailureStreak[] {
  const groups = new Map<string, Finished[]>();
  for (const deployment of deployments) {
    if (!isFinishedProduction(deployment)) continue;
    const key = JSON.stringify([deployment.repository, deployment.environment]);
    let group = groups.get(key);
    if (group === undefined) {
      group = [];
      groups.set(key, group);
    }
    group.push(deployment);
  }
  const streaks: FailureStreak[] = [];
  for (const group of groups.values()) {
    group.sort(compareForStreaks);
    let open: { first: Finished; failureIds: string[] } | null = null;
    for (const deployment of group) {
      if (deployment.status === 'failure') {
        if (open === null) open = { first: deployment, failureIds: [deployment.id] };
        else open.failureIds.push(deployment.id);
      } else if (open !== null) {
        streaks.push(streakOf(open.first, open.failureIds, deployment));
        open = null;
      }
    }
    if (open !== null) streaks.push(streakOf(open.first, open.failureIds, null));
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

function streakOf(first: Finished, failureIds: string[], recovery: Finished | null): FailureStreak {
  return {
    repository: first.repository,
    environment: first.environment,
    startedAt: first.finishedAt,
    failureIds,
    recoveryId: recovery?.id ?? null,
    recoveredAt: recovery?.finishedAt ?? null,
    recoverySeconds:
      recovery === null ? null : Math.floor(recovery.finishedAt / 1000) - Math.floor(first.finishedAt / 1000),
  };
}
