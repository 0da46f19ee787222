import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { genericDeployment, genericHeaders } from '../factories/generic.js';
import {
  type Author,
  azurePullRequest,
  azurePush,
  gitlabMergeRequest,
  gitlabPush,
  type PullRequestInput,
  type PushedCommit,
} from '../factories/pull-requests.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { shuffled } from './support/pull-request-week.js';

/*
 * One squash-merged change as GitLab and as Azure DevOps send it, the deployment reported to a generic webhook:
 *   base (Sun 12:00, history before Shipwatch); feature pushes x1 09:00, x2 10:00 (Mon); opened 10:30;
 *   squash S 12:00 (the merge), pushed to main; deployed 13:00.
 * With the bridge: x1 4 h, x2 3 h → median 3 h 30 (version 1: the squash commit, 1 h).
 * Stages: coding 10:30 − 09:00 = 1 h 30; review 12:00 − 10:30 = 1 h 30; deploy 1 h.
 */
const HOUR = 3600;
const ZERO = '0'.repeat(40);
const dev: Author = { name: 'Jo Park', email: 'jo@acme.example', username: 'jo' };
const sha = (n: number) => `${n.toString(16).padStart(2, '0')}${'c'.repeat(38)}`;
const commit = (n: number, timestamp: string, message: string): PushedCommit => ({
  id: sha(n),
  timestamp,
  author: dev,
  message,
});
const base = commit(1, '2026-03-01T12:00:00Z', 'chore: start');
const x1 = commit(2, '2026-03-02T09:00:00Z', 'feat: retry');
const x2 = commit(3, '2026-03-02T10:00:00Z', 'test: retry');
const squash = commit(4, '2026-03-02T12:00:00Z', 'Retry the client');
const opened: PullRequestInput = {
  repository: '',
  number: 7,
  title: 'Retry the client',
  sourceBranch: 'feat/retry',
  openedAt: '2026-03-02T10:30:00Z',
  updatedAt: '2026-03-02T10:30:00Z',
  headSha: x2.id,
};
const merged: PullRequestInput = {
  ...opened,
  updatedAt: squash.timestamp,
  merged: { at: squash.timestamp, commit: squash.id },
};

interface Sent {
  readonly webhook: 'provider' | 'generic';
  readonly body: Record<string, unknown>;
  readonly headers: (text: string, secret: string) => Record<string, string>;
}

async function run(t: TestApp, provider: 'gitlab' | 'azure-devops', deliveries: readonly Sent[]) {
  const project = (
    await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: randomUUID() } })
  ).json().id as string;
  const hook = async (kind: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${project}/webhooks`,
        headers: t.auth,
        payload: { provider: kind },
      })
    ).json() as { id: string; secret: string };
  const hooks = { provider: await hook(provider), generic: await hook('generic') };
  for (const delivery of deliveries) {
    const text = JSON.stringify(delivery.body);
    const { id, secret } = hooks[delivery.webhook];
    const res = await t.app.inject({
      method: 'POST',
      url: `/hooks/${id}`,
      headers: delivery.headers(text, secret),
      payload: text,
    });
    // A pull request event older than the one stored may change nothing: a duplicate, never a refusal.
    expect(['accepted', 'duplicate'], text.slice(0, 120)).toContain(res.json().outcome);
  }
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/projects/${project}/metrics?from=2026-03-01T00:00:00Z&to=2026-03-04T00:00:00Z`,
    headers: t.auth,
  });
  return res.json().leadTimeForChanges;
}

const EXPECTED = {
  medianSeconds: 3.5 * HOUR,
  commits: 2,
  deploymentsWithCommits: 1,
  excludedCommits: 0,
  pullRequests: 1,
  stages: { codingSeconds: 1.5 * HOUR, reviewSeconds: 1.5 * HOUR, deploySeconds: HOUR },
};

const deployment = (repository: string): Sent => ({
  webhook: 'generic',
  body: genericDeployment({ deploymentId: 'd1', repository, sha: squash.id, finishedAt: '2026-03-02T13:00:00Z' }),
  headers: (text, secret) => genericHeaders(text, secret),
});

const gitlab = (event: string, body: Record<string, unknown>): Sent => ({
  webhook: 'provider',
  body,
  headers: (_text, secret) => ({
    'content-type': 'application/json',
    'x-gitlab-event': event,
    'x-gitlab-token': secret,
    'idempotency-key': randomUUID(),
  }),
});
const GITLAB_REPOSITORY = 'acme/checkout';
const gitlabWeek: Sent[] = [
  gitlab(
    'Push Hook',
    gitlabPush({ repository: GITLAB_REPOSITORY, ref: 'refs/heads/main', before: ZERO, commits: [base] }),
  ),
  gitlab(
    'Push Hook',
    gitlabPush({ repository: GITLAB_REPOSITORY, ref: 'refs/heads/feat/retry', before: ZERO, commits: [x1, x2] }),
  ),
  gitlab('Merge Request Hook', gitlabMergeRequest({ ...opened, repository: GITLAB_REPOSITORY })),
  gitlab('Merge Request Hook', gitlabMergeRequest({ ...merged, repository: GITLAB_REPOSITORY })),
  gitlab(
    'Push Hook',
    gitlabPush({ repository: GITLAB_REPOSITORY, ref: 'refs/heads/main', before: base.id, commits: [squash] }),
  ),
  deployment(GITLAB_REPOSITORY),
];

const azure = (body: Record<string, unknown>): Sent => ({
  webhook: 'provider',
  body,
  headers: (_text, secret) => ({ 'content-type': 'application/json', 'x-azure-token': secret }),
});
// Azure DevOps names a repository organization/project/repository (src/providers/azure-devops).
const AZURE_REPOSITORY = 'fabrikam/Fabrikam/Fabrikam';
const azureWeek: Sent[] = [
  azure(azurePush({ ref: 'refs/heads/main', before: ZERO, commits: [base] }, randomUUID())),
  azure(azurePush({ ref: 'refs/heads/feat/retry', before: ZERO, commits: [x1, x2] }, randomUUID())),
  azure(azurePullRequest(opened, randomUUID())),
  azure(azurePullRequest(merged, randomUUID())),
  azure(azurePush({ ref: 'refs/heads/main', before: base.id, commits: [squash] }, randomUUID())),
  deployment(AZURE_REPOSITORY),
];

describeEachDatabase('a squash-merged pull request from GitLab and Azure DevOps', ({ handle }) => {
  const start = Date.parse('2026-03-05T00:00:00Z');
  for (const [provider, week] of [
    ['gitlab', gitlabWeek],
    ['azure-devops', azureWeek],
  ] as const) {
    it(`${provider}: lead time starts at the first real commit, in order and shuffled`, async () => {
      const t = await buildTestApp(handle(), { start });
      expect(await run(t, provider, week)).toMatchObject(EXPECTED);
      for (const seed of [7, 11]) expect(await run(t, provider, shuffled(week, seed))).toMatchObject(EXPECTED);
      await t.app.close();
    });
  }
});
