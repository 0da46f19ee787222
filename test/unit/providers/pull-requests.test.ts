import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { NormalizedPullRequest, PullRequestEvent } from '../../../src/domain/index.js';
import { normalizeAzurePullRequest } from '../../../src/providers/azure-devops/normalize-azure-pull-request.js';
import { normalizeGithubPullRequest } from '../../../src/providers/github/normalize-github-pull-request.js';
import { normalizeGitlabMergeRequest } from '../../../src/providers/gitlab/normalize-gitlab-merge-request.js';
import { fixture } from './support/fixture.js';

function prOf(result: NormalizedPullRequest): PullRequestEvent {
  if (result.kind !== 'pull_request') throw new Error(`expected a pull request, got ${JSON.stringify(result)}`);
  return result.pullRequest;
}

const object = (value: unknown) => value as Record<string, unknown>;
const at = (iso: string) => Date.parse(iso);

describe('GitHub pull_request', () => {
  const require = createRequire(import.meta.url);
  const examples =
    (
      require('@octokit/webhooks-examples/api.github.com/index.json') as {
        name: string;
        examples: Record<string, unknown>[];
      }[]
    ).find((entry) => entry.name === 'pull_request')?.examples ?? [];

  it('reads every action of the octokit examples, and trusts no test merge commit of an unmerged one', () => {
    expect(examples.length).toBeGreaterThan(20);
    const withTestMerge = examples.filter((example) => object(example.pull_request).merge_commit_sha !== null);
    expect(withTestMerge.length).toBeGreaterThan(0);
    for (const example of examples) {
      const pr = prOf(normalizeGithubPullRequest(example));
      expect(pr.repository).toBe('Codertocat/Hello-World');
      expect(pr.number).toBe(2);
      expect(pr.mergeCommitSha).toBeNull();
      expect(pr.mergedAt).toBeNull();
      expect(pr.state).toBe(object(example.pull_request).state === 'closed' ? 'closed' : 'open');
    }
  });

  it('takes the merge commit and time from a merged pull request, whatever the action', () => {
    const merged = prOf(normalizeGithubPullRequest(fixture('github', 'pull_request.closed-merged')));
    expect(merged).toMatchObject({
      state: 'merged',
      mergedAt: at('2019-05-15T15:21:18Z'),
      mergeCommitSha: '9f2c1e0b6a3d4c5b8e7f6a5b4c3d2e1f0a9b8c7d',
      headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
      sourceBranch: 'changes',
      targetBranch: 'master',
      url: 'https://github.com/Codertocat/Hello-World/pull/2',
    });
    const labeled = prOf(normalizeGithubPullRequest(fixture('github', 'pull_request.labeled-after-merge')));
    expect(labeled.mergeCommitSha).toBe(merged.mergeCommitSha);
    expect(labeled.updatedAt).toBe(at('2019-05-16T08:02:40Z'));
  });

  it('does not call a pull request merged without merged_at, and ignores one without updated_at', () => {
    const payload = fixture('github', 'pull_request.closed-merged');
    object(payload.pull_request).merged_at = null;
    expect(prOf(normalizeGithubPullRequest(payload))).toMatchObject({ state: 'closed', mergeCommitSha: null });
    object(payload.pull_request).updated_at = '2019-05-15 15:21:18';
    expect(normalizeGithubPullRequest(payload)).toEqual({
      kind: 'ignored',
      reason: 'GitHub pull_request: pull_request.updated_at must be an RFC 3339 time, got "2019-05-15 15:21:18"',
    });
  });
});

