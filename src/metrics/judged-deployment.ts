import type { FailureCause, Rework } from '../domain/failure-cause.js';
import type { GroupMember } from './streak-groups.js';

/** A deployment with its verdict, as the version 2 figures read it. */
export interface JudgedDeployment extends GroupMember {
  /** A person's judgement: `manual` counts a `true`. */
  readonly changeFailure: boolean | null;
  readonly failedChange: boolean | null;
  /** Only the kinds are read. */
  readonly failureCauses: readonly Pick<FailureCause, 'kind'>[];
  /** Only the kind is read. */
  readonly rework: Pick<Rework, 'kind'> | null;
}
