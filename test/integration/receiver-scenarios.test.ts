import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { githubDeploymentStatus, githubHeaders, githubPush } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

type Status = 'success' | 'failure' | 'in_progress';
interface Commit {
  sha: string;
  at: string;
}

/** What a provider sends, built from its real payload shapes (test/fixtures/<provider>/). */
interface Adapter {
  provider: 'github' | 'gitlab' | 'azure-devops';
  repository: string;
  push(before: string, after: string, commits: Commit[]): { event: string; body: Record<string, unknown> };
  deployment(
    id: number,
    status: Status,
    at: string,
    environment: string,
    sha: string,
  ): { event: string; body: Record<string, unknown> };
  headers(event: string, body: string, secret: string, key: string): Record<string, string>;
  /** Delivery keys travel in a header (GitHub, GitLab) or in the body (Azure DevOps). */
  withKey(body: Record<string, unknown>, key: string): Record<string, unknown>;
}

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: test payload surgery on parsed JSON
type Json = any;

const github: Adapter = {
  provider: 'github',
  repository: 'acme/checkout',
  push: (before, after, commits) => ({
    event: 'push',
    body: githubPush({ before, after, commits: commits.map((c) => ({ id: c.sha, timestamp: c.at })) }),
  }),
  deployment: (id, status, at, environment, sha) => ({
    event: 'deployment_status',
    body: githubDeploymentStatus({
      deploymentId: id,
      statusId: id * 100 + Date.parse(at) / 1000 - 1.7e9,
      state: status,
      createdAt: at,
      environment,
      sha,
    }),
  }),
  headers: (event, body, secret, key) => githubHeaders(event, body, secret, key),
  withKey: (body) => body,
};

const gitlabTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000`;
const gitlab: Adapter = {
  provider: 'gitlab',
  repository: 'acme/checkout',
  push: (before, after, commits) => {
    const body: Json = fixture('gitlab/push.docs-example.json');
    const template = body.commits[0];
    body.before = before;
    body.after = after;
    body.checkout_sha = after;
    body.ref = 'refs/heads/main';
    body.commits = commits.map((c) => ({ ...template, id: c.sha, timestamp: c.at }));
    body.total_commits_count = commits.length;
    body.project = fixture('gitlab/deployment.success-offset.json').project;
    return { event: 'Push Hook', body };
  },
  deployment: (id, status, at, environment, sha) => {
    const body: Json = fixture('gitlab/deployment.success-offset.json');
    body.deployment_id = id;
    body.status = { success: 'success', failure: 'failed', in_progress: 'running' }[status];
    body.status_changed_at = gitlabTime(at);
    body.environment = environment;
    body.environment_tier = environment === 'production' ? 'production' : 'staging';
    body.commit_url = `https://gitlab.example.com/acme/checkout/-/commit/${sha}`;
    body.short_sha = sha.slice(0, 8);
    return { event: 'Deployment Hook', body };
  },
  headers: (event, _body, secret, key) => ({
    'content-type': 'application/json',
    'user-agent': 'GitLab/17.5.1',
    'x-gitlab-event': event,
    'x-gitlab-token': secret,
    'x-gitlab-instance': 'https://gitlab.example.com',
    'idempotency-key': key,
    'x-gitlab-webhook-uuid': randomUUID(),
  }),
  withKey: (body) => body,
};

