import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { markRepositoriesStale } from '../../src/ingest/mark-stale.js';
import { genericHeaders } from '../factories/generic.js';
import { githubDeploymentStatus, githubHeaders, githubPush } from '../factories/github.js';
import { githubPullRequest } from '../factories/pull-requests.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { shipwatch } from '../helpers/run-cli.js';

// Issue 14, item 4: a replay re-derives what its deliveries stored. Each case stores one push (two commits) and one
// successful production deployment through the receiver, has a person mark the deployment, then rewrites the rows
// with SQL as an older parser would have stored them (the wrong environment, a truncated sha, a push missing its
// first commit, a deployment read from a wrong id) and lets the caches be computed from that.
const DAY = 86_400_000;
const REPOSITORY = 'acme/checkout';
const c = (n: number) => n.toString(16).padStart(40, '0');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');

describeEachDatabase('replay re-derives what its deliveries stored', ({ handle, db }) => {
  let t: TestApp;
  let server: string;
  beforeAll(async () => {
    t = await buildTestApp(handle());
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    server = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await t?.app.close();
  });

  const api = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) => {
    const res = await t.app.inject({ method, url, headers: t.auth, ...(payload === undefined ? {} : { payload }) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };

  /** A project with one GitHub webhook, its two deliveries, and the person's mark; returns what the rest needs. */
  async function store(name: string) {
    const project = await api('POST', '/api/projects', { name });
    const hook = await api('POST', `/api/projects/${project.id}/webhooks`, { provider: 'github' });
    const now = t.now();
    const bodies = {
      push: JSON.stringify(
        githubPush({
          before: c(100),
          after: c(2),
          commits: [
            { id: c(1), timestamp: iso(now - 3 * DAY) },
            { id: c(2), timestamp: iso(now - 2 * DAY) },
          ],
        }),
      ),
      deployment: JSON.stringify(
        githubDeploymentStatus({
          deploymentId: 7,
          statusId: 70,
          state: 'success',
          createdAt: iso(now - DAY),
          sha: c(2),
          repository: REPOSITORY,
        }),
      ),
    };
    const send = async (event: string, body: string, delivery: string) =>
      (
        await t.app.inject({
          method: 'POST',
          url: `/hooks/${hook.id}`,
          headers: githubHeaders(event, body, hook.secret, delivery),
          payload: body,
        })
      ).json().outcome as string;
    expect(await send('push', bodies.push, `${name}-push`)).toBe('accepted');
    expect(await send('deployment_status', bodies.deployment, `${name}-deployment`)).toBe('accepted');
    const [deployment] = (await api('GET', `/api/projects/${project.id}/deployments`)).deployments;
    await api('PATCH', `/api/deployments/${deployment.id}`, { changeFailure: true, rework: false });
    return {
      projectId: project.id as string,
      hookId: hook.id as string,
      deploymentId: deployment.id as string,
      send,
      bodies,
      now,
    };
  }

  /** What an older parser would have stored, and the caches computed from it. */
  async function corrupt(s: { projectId: string; hookId: string; deploymentId: string; now: number }) {
    const d = db();
    await d
      .insertInto('environments')
      .values({
        id: `env_old_${s.projectId}`,
        project_id: s.projectId,
        name: 'deploy',
        name_key: 'deploy',
        production: 0,
        production_set_by_user: 0,
        created_at: s.now,
      })
      .execute();
    await d
      .updateTable('deployments')
      .set({ environment_id: `env_old_${s.projectId}`, sha: c(2).slice(0, 7) })
      .where('id', '=', s.deploymentId)
      .execute();
    const push = await d
      .selectFrom('pushes')
      .select('id')
      .where('project_id', '=', s.projectId)
      .executeTakeFirstOrThrow();
    await d.deleteFrom('push_commits').where('push_id', '=', push.id).where('sha', '=', c(1)).execute();
    await d.updateTable('push_commits').set({ position: 0 }).where('push_id', '=', push.id).execute();
    await d
      .updateTable('pushes')
      .set({ listed_count: 1, total_count: 1, first_commit_at: s.now - 2 * DAY })
      .where('id', '=', push.id)
      .execute();
    await d.deleteFrom('commits').where('project_id', '=', s.projectId).where('sha', '=', c(1)).execute();
    const production = await d
      .selectFrom('environments')
      .select('id')
      .where('project_id', '=', s.projectId)
      .where('name_key', '=', 'production')
      .executeTakeFirstOrThrow();
    await d
      .insertInto('deployments')
      .values({
        id: `dep_misread_${s.projectId}`,
        project_id: s.projectId,
        provider: 'github',
        instance: 'github.com',
        provider_deployment_id: '70',
        repository: REPOSITORY,
        environment_id: production.id,
        sha: null,
        ref: 'main',
        url: null,
        commit_url: null,
        started_at: s.now - DAY,
        finished_at: s.now - DAY,
        status: 'success',
        status_at: s.now - DAY,
        change_failure: null,
        created_at: s.now,
        commits_count: null,
        commits_complete: 1,
        lead_time_seconds: null,
        lists_commits: 0,
      })
      .execute();
    await d
      .insertInto('lineage')
      .values({
        record_type: 'deployment',
        record_id: `dep_misread_${s.projectId}`,
        webhook_id: s.hookId,
        project_id: s.projectId,
        created_at: s.now,
      })
      .execute();
    await markRepositoriesStale(d, s.projectId, [REPOSITORY], 0);
    // The figures of the wrong rows: the misread deployment counts, the real one is not in production.
    const wrong = await api('GET', `/api/projects/${s.projectId}/metrics`);
    expect(wrong.deploymentFrequency.deployments).toBe(1);
    expect(wrong.leadTimeForChanges).toMatchObject({ commits: 0, medianSeconds: null });
    expect(wrong.changeFailureRate).toMatchObject({ failedDeployments: 0, deployments: 1 });
  }

  /** The figures and the deployment as the current parser derives them, with the person's marks. */
  async function expectCorrected(s: { projectId: string; deploymentId: string }) {
    const { deployments } = await api('GET', `/api/projects/${s.projectId}/deployments`);
    expect(deployments).toHaveLength(1);
    expect(deployments[0]).toMatchObject({
      id: s.deploymentId,
      environment: 'production',
      production: true,
      sha: c(2),
      status: 'success',
      changeFailure: true,
      reworkOverride: false,
      commits: 2,
    });
    const metrics = await api('GET', `/api/projects/${s.projectId}/metrics`);
    expect(metrics.deploymentFrequency.deployments).toBe(1);
    // Commits 3 and 2 days before a deployment 1 day ago: lead times of 2 and 1 days, median 1.5 days.
    expect(metrics.leadTimeForChanges).toMatchObject({
      commits: 2,
      deploymentsWithCommits: 1,
      medianSeconds: 1.5 * 86_400,
    });
    expect(metrics.changeFailureRate).toMatchObject({ failedDeployments: 1, deployments: 1, rate: 1 });
  }

  /** Every row the deliveries feed, for comparing two states. */
  async function snapshot(projectId: string) {
    const d = db();
    return {
      deployments: await d
        .selectFrom('deployments')
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('id')
        .execute(),
      events: await d
        .selectFrom('deployment_events')
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('id')
        .execute(),
      pushes: await d.selectFrom('pushes').selectAll().where('project_id', '=', projectId).orderBy('id').execute(),
      pushCommits: await d
        .selectFrom('push_commits as pc')
        .innerJoin('pushes as p', 'p.id', 'pc.push_id')
        .select(['pc.push_id', 'pc.position', 'pc.sha', 'pc.timestamp'])
        .where('p.project_id', '=', projectId)
        .orderBy('pc.push_id')
        .orderBy('pc.position')
        .execute(),
      commits: await d.selectFrom('commits').selectAll().where('project_id', '=', projectId).orderBy('sha').execute(),
      lineage: await d
        .selectFrom('lineage')
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('record_type')
        .orderBy('record_id')
        .execute(),
      deliveries: await d
        .selectFrom('deliveries')
        .select(['id', 'outcome', 'reason'])
        .where('project_id', '=', projectId)
        .orderBy('id')
        .execute(),
    };
  }

  it('through the API: corrects the deployment and the push, removes what is no longer derived, keeps the marks; a second replay changes nothing', async () => {
    const s = await store('api');
    // A person links an incident (from a generic webhook) to the deployment.
    const generic = await api('POST', `/api/projects/${s.projectId}/webhooks`, { provider: 'generic' });
    const incident = JSON.stringify({
      type: 'incident',
      incidentId: 'checkout-down',
      status: 'open',
      startedAt: iso(s.now - DAY / 2),
      title: 'Checkout down',
      repository: REPOSITORY,
      environment: 'production',
    });
    const sent = await t.app.inject({
      method: 'POST',
      url: `/hooks/${generic.id}`,
      headers: genericHeaders(incident, generic.secret),
      payload: incident,
    });
    expect(sent.json().outcome).toBe('accepted');
    const [stored] = (await api('GET', `/api/projects/${s.projectId}/incidents`)).incidents;
    await api('PATCH', `/api/incidents/${stored.id}`, { deploymentId: s.deploymentId });
    await corrupt(s);
    const replayed = await api('POST', `/api/webhooks/${s.hookId}/replay`);
    expect(replayed).toEqual({ replayed: 2, stored: 0, corrected: 2, removed: 1, ignored: 0, pastRetention: 0 });
    await expectCorrected(s);
    expect((await api('GET', `/api/projects/${s.projectId}/incidents`)).incidents).toMatchObject([
      { id: stored.id, deploymentId: s.deploymentId, attribution: 'manual' },
    ]);
    const commit = await db()
      .selectFrom('commits')
      .select(['timestamp', 'message'])
      .where('project_id', '=', s.projectId)
      .where('sha', '=', c(1))
      .executeTakeFirstOrThrow();
    expect(commit).toEqual({ timestamp: s.now - 3 * DAY, message: `commit ${c(1).slice(0, 7)}` });
    expect(
      await db()
        .selectFrom('environments')
        .select('name')
        .where('project_id', '=', s.projectId)
        .orderBy('name')
        .execute(),
    ).toEqual([{ name: 'deploy' }, { name: 'production' }]);

    // Idempotent: a replay of unchanged data changes no row and no figure.
    const before = await snapshot(s.projectId);
    const figures = await api('GET', `/api/projects/${s.projectId}/metrics`);
    expect(await api('POST', `/api/webhooks/${s.hookId}/replay`)).toEqual({
      replayed: 2,
      stored: 0,
      corrected: 0,
      removed: 0,
      ignored: 0,
      pastRetention: 0,
    });
    expect(await snapshot(s.projectId)).toEqual(before);
    expect(await api('GET', `/api/projects/${s.projectId}/metrics`)).toEqual(figures);

    // Receiving is as it was: a redelivery (same delivery id) and the same push again are duplicates.
    expect(await s.send('deployment_status', s.bodies.deployment, 'api-deployment')).toBe('duplicate');
    expect(await s.send('push', s.bodies.push, 'api-push-again')).toBe('duplicate');
    await expectCorrected(s);
  });

  it('through the CLI (--server): the same corrections', async () => {
    const s = await store('cli');
    await corrupt(s);
    expect(await shipwatch('--server', server, '--token', t.token, 'replay', '--webhook', s.hookId)).toBe(
      'Replayed 2 deliveries: 0 records stored, 2 corrected, 1 removed; 0 deliveries ignored.\n',
    );
    await expectCorrected(s);
    expect(await shipwatch('--server', server, '--token', t.token, 'replay', '--webhook', s.hookId)).toBe(
      'Replayed 2 deliveries: 0 records stored, 0 corrected, 0 removed; 0 deliveries ignored.\n',
    );
  });

  it('keeps what a delivery past its raw-body retention stored, and removes nothing', async () => {
    const s = await store('retention');
    await corrupt(s);
    await db()
      .updateTable('deliveries')
      .set({ raw_body: null, headers: null, body_expires_at: null })
      .where('webhook_id', '=', s.hookId)
      .where('event', '=', 'push')
      .execute();
    const replayed = await api('POST', `/api/webhooks/${s.hookId}/replay`);
    expect(replayed).toEqual({ replayed: 1, stored: 0, corrected: 1, removed: 0, ignored: 0, pastRetention: 1 });
    const { deployments } = await api('GET', `/api/projects/${s.projectId}/deployments`);
    expect(deployments.map((d: { id: string }) => d.id).sort()).toEqual(
      [s.deploymentId, `dep_misread_${s.projectId}`].sort(),
    );
    const real = deployments.find((d: { id: string }) => d.id === s.deploymentId);
    expect(real).toMatchObject({ environment: 'production', sha: c(2), changeFailure: true, reworkOverride: false });
    // The push keeps its one commit: the deployment brings only the commit of 2 days before.
    const metrics = await api('GET', `/api/projects/${s.projectId}/metrics`);
    expect(metrics.leadTimeForChanges).toMatchObject({ commits: 1, medianSeconds: 86_400 });
    expect(metrics.deploymentFrequency.deployments).toBe(2);
  });

  it('corrects a pull request and an incident in place; the incident keeps its link', async () => {
    const s = await store('records');
    const pr = JSON.stringify(
      githubPullRequest({
        repository: REPOSITORY,
        number: 5,
        title: 'Fix checkout',
        sourceBranch: 'fix',
        openedAt: iso(s.now - 3 * DAY),
        updatedAt: iso(s.now - 2 * DAY),
        headSha: c(2),
        merged: { at: iso(s.now - 2 * DAY), commit: c(2) },
      }),
    );
    expect(await s.send('pull_request', pr, 'records-pr')).toBe('accepted');
    const generic = await api('POST', `/api/projects/${s.projectId}/webhooks`, { provider: 'generic' });
    const incident = {
      type: 'incident',
      incidentId: 'checkout-down',
      status: 'open',
      startedAt: iso(s.now - DAY / 2),
      title: 'Checkout down',
      repository: REPOSITORY,
      environment: 'production',
    };
    const body = JSON.stringify(incident);
    const sent = await t.app.inject({
      method: 'POST',
      url: `/hooks/${generic.id}`,
      headers: genericHeaders(body, generic.secret),
      payload: body,
    });
    expect(sent.json().outcome).toBe('accepted');
    const [stored] = (await api('GET', `/api/projects/${s.projectId}/incidents`)).incidents;
    await api('PATCH', `/api/incidents/${stored.id}`, { deploymentId: s.deploymentId });

    // An older parser: the pull request's title cut and its merge a day early; the incident event without its title.
    const d = db();
    await d
      .updateTable('pull_requests')
      .set({ title: 'Fix', merged_at: s.now - 3 * DAY })
      .where('project_id', '=', s.projectId)
      .execute();
    await d
      .updateTable('incident_events')
      .set({ event_key: 'an older parser', event: '{}' })
      .where('incident_id', '=', stored.id)
      .execute();
    await d.updateTable('incidents').set({ title: null }).where('id', '=', stored.id).execute();

    expect(await api('POST', `/api/webhooks/${s.hookId}/replay`)).toEqual({
      replayed: 3,
      stored: 0,
      corrected: 1,
      removed: 0,
      ignored: 0,
      pastRetention: 0,
    });
    expect(
      await d
        .selectFrom('pull_requests')
        .select(['title', 'merged_at', 'merge_commit_sha', 'state'])
        .where('project_id', '=', s.projectId)
        .execute(),
    ).toEqual([{ title: 'Fix checkout', merged_at: s.now - 2 * DAY, merge_commit_sha: c(2), state: 'merged' }]);

    expect(await api('POST', `/api/webhooks/${generic.id}/replay`)).toEqual({
      replayed: 1,
      stored: 0,
      corrected: 1,
      removed: 0,
      ignored: 0,
      pastRetention: 0,
    });
    expect((await api('GET', `/api/projects/${s.projectId}/incidents`)).incidents).toMatchObject([
      { id: stored.id, title: 'Checkout down', deploymentId: s.deploymentId, attribution: 'manual' },
    ]);
    const events = await d.selectFrom('incident_events').select('event').where('incident_id', '=', stored.id).execute();
    expect(events.map((e) => JSON.parse(e.event).title)).toEqual(['Checkout down']);
  });

  it('is for admins only', async () => {
    const s = await store('roles');
    const maintainer = await api('POST', '/api/tokens', { name: 'm', role: 'maintainer' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/webhooks/${s.hookId}/replay`,
      headers: { authorization: `Bearer ${maintainer.token}` },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
  });
});
