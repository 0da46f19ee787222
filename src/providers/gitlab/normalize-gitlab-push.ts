import { isZeroSha, type NormalizedEvent } from '../../domain/index.js';
import { asCommitSha } from '../shared/commit-sha.js';
import { asObject, asText, describeValue } from '../shared/json-values.js';
import { orderPushCommits } from '../shared/order-push-commits.js';
import { parseRfc3339 } from '../shared/parse-rfc3339.js';
import { readCommitList } from '../shared/read-commit-list.js';
import { ignored } from '../shared/read-result.js';

/**
 * `Push Hook` (and `Tag Push Hook`): GitLab lists at most the newest 20 commits, oldest first,
 * and says how many the push carried in `total_commits_count`. The "Test" push lists its three
 * commits newest first; `orderPushCommits` turns such a list round. GitLab has no forced-push flag.
 * Source: gitlabhq doc/user/project/integrations/webhook_events.md, "Push events".
 */
export function normalizeGitlabPush(payload: Record<string, unknown>): NormalizedEvent {
  const ref = asText(payload.ref);
  if (ref === undefined) return ignored(`ref must be a ref name, got ${describeValue(payload.ref)}`);
  const before = asCommitSha(payload.before);
  if (before === undefined) return ignored(`before must be a full commit id, got ${describeValue(payload.before)}`);
  const after = asCommitSha(payload.after);
  if (after === undefined) return ignored(`after must be a full commit id, got ${describeValue(payload.after)}`);
  const project = asObject(payload.project);
  const repository = asText(project?.path_with_namespace);
  if (repository === undefined) {
    return ignored(
      `project.path_with_namespace must name the project, got ${describeValue(project?.path_with_namespace)}`,
    );
  }
  const commits = readCommitList(payload.commits, {
    path: 'commits',
    shaKey: 'id',
    timePath: ['timestamp'],
    parseTime: parseRfc3339,
  });
  if (!commits.ok) return ignored(commits.reason);
  const total = payload.total_commits_count;
  const totalCommits =
    typeof total === 'number' && Number.isSafeInteger(total) && total > commits.value.length
      ? total
      : commits.value.length;
  return {
    kind: 'push',
    push: {
      repository,
      ref,
      before,
      after,
      forced: false,
      deleted: isZeroSha(after),
      commits: orderPushCommits(commits.value, after),
      totalCommits,
    },
  };
}
