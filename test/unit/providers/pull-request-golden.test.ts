import { describe, expect, it } from 'vitest';
import type { NormalizedPullRequest } from '../../../src/domain/index.js';
import { normalizeAzurePullRequest } from '../../../src/providers/azure-devops/normalize-azure-pull-request.js';
import { normalizeGithubPullRequest } from '../../../src/providers/github/normalize-github-pull-request.js';
import { normalizeGitlabMergeRequest } from '../../../src/providers/gitlab/normalize-gitlab-merge-request.js';
import { goldenCases, goldenView } from './support/golden.js';

const NORMALIZE: Record<
  'github' | 'gitlab' | 'azure-devops',
  (payload: Record<string, unknown>) => NormalizedPullRequest
> = {
  github: normalizeGithubPullRequest,
  gitlab: normalizeGitlabMergeRequest,
  'azure-devops': (payload) => normalizeAzurePullRequest(String(payload.eventType), payload),
};

const SHA = /^[0-9a-f]{40}$/;

// Recorded or documented payloads in, golden normalized output out (STYLE.md habit 11), for the
// pull request normalizers until the providers' event dispatch routes these events to them.
describe.each(['github', 'gitlab', 'azure-devops'] as const)('%s pull request fixtures', (provider) => {
  const cases = goldenCases(provider, 'pull-requests');

  it('has fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });

  it.each(cases)('$name normalizes to its golden output', async ({ body, expectedFile }) => {
    const normalized = NORMALIZE[provider](JSON.parse(body));
    expect(normalized.kind).toBe('pull_request');
    if (normalized.kind === 'pull_request') {
      const pr = normalized.pullRequest;
      for (const sha of [pr.headSha, pr.mergeCommitSha]) expect(sha === null || SHA.test(sha)).toBe(true);
      for (const time of [pr.openedAt, pr.mergedAt, pr.updatedAt])
        expect(time === null || time % 1000 === 0).toBe(true);
      expect((pr.mergedAt === null) === (pr.mergeCommitSha === null)).toBe(true);
      if (pr.mergedAt !== null) expect(pr.state).toBe('merged');
    }
    await expect(`${JSON.stringify(goldenView(normalized), null, 2)}\n`).toMatchFileSnapshot(expectedFile);
  });
});
