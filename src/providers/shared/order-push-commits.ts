import type { CommitRef } from '../../domain/index.js';

/**
 * A push's listed commits, oldest to newest, by the contract's rule ("Ancestry comes from push
 * events"): give the list in the order the provider documents as oldest first (Azure DevOps,
 * which lists newest first, reverses before calling); a list whose first commit is `after` and
 * whose last is not is then reversed (GitLab's "Test" push lists its commits newest first).
 */
export function orderPushCommits(commits: readonly CommitRef[], after: string): CommitRef[] {
  const first = commits[0];
  const last = commits[commits.length - 1];
  if (commits.length > 1 && first?.sha === after && last?.sha !== after) return [...commits].reverse();
  return [...commits];
}
