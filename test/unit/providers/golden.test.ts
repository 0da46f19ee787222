import { describe, expect, it } from 'vitest';
import type { ProviderId, PullRequestEvent } from '../../../src/domain/index.js';
import { providers } from '../../../src/providers/registry.js';
import { credentialHeaders, SECRET } from './support/credentials.js';
import { deliver, normalizedOf } from './support/deliver.js';
import { expectAllowedShape } from './support/expect-allowed-shape.js';
import { goldenCases, goldenView } from './support/golden.js';

const GITLAB_EVENTS: Record<string, string> = {
  deployment: 'Deployment Hook',
  push: 'Push Hook',
  'tag-push': 'Tag Push Hook',
  merge_request: 'Merge Request Hook',
};

/** The event header a fixture is sent with, from the first part of its name; Azure DevOps and generic have none. */
function eventHeaders(provider: ProviderId, name: string): Record<string, string> {
  const prefix = name.split('.')[0] ?? '';
  if (provider === 'github') return { 'x-github-event': prefix, 'x-github-delivery': `delivery-${name}` };
  if (provider === 'gitlab') return { 'x-gitlab-event': GITLAB_EVENTS[prefix] ?? prefix };
  return {};
}

// Recorded or documented payloads in, golden normalized output out (STYLE.md habit 11).
// The golden files write times as ISO strings; `goldenView` explains.
describe.each(['github', 'gitlab', 'azure-devops', 'generic'] as const)('%s fixtures', (provider) => {
  it.each(goldenCases(provider))(
    '$name normalizes to its golden output',
    async ({ name, body, headers, expectedFile }) => {
      const outcome = await deliver(providers[provider], {
        headers: {
          'content-type': 'application/json',
          ...eventHeaders(provider, name),
          ...(await credentialHeaders(provider, body)),
          ...headers,
        },
        body,
        secrets: [SECRET],
      });
      const normalized = normalizedOf(outcome);
      expectAllowedShape(normalized);
      if (normalized.kind === 'pull_request') expectPullRequestInvariants(normalized.pullRequest);
      await expect(`${JSON.stringify(goldenView(normalized), null, 2)}\n`).toMatchFileSnapshot(expectedFile);
    },
  );
});

const SHA = /^[0-9a-f]{40}$/;

/** A pull request's shas are full, its times whole seconds, and it has a merge commit exactly when it has a merge time. */
function expectPullRequestInvariants(pr: PullRequestEvent): void {
  for (const sha of [pr.headSha, pr.mergeCommitSha]) expect(sha === null || SHA.test(sha)).toBe(true);
  for (const time of [pr.openedAt, pr.mergedAt, pr.updatedAt]) expect(time === null || time % 1000 === 0).toBe(true);
  expect((pr.mergedAt === null) === (pr.mergeCommitSha === null)).toBe(true);
  if (pr.mergedAt !== null) expect(pr.state).toBe('merged');
}
