import {
  AUTOMATIC_REWORK_KINDS,
  type AutomaticReworkKind,
  FAILURE_CAUSE_KINDS,
  type FailureCause,
  type Rework,
} from '../domain/failure-cause.js';
import { formatDetailTime } from './detail-time.js';
import { detectHotfixes } from './detect-hotfixes.js';
import { detectReverts } from './detect-reverts.js';
import { detectRollbacks } from './detect-rollbacks.js';
import type { DeploymentVerdict, DetectionContext, DetectionDeployment } from './detection-deployment.js';
import type { RuleFindings } from './rule-findings.js';

/**
 * Every deployment's verdict, causes and rework (CONTRACT.md version 2, "Change failures and rework, detected"),
 * decided from all of the project's history: pass every deployment (all repositories, all environments) with what
 * it brings and reaches, and its incidents. Keyed by deployment id, in id order; the input's order changes nothing.
 *
 * - `failed_status` holds for every failed deployment; `incident` for each incident attributed to a successful or
 *   failed one; `rollback`, `revert` and `hotfix` as `detectRollbacks`, `detectReverts`, `detectHotfixes` say.
 * - `failedChange`: null unless the status is success or failure; else the person's `changeFailure` where set, else
 *   whether any cause holds.
 * - `rework`: only a successful deployment is rework. The first automatic kind of rollback, revert, hotfix; a
 *   person's `reworkOverride` true keeps it or makes `{kind: 'manual', of: null}`, false makes none.
 */
export function detectChangeFailures(
  deployments: readonly DetectionDeployment[],
  context: DetectionContext,
): Map<string, DeploymentVerdict> {
  const formatTime = context.formatTime ?? formatDetailTime;
  const { settings } = context;
  const rules: RuleFindings[] = [];
  if (settings.rollback) rules.push(detectRollbacks(deployments, formatTime));
  if (settings.revert) rules.push(detectReverts(deployments, context, formatTime));
  rules.push(detectHotfixes(deployments, settings.hotfixKeywords, formatTime));

  const causes = new Map<string, FailureCause[]>();
  const reworks = new Map<string, AutomaticRework[]>();
  for (const rule of rules) {
    for (const { failed, cause } of rule.failures) append(causes, failed, cause);
    for (const { id, kind, of } of rule.rework) append(reworks, id, { kind, of });
  }

  const verdicts = new Map<string, DeploymentVerdict>();
  for (const deployment of [...deployments].sort((a, b) => compareText(a.id, b.id))) {
    const judged = deployment.status === 'success' || deployment.status === 'failure';
    const found: FailureCause[] = judged ? [...(causes.get(deployment.id) ?? [])] : [];
    if (deployment.status === 'failure') {
      found.push({ kind: 'failed_status', by: null, detail: 'the deployment’s status is failure' });
    }
    if (judged && settings.incidents) {
      for (const incident of new Set(deployment.incidentIds)) {
        const detail = context.describeIncident?.(incident) ?? `incident ${incident} is attributed to this deployment`;
        found.push({ kind: 'incident', by: incident, detail });
      }
    }
    found.sort(compareCauses);
    verdicts.set(deployment.id, {
      id: deployment.id,
      failedChange: judged ? (deployment.changeFailure ?? found.length > 0) : null,
      failureCauses: found,
      rework: deployment.status === 'success' ? reworkOf(reworks.get(deployment.id) ?? [], deployment) : null,
    });
  }
  return verdicts;
}

type AutomaticRework = Rework & { readonly kind: AutomaticReworkKind };

function reworkOf(automatic: readonly AutomaticRework[], deployment: DetectionDeployment): Rework | null {
  if (deployment.reworkOverride === false) return null;
  const rank = (rework: AutomaticRework) => AUTOMATIC_REWORK_KINDS.indexOf(rework.kind);
  const first = [...automatic].sort((a, b) => rank(a) - rank(b))[0];
  if (first !== undefined) return first;
  return deployment.reworkOverride === true ? { kind: 'manual', of: null } : null;
}

function compareCauses(a: FailureCause, b: FailureCause): number {
  return (
    FAILURE_CAUSE_KINDS.indexOf(a.kind) - FAILURE_CAUSE_KINDS.indexOf(b.kind) || compareText(a.by ?? '', b.by ?? '')
  );
}

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
