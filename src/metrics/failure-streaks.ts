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
export function compareInStreakOrder(
  a: Pick<MetricDeployment, 'id' | 'status'> & { readonly finishedAt: number },
  b: Pick<MetricDeployment, 'id' | 'status'> & { readonly finishedAt: number },
): number {
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
  const groups = streakGroups(deployments);
  const streaks: FailureStreak[] = [];
  for (const group of groups.values()) {
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

/** The finished production deployments by (repository, environment), each group in contract order. */
function streakGroups(deployments: readonly MetricDeployment[]): Map<string, Finished[]> {
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
  for (const group of groups.values()) group.sort(compareInStreakOrder);
  return groups;
}

/** A group of a stretch of history whose streaks the stretch cannot settle alone (see `openStreakEdges`). */
export interface OpenStreakEdge {
  readonly repository: string | null;
  readonly environment: string;
  /** The group's first deployment of the stretch failed: whether it starts a streak depends on the one before. */
  readonly before: boolean;
  /** The group's last deployment of the stretch failed: its streak ends with the first success after. */
  readonly after: boolean;
}

/**
 * Loading one window instead of all history. Let `deployments` be every finished production deployment that
 * finished in [lo, hi), lo and hi whole seconds (a stretch of each group's contract order, since that order goes
 * by the second first). Add, for each group with `before`, its last deployment before lo (in contract order), and
 * for each group with `after`, its first success at or after hi. Then `failureStreaks` of the result gives, for every
 * streak that starts in [lo, hi), the same start and recovery as over all history: a failure's predecessor is in
 * the stretch or is that last one before it, and the success that ends a streak is in the stretch or is that
 * first one after it (what lies between it and the stretch are failures, which only extend the streak).
 * Streaks that start before lo come out shortened; they start outside the window either way.
 */
export function openStreakEdges(deployments: readonly MetricDeployment[]): OpenStreakEdge[] {
  const edges: OpenStreakEdge[] = [];
  for (const group of streakGroups(deployments).values()) {
    const first = group[0] as Finished;
    const last = group[group.length - 1] as Finished;
    if (first.status === 'failure' || last.status === 'failure') {
      edges.push({
        repository: first.repository,
        environment: first.environment,
        before: first.status === 'failure',
        after: last.status === 'failure',
      });
    }
  }
  return edges;
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
