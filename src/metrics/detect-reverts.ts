import { shaInParentheses, shortSha } from './detail-time.js';
import type { DetectionContext, DetectionDeployment } from './detection-deployment.js';
import { compareInStreakOrder } from './failure-streaks.js';
import { revertMentions } from './revert-mentions.js';
import { noFindings, type RuleFindings } from './rule-findings.js';
import { type FinishedMember, isGroupMember } from './streak-groups.js';

type Finished = FinishedMember<DetectionDeployment>;

/**
 * The `revert` rule (CONTRACT.md version 2): a successful production deployment V brings a commit whose message says
 * `This reverts commit <sha>`, the sha a prefix of exactly one commit of V's repository's history (an ambiguous
 * prefix is read as git reads it: as no commit); the earliest successful production deployment D of the repository
 * (any production environment) that reached or brought that commit, if it came before V, fails (`by` V), and V is
 * rework of D (of the earliest such D, when V reverts several deployments' commits). A commit reverted before any
 * deployment took it to production fails nothing.
 */
export function detectReverts(
  deployments: readonly DetectionDeployment[],
  context: Pick<DetectionContext, 'resolveCommit'>,
  formatTime: (instant: number) => string,
): RuleFindings {
  const successes = deployments
    .filter((deployment): deployment is Finished => isGroupMember(deployment) && deployment.status === 'success')
    .sort(compareInStreakOrder);
  // The commits each success reverts, resolved first: most histories revert little, so only those commits are
  // followed back to the first deployment that took them (a repository's whole history is read at once).
  const reverts = new Map<Finished, { commit: string; reverted: string }[]>();
  const wanted = new Map<string | null, Set<string>>();
  for (const reverting of successes) {
    for (const commit of reverting.brought) {
      for (const prefix of revertMentions(commit.message ?? '')) {
        const matches = context.resolveCommit(reverting.repository, prefix);
        if (matches.length !== 1) continue;
        const reverted = matches[0] as string;
        const list = reverts.get(reverting) ?? [];
        list.push({ commit: commit.sha, reverted });
        reverts.set(reverting, list);
        const shas = wanted.get(reverting.repository) ?? new Set<string>();
        shas.add(reverted);
        wanted.set(reverting.repository, shas);
      }
    }
  }
  const findings = noFindings();
  if (reverts.size === 0) return findings;
  // Per repository (or none: a Map keeps null apart from an empty name), the first success to reach each commit.
  const firstToReach = new Map<string | null, Map<string, Finished>>();
  for (const deployment of successes) {
    const shas = wanted.get(deployment.repository);
    if (shas === undefined) continue;
    let first = firstToReach.get(deployment.repository);
    if (first === undefined) {
      first = new Map();
      firstToReach.set(deployment.repository, first);
    }
    for (const sha of deployment.reached) if (shas.has(sha) && !first.has(sha)) first.set(sha, deployment);
    for (const { sha } of deployment.brought) if (shas.has(sha) && !first.has(sha)) first.set(sha, deployment);
  }
  for (const [reverting, list] of reverts) {
    const revealed = new Map<Finished, string[]>();
    for (const { commit, reverted } of list) {
      const target = firstToReach.get(reverting.repository)?.get(reverted);
      if (target === undefined || compareInStreakOrder(target, reverting) >= 0) continue;
      const pairs = revealed.get(target) ?? [];
      const pair = `commit ${shortSha(commit)} reverts ${shortSha(reverted)}`;
      if (!pairs.includes(pair)) pairs.push(pair);
      revealed.set(target, pairs);
    }
    const targets = [...revealed.keys()].sort(compareInStreakOrder);
    for (const target of targets) {
      const pairs = (revealed.get(target) as string[]).join('; ');
      const detail = `reverted by the deployment of ${formatTime(reverting.finishedAt)}${shaInParentheses(reverting.sha)}: ${pairs}`;
      findings.failures.push({ failed: target.id, cause: { kind: 'revert', by: reverting.id, detail } });
    }
    const earliest = targets[0];
    if (earliest !== undefined) findings.rework.push({ id: reverting.id, kind: 'revert', of: earliest.id });
  }
  return findings;
}