describe('GitLab Merge Request Hook', () => {
  it('reads both time formats', () => {
    const iso = prOf(normalizeGitlabMergeRequest(fixture('gitlab', 'merge_request.open-iso')));
    expect(iso.updatedAt).toBe(at('2026-03-02T09:14:05Z'));
    const utc = prOf(normalizeGitlabMergeRequest(fixture('gitlab', 'merge_request.merge')));
    expect(utc.updatedAt).toBe(at('2026-03-03T16:40:12Z'));
    expect(utc.openedAt).toBe(at('2026-03-02T09:14:05Z'));
  });

  it('merge: merge_commit_sha, else last_commit.id for a fast-forward; the merge time is updated_at', () => {
    expect(prOf(normalizeGitlabMergeRequest(fixture('gitlab', 'merge_request.merge')))).toMatchObject({
      mergeCommitSha: 'ac3ca1559bc39abf963586372eff7f8fdded646e',
      mergedAt: at('2026-03-03T16:40:12Z'),
    });
    expect(prOf(normalizeGitlabMergeRequest(fixture('gitlab', 'merge_request.merge-fast-forward')))).toMatchObject({
      mergeCommitSha: '61b6a0d35dbaf915760233b637622e383d3cc9ec',
      mergedAt: at('2026-03-03T16:40:12Z'),
    });
  });

  it('another action on a merged merge request says merged but gives no merge commit or time', () => {
    const later = prOf(normalizeGitlabMergeRequest(fixture('gitlab', 'merge_request.update-after-merge')));
    expect(later).toMatchObject({ state: 'merged', mergedAt: null, mergeCommitSha: null, labels: [] });
  });

  it('ignores a hook without iid, naming the field', () => {
    const payload = fixture('gitlab', 'merge_request.merge');
    delete object(payload.object_attributes).iid;
    expect(normalizeGitlabMergeRequest(payload)).toEqual({
      kind: 'ignored',
      reason: 'GitLab Merge Request Hook: object_attributes.iid must be a positive integer, got no value',
    });
  });
});

describe('Azure DevOps git.pullrequest.*', () => {
  const normalize = (name: string) => {
    const payload = fixture('azure-devops', name);
    return prOf(normalizeAzurePullRequest(String(payload.eventType), payload));
  };

  it('names the repository as git.push does, and the branches without refs/heads/', () => {
    expect(normalize('git.pullrequest.created')).toMatchObject({
      repository: 'fabrikam/Fabrikam/Fabrikam',
      sourceBranch: 'mytopic',
      targetBranch: 'main',
      labels: ['payments'],
      updatedAt: at('2024-06-17T16:55:47Z'),
    });
  });

  it('merged only from an updated event whose status is completed; merged at closedDate', () => {
    expect(normalize('git.pullrequest.updated-completed')).toMatchObject({
      state: 'merged',
      mergedAt: at('2024-06-30T18:59:12Z'),
      mergeCommitSha: 'eef717f69257a6333f221566c1c987dc94cc0d72',
    });
    expect(normalize('git.pullrequest.merged-attempt')).toMatchObject({ state: 'open', mergeCommitSha: null });
    const completedAttempt = fixture('azure-devops', 'git.pullrequest.updated-completed');
    const merged = prOf(normalizeAzurePullRequest('git.pullrequest.merged', completedAttempt));
    expect(merged).toMatchObject({ state: 'merged', mergedAt: null, mergeCommitSha: null });
  });

  it('an abandoned pull request is closed; without closedDate the envelope time orders it', () => {
    expect(normalize('git.pullrequest.updated-abandoned')).toMatchObject({ state: 'closed', mergedAt: null });
    const payload = fixture('azure-devops', 'git.pullrequest.updated-completed');
    delete object(payload.resource).closedDate;
    expect(prOf(normalizeAzurePullRequest('git.pullrequest.updated', payload))).toMatchObject({
      updatedAt: at('2024-06-30T18:59:13Z'),
      mergedAt: at('2024-06-30T18:59:13Z'),
    });
  });

  it('ignores an event whose organization cannot be told', () => {
    const payload = fixture('azure-devops', 'git.pullrequest.created');
    delete payload.resourceContainers;
    const repository = object(object(payload.resource).repository);
    delete repository.remoteUrl;
    delete repository.url;
    delete object(payload.resource).url;
    expect(normalizeAzurePullRequest('git.pullrequest.created', payload).kind).toBe('ignored');
  });
});
