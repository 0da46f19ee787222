import type { NormalizedPullRequest, PullRequestState } from '../../domain/index.js';
import { asCommitSha } from '../shared/commit-sha.js';
import { asObject, asText, describeValue } from '../shared/json-values.js';
import { parseRfc3339 } from '../shared/parse-rfc3339.js';
import { asPullRequestNumber, branchName, labelNames } from '../shared/read-pull-request-fields.js';

/**
 * `pull_request` (every action: `opened`, `edited`, `closed`, `labeled`, `synchronize`,
 * `reopened`... each carries the whole pull request, so each is read the same way). Its
 * `updated_at` orders the events. `merge_commit_sha` is trusted only with `merged: true`: before
 * the merge, and on a pull request closed unmerged, it is GitHub's test merge commit. After the
 * merge it is the merge commit, the squash commit or the last rebased copy, and `merged_at` is
 * the merge time; later actions on the merged pull request (`labeled`, `edited`) still carry both.
 * Sources: PROVIDERS.md E.1; github/docs src/webhooks/data/fpt/pull_request.json;
 * github/rest-api-description `pulls/get` (the `merge_commit_sha` text).
 */
export function normalizeGithubPullRequest(payload: Record<string, unknown>): NormalizedPullRequest {
  const repository = asText(asObject(payload.repository)?.full_name);
  if (repository === undefined) {
    return ignored(
      `repository.full_name must name the repository, got ${describeValue(asObject(payload.repository)?.full_name)}`,
    );
  }
  const pr = asObject(payload.pull_request);
  if (pr === undefined) return ignored(`pull_request must be an object, got ${describeValue(payload.pull_request)}`);
  const number = asPullRequestNumber(pr.number ?? payload.number);
  if (number === undefined)
    return ignored(`pull_request.number must be a positive integer, got ${describeValue(pr.number)}`);
  const head = asObject(pr.head);
  const base = asObject(pr.base);
  const sourceBranch = branchName(head?.ref);
  const targetBranch = branchName(base?.ref);
  if (sourceBranch === undefined || targetBranch === undefined) {
    return ignored(
      `pull_request.head.ref and pull_request.base.ref must name branches, got ${describeValue(head?.ref)} and ${describeValue(base?.ref)}`,
    );
  }
  const updatedAt = typeof pr.updated_at === 'string' ? parseRfc3339(pr.updated_at) : null;
  if (updatedAt === null)
    return ignored(`pull_request.updated_at must be an RFC 3339 time, got ${describeValue(pr.updated_at)}`);
  const mergedAt = pr.merged === true && typeof pr.merged_at === 'string' ? parseRfc3339(pr.merged_at) : null;
  const state: PullRequestState = mergedAt !== null ? 'merged' : pr.state === 'closed' ? 'closed' : 'open';
  return {
    kind: 'pull_request',
    pullRequest: {
      repository,
      number,
      title: typeof pr.title === 'string' ? pr.title : '',
      labels: labelNames(pr.labels, 'name'),
      sourceBranch,
      targetBranch,
      openedAt: typeof pr.created_at === 'string' ? parseRfc3339(pr.created_at) : null,
      mergedAt,
      headSha: asCommitSha(head?.sha) ?? null,
      mergeCommitSha: mergedAt === null ? null : (asCommitSha(pr.merge_commit_sha) ?? null),
      state,
      updatedAt,
      url: asText(pr.html_url) ?? null,
    },
  };
}

function ignored(reason: string): NormalizedPullRequest {
  return { kind: 'ignored', reason: `GitHub pull_request: ${reason}` };
}
