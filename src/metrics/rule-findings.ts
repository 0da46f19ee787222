import type { AutomaticReworkKind, FailureCause } from '../domain/failure-cause.js';

/** What one rule found: the deployments it fails, with the cause, and the deployments that are rework. */
export interface RuleFindings {
  readonly failures: { readonly failed: string; readonly cause: FailureCause }[];
  readonly rework: { readonly id: string; readonly kind: AutomaticReworkKind; readonly of: string | null }[];
}

export function noFindings(): RuleFindings {
  return { failures: [], rework: [] };
}
