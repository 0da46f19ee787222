import type { DeploymentStatus } from '../domain/deployment-status.js';
import { compareInStreakOrder } from './failure-streaks.js';

/** What grouping and ordering as for version 1's streaks need of a deployment. */
export interface GroupMember {
  readonly id: string;
  readonly repository: string | null;
  readonly environment: string;
  readonly production: boolean;
  readonly status: DeploymentStatus;
  readonly finishedAt: number | null;
}

export type FinishedMember<T extends GroupMember> = T & { readonly finishedAt: number };

/** Successful or failed, in production, finished: the deployments a group is made of. */
export function isGroupMember<T extends GroupMember>(deployment: T): deployment is FinishedMember<T> {
  return (
    deployment.production &&
    deployment.finishedAt !== null &&
    (deployment.status === 'success' || deployment.status === 'failure')
  );
}

/**
 * The successful and failed finished production deployments by group (one repository, or none, in one
 * environment), each group in the order of version 1's streaks (`compareInStreakOrder`). The groups come in the
 * order of their keys, so the result does not depend on the input's order.
 */
export function groupsInStreakOrder<T extends GroupMember>(deployments: readonly T[]): FinishedMember<T>[][] {
  const groups = new Map<string, FinishedMember<T>[]>();
  for (const deployment of deployments) {
    if (!isGroupMember(deployment)) continue;
    const key = JSON.stringify([deployment.repository, deployment.environment]);
    let group = groups.get(key);
    if (group === undefined) {
      group = [];
      groups.set(key, group);
    }
    group.push(deployment);
  }
  const keys = [...groups.keys()].sort();
  return keys.map((key) => (groups.get(key) as FinishedMember<T>[]).sort(compareInStreakOrder));
}