const azure: Adapter = {
  provider: 'azure-devops',
  repository: 'fabrikam/Checkout/checkout-web',
  push: (before, after, commits) => {
    const body: Json = fixture('azure-devops/git-push.docs-sample.json');
    const template = body.resource.commits[0];
    // Azure DevOps lists a push's commits newest first.
    body.resource.commits = [...commits].reverse().map((c) => ({
      ...template,
      commitId: c.sha,
      author: { ...template.author, date: c.at },
      committer: { ...template.committer, date: c.at },
    }));
    body.resource.refUpdates = [{ name: 'refs/heads/main', oldObjectId: before, newObjectId: after }];
    body.resource.repository.name = 'checkout-web';
    body.resource.repository.project.name = 'Checkout';
    body.resourceContainers = fixture('azure-devops/deployment-completed.succeeded.json').resourceContainers;
    return { event: 'git.push', body };
  },
  deployment: (id, status, at, environment, sha) => {
    const body: Json = fixture('azure-devops/deployment-completed.succeeded.json');
    const deployment = body.resource.deployment;
    deployment.id = id;
    deployment.deploymentStatus = { success: 'succeeded', failure: 'failed', in_progress: 'inProgress' }[status];
    if (status === 'in_progress') deployment.startedOn = at;
    else deployment.completedOn = at;
    body.resource.environment.name = environment;
    deployment.releaseEnvironment.name = environment;
    for (const artifact of deployment.release.artifacts) {
      if (artifact.definitionReference.sourceVersion)
        artifact.definitionReference.sourceVersion = { id: sha, name: sha };
    }
    return { event: 'ms.vss-release.deployment-completed-event', body };
  },
  headers: (_event, _body, secret) => ({
    'content-type': 'application/json; charset=utf-8',
    'x-azure-token': ` ${secret} `,
  }),
  withKey: (body, key) => ({ ...body, id: key }),
};

const sha = (n: number) => createHmac('sha1', 'k').update(String(n)).digest('hex');

