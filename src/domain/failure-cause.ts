/** Why a deployment is a failed change (CONTRACT.md version 2, "Change failures and rework, detected"). */
export const FAILURE_CAUSE_KINDS = ['failed_status', 'rollback', 'revert', 'hotfix', 'incident'] as const;
export type FailureCauseKind = (typeof FAILURE_CAUSE_KINDS)[number];

/** One automatic cause that holds for a deployment. */
export interface FailureCause {
  readonly kind: FailureCauseKind;
  /** The id of the deployment or incident that revealed it; null for `failed_status`. */
  readonly by: string | null;
  /** A sentence a person can read: "rolled back by the deployment of 4 Jun 2026 11:00 UTC to r2 (b2c3d4e)". */
  readonly detail: string;
}

/** The automatic rework kinds, in the order that decides between several (the first wins). */
export const AUTOMATIC_REWORK_KINDS = ['rollback', 'revert', 'hotfix'] as const;
export type AutomaticReworkKind = (typeof AUTOMATIC_REWORK_KINDS)[number];
/** `manual`: a person's `reworkOverride: true` where no automatic kind holds. */
export type ReworkKind = AutomaticReworkKind | 'manual';

/** A deployment that reworks another: `of` the id of the deployment it reworks (null for `manual`, or unknown). */
export interface Rework {
  readonly kind: ReworkKind;
  readonly of: string | null;
}

/** The project setting `failureDetection`: each rule on or off; `hotfixKeywords: []` turns hotfix off. */
export interface FailureDetection {
  readonly rollback: boolean;
  readonly revert: boolean;
  readonly hotfixKeywords: readonly string[];
  readonly incidents: boolean;
}

export const DEFAULT_FAILURE_DETECTION: FailureDetection = Object.freeze({
  rollback: true,
  revert: true,
  hotfixKeywords: Object.freeze(['hotfix']),
  incidents: true,
});
