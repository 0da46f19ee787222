import type { OpenStreakEdge } from './failure-streaks.js';
import { groupsInStreakOrder } from './streak-groups.js';
import type { VerdictStreakMember } from './verdict-streaks.js';

/** Whether a deployment takes part in streaks by verdict: a failed change starts or extends one, a success ends one. */
export function takesPartInVerdictStreaks(deployment: Pick<VerdictStreakMember, 'status' | 'failedChange'>): boolean {
  return deployment.failedChange === true || deployment.status === 'success';
}

/**
 * `openStreakEdges` for streaks by verdict (`verdictStreaks`), so that a window can be read without all history
 * once the verdicts are stored. Let `deployments` be every finished production deployment, with its verdict, that
 * finished in [lo, hi), lo and hi whole seconds. A deployment takes part when its verdict is failed or it succeeded
 * (a failed one marked `changeFailure: false` does not). Add, for each group with `before`, its last deployment
 * before lo that takes part, and for each group with `after`, its first success at or after hi whose verdict is not
 * failed. Then `verdictStreaks` of the result gives, for every streak that starts in [lo, hi), the same start and
 * recovery as over all history, for the reason `openStreakEdges` gives: what lies between is skipped or extends.
 */
export function openVerdictStreakEdges(deployments: readonly VerdictStreakMember[]): OpenStreakEdge[] {
  const edges: OpenStreakEdge[] = [];
  for (const group of groupsInStreakOrder(deployments)) {
    const taking = group.filter(takesPartInVerdictStreaks);
    const first = taking[0];
    const last = taking[taking.length - 1];
    if (first === undefined || last === undefined) continue;
    if (first.failedChange === true || last.failedChange === true) {
      edges.push({
        repository: first.repository,
        environment: first.environment,
        before: first.failedChange === true,
        after: last.failedChange === true,
      });
    }
  }
  return edges;
}
