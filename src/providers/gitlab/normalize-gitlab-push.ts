import { isZeroSha, type NormalizedEvent } from '../../domain/index.js';
import { asObject, asText, describeValue } from '../shared/json-values.js';
import { readBranchPush } from '../shared/read-branch-push.js';
import { ignored } from '../shared/read-result.js';

/**
 * `Push Hook`: GitLab lists at most the newest 20 commits, oldest first,
 * and says how many the push carried in `total_commits_count`. The "Test" push lists its three
 * commits newest first; `readBranchPush` turns such a list round. GitLab has no forced-push flag.
 * Source: gitlabhq doc/user/project/integrations/webhook_events.md, "Push events".
 */
export function normalizeGitlabPush(payload: Record<string, unknown>): NormalizedEvent {
  const project = asObject(payload.project);
  const repository = asText(project?.path_with_namespace);
  if (repository === undefined) {
    return ignored(
      `project.path_with_namespace must name the project, got ${describeValue(project?.path_with_namespace)}`,
    );
  }
  const push = readBranchPush(payload);
  if (!push.ok) return ignored(push.reason);
  const { ref, before, after, commits } = push.value;
  const total = payload.total_commits_count;
  return {
    kind: 'push',
    push: {
      repository,
      ref,
      before,
      after,
      forced: false,
      deleted: isZeroSha(after),
      commits,
      totalCommits:
        typeof total === 'number' && Number.isSafeInteger(total) && total > commits.length ? total : commits.length,
    },
  };
}
