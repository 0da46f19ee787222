import { shaInParentheses } from './detail-time.js';
import type { DetectionDeployment } from './detection-deployment.js';
import { hotfixEvidence } from './hotfix-keywords.js';
import { noFindings, type RuleFindings } from './rule-findings.js';
import { groupsInStreakOrder } from './streak-groups.js';

/**
 * The `hotfix` rule (CONTRACT.md version 2): a successful deployment that shows a hotfix keyword (`hotfixEvidence`)
 * fails the deployment of its group just before it, successful or failed, unless that one is itself a hotfix; it is
 * rework of the one it fails, and after a hotfix, of the earlier hotfix's `of` (so a run of hotfixes all rework the
 * deployment before the first). A hotfix with nothing before it in its group fails nothing and reworks `of: null`.
 */
export function detectHotfixes(
  deployments: readonly DetectionDeployment[],
  keywords: readonly string[],
  formatTime: (instant: number) => string,
): RuleFindings {
  const findings = noFindings();
  if (keywords.length === 0) return findings;
  for (const group of groupsInStreakOrder(deployments)) {
    const hotfixOf = new Map<string, string | null>();
    for (const [index, hotfix] of group.entries()) {
      if (hotfix.status !== 'success') continue;
      const evidence = hotfixEvidence(hotfix, keywords);
      if (evidence === null) continue;
      const previous = group[index - 1];
      let of: string | null = null;
      if (previous !== undefined) {
        const earlier = hotfixOf.get(previous.id);
        if (earlier !== undefined) of = earlier;
        else {
          of = previous.id;
          const when = formatTime(hotfix.finishedAt);
          const detail = `followed by the hotfix deployment of ${when}${shaInParentheses(hotfix.sha)}: ${evidence}`;
          findings.failures.push({ failed: previous.id, cause: { kind: 'hotfix', by: hotfix.id, detail } });
        }
      }
      hotfixOf.set(hotfix.id, of);
      findings.rework.push({ id: hotfix.id, kind: 'hotfix', of });
    }
  }
  return findings;
}