for (const adapter of [github, gitlab, azure]) {
  describeEachDatabase(`receiver scenario: ${adapter.provider}`, ({ handle, db }) => {
    let t: TestApp;
    let projectId: string;
    let first: { id: string; secret: string };
    let second: { id: string; secret: string };
    const deliver = async (
      hook: { id: string; secret: string },
      message: { event: string; body: Record<string, unknown> },
      key = randomUUID(),
      secret = hook.secret,
    ) => {
      const body = JSON.stringify(adapter.withKey(message.body, key));
      t.advance(1000);
      return t.app.inject({
        method: 'POST',
        url: `/hooks/${hook.id}`,
        headers: adapter.headers(message.event, body, secret, key),
        payload: body,
      });
    };

    beforeAll(async () => {
      t = await buildTestApp(handle());
      projectId = (
        await t.app.inject({
          method: 'POST',
          url: '/api/projects',
          headers: t.auth,
          payload: { name: adapter.provider },
        })
      ).json().id;
      const make = async (name: string) =>
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/projects/${projectId}/webhooks`,
            headers: t.auth,
            payload: { provider: adapter.provider, name },
          })
        ).json();
      first = await make('first');
      second = await make('second');
    });

    it('stores a realistic sequence exactly once, whatever the order and the copies', async () => {
      const outcomes: string[] = [];
      const record = async (res: Awaited<ReturnType<typeof deliver>>) => {
        outcomes.push(res.statusCode === 200 ? res.json().outcome : String(res.statusCode));
        return res;
      };
      await record(
        await deliver(
          first,
          adapter.push(sha(0), sha(2), [
            { sha: sha(1), at: '2026-03-01T09:00:00Z' },
            { sha: sha(2), at: '2026-03-01T10:00:00Z' },
          ]),
        ),
      );
      await record(
        await deliver(first, adapter.deployment(501, 'failure', '2026-03-02T10:00:00Z', 'production', sha(2))),
      );
      const successKey = randomUUID();
      const success = adapter.deployment(502, 'success', '2026-03-02T12:00:00Z', 'production', sha(2));
      await record(await deliver(first, success, successKey));
      await record(await deliver(first, adapter.deployment(503, 'success', '2026-03-02T13:00:00Z', 'staging', sha(2))));
      await record(
        await deliver(first, adapter.deployment(502, 'in_progress', '2026-03-02T11:55:00Z', 'production', sha(2))),
      );
      await record(await deliver(first, success, successKey));
      await record(await deliver(second, success));
      const lateKey = randomUUID();
      const late = adapter.deployment(504, 'success', '2026-03-03T12:00:00Z', 'production', sha(2));
      await record(await deliver(first, late, lateKey, 'not-the-secret'));
      await record(await deliver(first, late, lateKey));
      expect(outcomes).toEqual([
        'accepted',
        'accepted',
        'accepted',
        'accepted',
        'accepted',
        'duplicate',
        'duplicate',
        '401',
        'accepted',
      ]);

      const deployments = await db()
        .selectFrom('deployments')
        .innerJoin('environments', 'environments.id', 'deployments.environment_id')
        .select(['provider_deployment_id', 'status', 'finished_at', 'environments.name', 'sha', 'repository'])
        .where('deployments.project_id', '=', projectId)
        .orderBy('provider_deployment_id')
        .execute();
      expect(
        deployments.map((d) => [
          d.provider_deployment_id,
          d.status,
          d.finished_at === null ? null : new Date(d.finished_at).toISOString(),
          d.name.toLowerCase(),
        ]),
      ).toEqual([
        ['501', 'failure', '2026-03-02T10:00:00.000Z', 'production'],
        ['502', 'success', '2026-03-02T12:00:00.000Z', 'production'],
        ['503', 'success', '2026-03-02T13:00:00.000Z', 'staging'],
        ['504', 'success', '2026-03-03T12:00:00.000Z', 'production'],
      ]);
      expect(new Set(deployments.map((d) => d.sha))).toEqual(new Set([sha(2)]));
      expect(new Set(deployments.map((d) => d.repository))).toEqual(new Set([adapter.repository]));
      const events = await db()
        .selectFrom('deployment_events')
        .select('status')
        .where('project_id', '=', projectId)
        .execute();
      expect(events).toHaveLength(5);
      const commits = await db()
        .selectFrom('commits')
        .select('sha')
        .where('project_id', '=', projectId)
        .orderBy('sha')
        .execute();
      expect(commits.map((c) => c.sha)).toEqual([sha(1), sha(2)].sort());

      const list = (
        await t.app.inject({
          method: 'GET',
          url: `/api/projects/${projectId}/deployments?production=true`,
          headers: t.auth,
        })
      ).json();
      const d502 = list.deployments.find((d: { finishedAt: string }) => d.finishedAt === '2026-03-02T12:00:00.000Z');
      expect(d502).toMatchObject({ status: 'success', commits: 2, leadTimeSeconds: 27 * 3600, webhookId: first.id });
      const d504 = list.deployments.find((d: { finishedAt: string }) => d.finishedAt === '2026-03-03T12:00:00.000Z');
      expect(d504).toMatchObject({ commits: 0, leadTimeSeconds: null });

      const log = (
        await t.app.inject({ method: 'GET', url: `/api/webhooks/${first.id}/deliveries`, headers: t.auth })
      ).json();
      expect(
        log.deliveries.map((d: { outcome: string; httpStatus: number }) => `${d.outcome}:${d.httpStatus}`),
      ).toEqual([
        'accepted:200',
        'rejected:401',
        'duplicate:200',
        'accepted:200',
        'accepted:200',
        'accepted:200',
        'accepted:200',
        'accepted:200',
      ]);
      const rejected = (
        await t.app.inject({
          method: 'GET',
          url: `/api/webhooks/${first.id}/deliveries?outcome=rejected`,
          headers: t.auth,
        })
      ).json();
      expect(rejected.deliveries[0].reason).toMatch(/does not match this webhook's secret/);

      // The copy through the second webhook is in the lineage: revoking the first keeps deployment 502.
      const revoke = (
        await t.app.inject({ method: 'POST', url: `/api/webhooks/${first.id}/revoke`, headers: t.auth })
      ).json();
      expect(revoke.deleted.deployments).toBe(3);
      const kept = await db()
        .selectFrom('deployments')
        .select('provider_deployment_id')
        .where('project_id', '=', projectId)
        .execute();
      expect(kept.map((k) => k.provider_deployment_id)).toEqual(['502']);
      const after = (
        await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/deployments`, headers: t.auth })
      ).json();
      expect(after.deployments[0].webhookId).toBe(second.id);
    });
  });
}
