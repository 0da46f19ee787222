import { shortSha } from './detail-time.js';
import type { DetectionDeployment } from './detection-deployment.js';
import { noFindings, type RuleFindings } from './rule-findings.js';
import { groupsInStreakOrder } from './streak-groups.js';

/**
 * The `rollback` rule (CONTRACT.md version 2): in each group, a successful deployment R whose `sha` equals that of an
 * earlier successful deployment, while the latest successful deployment before R has another (known) `sha` and is
 * not itself a rollback. T, the latest earlier successful deployment of that `sha`, is what R rolls back to: every
 * successful deployment after T and before R fails (`by` R), and R is rework of T. Failed deployments in between
 * fail by their status already; a deployment without a `sha` never rolls back, nor is rolled back to, nor lets the
 * next one be a rollback (whether that one redeploys the same version is unknown).
 */
export function detectRollbacks(
  deployments: readonly DetectionDeployment[],
  formatTime: (instant: number) => string,
): RuleFindings {
  const findings = noFindings();
  for (const group of groupsInStreakOrder(deployments)) {
    const successes = group.filter((deployment) => deployment.status === 'success');
    const latestOfSha = new Map<string, number>();
    let previousIsRollback = false;
    for (const [index, rollback] of successes.entries()) {
      const previous = successes[index - 1];
      const target = rollback.sha === null ? undefined : latestOfSha.get(rollback.sha);
      const isRollback: boolean =
        target !== undefined &&
        previous !== undefined &&
        previous.sha !== null &&
        previous.sha !== rollback.sha &&
        !previousIsRollback;
      if (isRollback && target !== undefined && rollback.sha !== null) {
        const to = successes[target] as (typeof successes)[number];
        const sha = shortSha(rollback.sha);
        const where = to.ref === null ? sha : `${to.ref} (${sha})`;
        const detail = `rolled back by the deployment of ${formatTime(rollback.finishedAt)} to ${where}`;
        for (const failed of successes.slice(target + 1, index)) {
          findings.failures.push({ failed: failed.id, cause: { kind: 'rollback', by: rollback.id, detail } });
        }
        findings.rework.push({ id: rollback.id, kind: 'rollback', of: to.id });
      }
      if (rollback.sha !== null) latestOfSha.set(rollback.sha, index);
      previousIsRollback = isRollback;
    }
  }
  return findings;
}
