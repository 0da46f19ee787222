import type { FailureCause, Rework } from '../domain/failure-cause.js';
import type { GroupMember } from './streak-groups.js';

/** A deployment with its verdict, as the version 2 figures read it. */
export interface JudgedDeployment extends GroupMember {
  /** A person's judgement: `manual` counts a `true`. */
  readonly changeFailure: boolean | null;
  readonly failedChange: boolean | null;
  readonly failureCauses: readonly FailureCause[];
  readonly rework: Rework | null;
}
