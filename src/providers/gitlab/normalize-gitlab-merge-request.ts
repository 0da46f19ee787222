import type { NormalizedPullRequest, PullRequestState } from '../../domain/index.js';
import { asCommitSha } from '../shared/commit-sha.js';
import { asObject, asText, describeValue } from '../shared/json-values.js';
import { parseGitlabTime } from '../shared/parse-gitlab-time.js';
import { asPullRequestNumber, branchName, labelNames } from '../shared/read-pull-request-fields.js';

/**
 * `Merge Request Hook` (`object_kind: "merge_request"`), any action. Times are read in both
 * formats GitLab sends: real deliveries write `2026-03-03 16:40:12 UTC`, the docs example and the
 * "Test" button ISO 8601. `object_attributes.updated_at` orders the events. The hook has no merge
 * time and no squash commit field, so only the `merge` action says the merge request merged:
 * `mergedAt` is that hook's `updated_at`, and the merge commit is `merge_commit_sha`, or
 * `last_commit.id` when it is null (a fast-forward merge puts the source head on the target).
 * Any other action on a merged merge request reports it `merged` without those two: a store
 * keeps them from the `merge` hook. Sources: PROVIDERS.md E.2; gitlabhq
 * doc/user/project/integrations/webhook_events.md; GitLab issues #263111 and #415449.
 */
export function normalizeGitlabMergeRequest(payload: Record<string, unknown>): NormalizedPullRequest {
  const repository = asText(asObject(payload.project)?.path_with_namespace);
  if (repository === undefined) {
    return ignored(
      `project.path_with_namespace must name the project, got ${describeValue(asObject(payload.project)?.path_with_namespace)}`,
    );
  }
  const attributes = asObject(payload.object_attributes);
  if (attributes === undefined) {
    return ignored(`object_attributes must be an object, got ${describeValue(payload.object_attributes)}`);
  }
  const number = asPullRequestNumber(attributes.iid);
  if (number === undefined)
    return ignored(`object_attributes.iid must be a positive integer, got ${describeValue(attributes.iid)}`);
  const sourceBranch = branchName(attributes.source_branch);
  const targetBranch = branchName(attributes.target_branch);
  if (sourceBranch === undefined || targetBranch === undefined) {
    return ignored(
      `object_attributes.source_branch and target_branch must name branches, got ${describeValue(attributes.source_branch)} and ${describeValue(attributes.target_branch)}`,
    );
  }
  const updatedAt = readTime(attributes.updated_at);
  if (updatedAt === null)
    return ignored(`object_attributes.updated_at must be a time, got ${describeValue(attributes.updated_at)}`);
  const headSha = asCommitSha(asObject(attributes.last_commit)?.id) ?? null;
  const merge = attributes.action === 'merge';
  const state: PullRequestState =
    merge || attributes.state === 'merged'
      ? 'merged'
      : attributes.state === 'closed' || attributes.state === 'locked'
        ? 'closed'
        : 'open';
  return {
    kind: 'pull_request',
    pullRequest: {
      repository,
      number,
      title: typeof attributes.title === 'string' ? attributes.title : '',
      labels: labelNames(Array.isArray(attributes.labels) ? attributes.labels : payload.labels, 'title'),
      sourceBranch,
      targetBranch,
      openedAt: readTime(attributes.created_at),
      mergedAt: merge ? updatedAt : null,
      headSha,
      mergeCommitSha: merge ? (asCommitSha(attributes.merge_commit_sha) ?? headSha) : null,
      state,
      updatedAt,
      url: asText(attributes.url) ?? null,
    },
  };
}

function readTime(value: unknown): number | null {
  return typeof value === 'string' ? parseGitlabTime(value) : null;
}

function ignored(reason: string): NormalizedPullRequest {
  return { kind: 'ignored', reason: `GitLab Merge Request Hook: ${reason}` };
}
