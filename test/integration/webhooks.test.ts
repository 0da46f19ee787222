import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { githubDeploymentStatus, githubHeaders, githubPush } from '../factories/github.js';
import { buildTestApp, PUBLIC_URL, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

async function post(app: FastifyInstance, url: string, auth: Record<string, string>, payload?: unknown) {
  return app.inject({
    method: 'POST',
    url,
    headers: auth,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function deliver(
  t: TestApp,
  webhook: { id: string; secret: string },
  event: string,
  payload: unknown,
  delivery?: string,
) {
  const body = JSON.stringify(payload);
  return t.app.inject({
    method: 'POST',
    url: `/hooks/${webhook.id}`,
    headers: githubHeaders(event, body, webhook.secret, delivery),
    payload: body,
  });
}

describeEachDatabase('projects', ({ handle }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(handle());
  });

  it('creates, reads, lists, updates and deletes a project', async () => {
    const created = await post(t.app, '/api/projects', t.auth, { name: '  Checkout  ', timeZone: 'Europe/Paris' });
    expect(created.statusCode).toBe(201);
    const project = created.json();
    expect(project).toMatchObject({ name: 'Checkout', timeZone: 'Europe/Paris' });
    expect(project.id).toMatch(/^prj_/);
    expect((await t.app.inject({ method: 'GET', url: `/api/projects/${project.id}`, headers: t.auth })).json()).toEqual(
      project,
    );
    const defaulted = (await post(t.app, '/api/projects', t.auth, { name: 'B' })).json();
    expect(defaulted.timeZone).toBe('UTC');
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/projects/${project.id}`,
      headers: t.auth,
      payload: { name: 'Checkout 2', timeZone: 'America/New_York' },
    });
    expect(patched.json()).toMatchObject({ name: 'Checkout 2', timeZone: 'America/New_York' });
    const list = (await t.app.inject({ method: 'GET', url: '/api/projects', headers: t.auth })).json();
    expect(list.projects.map((p: { id: string }) => p.id)).toContain(project.id);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/projects/${project.id}`, headers: t.auth })).statusCode,
    ).toBe(204);
    const gone = await t.app.inject({ method: 'GET', url: `/api/projects/${project.id}`, headers: t.auth });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.message).toContain(project.id);
    const audit = (await t.app.inject({ method: 'GET', url: '/api/audit', headers: t.auth })).json();
    const actions = audit.audit
      .filter((a: { targetId: string }) => a.targetId === project.id)
      .map((a: { action: string }) => a.action);
    expect(actions).toEqual(['project.deleted', 'project.renamed', 'project.created']);
  });

  it.each([
    [{ name: '' }, /name must not be empty/],
    [{ name: '   ' }, /name must not be empty/],
    [{ name: 'x'.repeat(101) }, /at most 100 characters/],
    [{ name: 'a\nb' }, /control characters/],
    [{ name: 'ok', timeZone: 'Mars/Olympus' }, /timeZone must be an IANA time zone/],
    [{}, /name/],
    [{ name: 5 }, /name/],
  ])('refuses %o with 400 naming the field', async (body, message) => {
    const res = await post(t.app, '/api/projects', t.auth, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
    expect(res.json().error.message).toMatch(message);
  });

  it('accepts 100 code points, counting emoji as one each', async () => {
    const res = await post(t.app, '/api/projects', t.auth, { name: '🚀'.repeat(100) });
    expect(res.statusCode).toBe(201);
  });
});

describeEachDatabase('webhooks', ({ handle, db }) => {
  let t: TestApp;
  let projectId: string;
  beforeAll(async () => {
    t = await buildTestApp(handle());
    projectId = (await post(t.app, '/api/projects', t.auth, { name: 'Checkout' })).json().id;
  });

  it('generates a webhook with a URL and a secret, and never lists the secret', async () => {
    const res = await post(t.app, `/api/projects/${projectId}/webhooks`, t.auth, { provider: 'gitlab' });
    expect(res.statusCode).toBe(201);
    const hook = res.json();
    expect(hook.name).toBe('GitLab deployments');
    expect(hook.url).toBe(`${PUBLIC_URL}/hooks/${hook.id}`);
    expect(hook.id).toMatch(/^wh_[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(hook.secret, 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(hook).toMatchObject({
      revokedAt: null,
      verifiedAt: null,
      lastDeliveryAt: null,
      previousSecretExpiresAt: null,
    });
    const list = await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/webhooks`, headers: t.auth });
    expect(list.body).not.toContain(hook.secret);
    const one = await t.app.inject({ method: 'GET', url: `/api/webhooks/${hook.id}`, headers: t.auth });
    expect(one.json().secret).toBeUndefined();
    const secret = await t.app.inject({ method: 'GET', url: `/api/webhooks/${hook.id}/secret`, headers: t.auth });
    expect(secret.json()).toEqual({ secret: hook.secret });
    const stored = await db()
      .selectFrom('webhooks')
      .select('secret_enc')
      .where('id', '=', hook.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret_enc).not.toContain(hook.secret);
  });

  it('refuses an unknown provider and an unknown project', async () => {
    const bad = await post(t.app, `/api/projects/${projectId}/webhooks`, t.auth, { provider: 'bitbucket' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/provider must be one of github, gitlab, azure-devops, generic/);
    const missing = await post(t.app, '/api/projects/prj_nope/webhooks', t.auth, { provider: 'github' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toContain('prj_nope');
  });

  it('renames, and holds several webhooks per project', async () => {
    const a = (
      await post(t.app, `/api/projects/${projectId}/webhooks`, t.auth, { provider: 'github', name: 'Repo A' })
    ).json();
    await post(t.app, `/api/projects/${projectId}/webhooks`, t.auth, { provider: 'github', name: 'Repo B' });
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/webhooks/${a.id}`,
      headers: t.auth,
      payload: { name: 'Repo A (prod)' },
    });
    expect(renamed.json().name).toBe('Repo A (prod)');
    const list = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/webhooks`, headers: t.auth })
    ).json();
    expect(list.webhooks.map((w: { name: string }) => w.name)).toEqual(
      expect.arrayContaining(['Repo A (prod)', 'Repo B']),
    );
  });

  it('rotation: both secrets verify during the grace period, only the new one after it', async () => {
    const hook = (await post(t.app, `/api/projects/${projectId}/webhooks`, t.auth, { provider: 'github' })).json();
    const rotated = await post(t.app, `/api/webhooks/${hook.id}/rotate-secret`, t.auth, { graceSeconds: 3600 });
    expect(rotated.statusCode).toBe(200);
    const { secret, previousSecretExpiresAt } = rotated.json();
    expect(secret).not.toBe(hook.secret);
    expect(Date.parse(previousSecretExpiresAt)).toBe(t.now() + 3600_000);
    const ping = {
      zen: 'z',
      hook_id: 1,
      hook: { events: ['deployment_status', 'push'], config: { content_type: 'json' } },
    };
    expect((await deliver(t, { id: hook.id, secret: hook.secret }, 'ping', ping)).statusCode).toBe(200);
    expect((await deliver(t, { id: hook.id, secret }, 'ping', ping)).statusCode).toBe(200);
    t.advance(3600_000 + 1000);
    expect((await deliver(t, { id: hook.id, secret: hook.secret }, 'ping', ping)).statusCode).toBe(401);
    expect((await deliver(t, { id: hook.id, secret }, 'ping', ping)).statusCode).toBe(200);
    const view = (await t.app.inject({ method: 'GET', url: `/api/webhooks/${hook.id}`, headers: t.auth })).json();
    expect(view.previousSecretExpiresAt).toBeNull();
    expect(view.verifiedAt).not.toBeNull();
    expect(view.lastDeliveryOutcome).toBe('accepted');
  });

  it('revoke: deletes what only it delivered, keeps what a sibling also delivered, then 410/409', async () => {
    const project = (await post(t.app, '/api/projects', t.auth, { name: 'Revoke' })).json().id;
    const a = (
      await post(t.app, `/api/projects/${project}/webhooks`, t.auth, { provider: 'github', name: 'org hook' })
    ).json();
    const b = (
      await post(t.app, `/api/projects/${project}/webhooks`, t.auth, { provider: 'github', name: 'repo hook' })
    ).json();
    const shared = githubDeploymentStatus({
      deploymentId: 1,
      statusId: 11,
      state: 'success',
      createdAt: '2026-03-01T10:00:00Z',
    });
    const onlyA = githubDeploymentStatus({
      deploymentId: 2,
      statusId: 21,
      state: 'failure',
      createdAt: '2026-03-01T11:00:00Z',
    });
    const pushOnlyA = githubPush({
      before: 'b'.repeat(40),
      after: 'c'.repeat(40),
      commits: [{ id: 'c'.repeat(40), timestamp: '2026-03-01T09:00:00-04:00' }],
    });
    expect((await deliver(t, a, 'deployment_status', shared)).json().outcome).toBe('accepted');
    expect((await deliver(t, b, 'deployment_status', shared)).json().outcome).toBe('duplicate');
    expect((await deliver(t, a, 'deployment_status', onlyA)).json().outcome).toBe('accepted');
    expect((await deliver(t, a, 'push', pushOnlyA)).json().outcome).toBe('accepted');

    const revoked = await post(t.app, `/api/webhooks/${a.id}/revoke`, t.auth);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().deleted).toMatchObject({
      deployments: 1,
      statusEvents: 1,
      pushes: 1,
      commits: 1,
      deliveries: 3,
    });
    const deployments = await db()
      .selectFrom('deployments')
      .select(['provider_deployment_id', 'status'])
      .where('project_id', '=', project)
      .execute();
    expect(deployments).toEqual([{ provider_deployment_id: '1', status: 'success' }]);
    expect(await db().selectFrom('pushes').select('id').where('project_id', '=', project).execute()).toEqual([]);
    expect(await db().selectFrom('commits').select('sha').where('project_id', '=', project).execute()).toEqual([]);

    expect((await deliver(t, a, 'deployment_status', onlyA)).statusCode).toBe(410);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/webhooks/${a.id}/secret`, headers: t.auth })).statusCode,
    ).toBe(410);
    expect(
      (await t.app.inject({ method: 'PATCH', url: `/api/webhooks/${a.id}`, headers: t.auth, payload: { name: 'x' } }))
        .statusCode,
    ).toBe(409);
    expect((await post(t.app, `/api/webhooks/${a.id}/revoke`, t.auth)).statusCode).toBe(409);
    const listed = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${project}/webhooks`, headers: t.auth })
    ).json();
    expect(listed.webhooks.map((w: { id: string }) => w.id)).toEqual([b.id]);
    const all = (
      await t.app.inject({
        method: 'GET',
        url: `/api/projects/${project}/webhooks?includeRevoked=true`,
        headers: t.auth,
      })
    ).json();
    expect(all.webhooks.find((w: { id: string }) => w.id === a.id).revokedAt).not.toBeNull();
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/hooks/wh_unknown',
      payload: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it("a deleted project's webhook URLs answer 410, and its audit entries stay", async () => {
    const project = (await post(t.app, '/api/projects', t.auth, { name: 'Doomed' })).json().id;
    const hook = (await post(t.app, `/api/projects/${project}/webhooks`, t.auth, { provider: 'github' })).json();
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/projects/${project}`, headers: t.auth })).statusCode,
    ).toBe(204);
    expect((await deliver(t, hook, 'ping', { zen: 'z' })).statusCode).toBe(410);
    const audit = (await t.app.inject({ method: 'GET', url: '/api/audit', headers: t.auth })).json();
    expect(
      audit.audit.some(
        (e: { targetId: string; action: string }) => e.targetId === hook.id && e.action === 'webhook.created',
      ),
    ).toBe(true);
  });

  it('the audit log names each management action of a webhook', async () => {
    const hook = (
      await post(t.app, `/api/projects/${projectId}/webhooks`, t.auth, { provider: 'azure-devops' })
    ).json();
    await t.app.inject({ method: 'GET', url: `/api/webhooks/${hook.id}/secret`, headers: t.auth });
    await t.app.inject({ method: 'PATCH', url: `/api/webhooks/${hook.id}`, headers: t.auth, payload: { name: 'ADO' } });
    await post(t.app, `/api/webhooks/${hook.id}/rotate-secret`, t.auth, {});
    await post(t.app, `/api/webhooks/${hook.id}/revoke`, t.auth);
    const audit = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/audit?limit=500`, headers: t.auth })
    ).json();
    const actions = audit.audit
      .filter((e: { targetId: string }) => e.targetId === hook.id)
      .map((e: { action: string }) => e.action);
    expect(actions).toEqual([
      'webhook.revoked',
      'webhook.secret_rotated',
      'webhook.renamed',
      'webhook.secret_revealed',
      'webhook.created',
    ]);
    expect(audit.audit[0].actor).toMatch(/^token:[0-9a-f]{16}$/);
  });
});

describe('no secret in the logs', () => {
  describeEachDatabase('log capture', ({ handle }) => {
    it('a whole create–reveal–deliver–rotate–revoke cycle never logs a secret or token', async () => {
      const t = await buildTestApp(handle());
      const project = (await post(t.app, '/api/projects', t.auth, { name: 'Logs' })).json().id;
      const hook = (await post(t.app, `/api/projects/${project}/webhooks`, t.auth, { provider: 'github' })).json();
      await t.app.inject({ method: 'GET', url: `/api/webhooks/${hook.id}/secret`, headers: t.auth });
      await deliver(
        t,
        hook,
        'deployment_status',
        githubDeploymentStatus({ deploymentId: 5, statusId: 51, state: 'success', createdAt: '2026-03-01T10:00:00Z' }),
      );
      await deliver(t, { id: hook.id, secret: 'wrong' }, 'ping', { zen: 'z' });
      const rotated = (await post(t.app, `/api/webhooks/${hook.id}/rotate-secret`, t.auth, {})).json();
      const session = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: t.token } });
      const cookie = String(session.headers['set-cookie']).split(';')[0]?.split('=')[1] ?? '';
      await post(t.app, `/api/webhooks/${hook.id}/revoke`, t.auth);
      const logs = t.logs.join('');
      expect(logs.length).toBeGreaterThan(1000);
      for (const secret of [hook.secret, rotated.secret, t.token, cookie]) {
        expect(secret.length).toBeGreaterThan(20);
        expect(logs).not.toContain(secret);
      }
      expect(logs).not.toContain('sha256=');
    });
  });
});

describeEachDatabase('revoke in batches', ({ handle, db }) => {
  it('deletes across many small batches exactly what a single pass would', async () => {
    const { revokeWebhook } = await import('../../src/manage/revoke-webhook.js');
    const t = await buildTestApp(handle());
    const project = (await post(t.app, '/api/projects', t.auth, { name: 'Batches' })).json().id;
    const a = (await post(t.app, `/api/projects/${project}/webhooks`, t.auth, { provider: 'github' })).json();
    const b = (await post(t.app, `/api/projects/${project}/webhooks`, t.auth, { provider: 'github' })).json();
    for (let i = 0; i < 7; i += 1) {
      const status = githubDeploymentStatus({
        deploymentId: 900 + i,
        statusId: 9000 + i,
        state: 'success',
        createdAt: `2026-03-0${i + 1}T10:00:00Z`,
      });
      await deliver(t, a, 'deployment_status', status);
      if (i % 3 === 0) await deliver(t, b, 'deployment_status', status);
      const commit = (i + 1).toString(16).padStart(40, '0');
      await deliver(
        t,
        a,
        'push',
        githubPush({
          before: i.toString(16).padStart(40, '0'),
          after: commit,
          commits: [{ id: commit, timestamp: '2026-03-01T09:00:00Z' }],
        }),
      );
    }
    const result = await revokeWebhook(db(), { id: a.id, actor: 'test', now: t.now() }, { batchSize: 2 });
    expect(result.deleted).toEqual({
      deployments: 4,
      statusEvents: 4,
      pushes: 7,
      commits: 7,
      deliveries: 14,
      incidents: 0,
      pullRequests: 0,
    });
    const kept = await db()
      .selectFrom('deployments')
      .select('provider_deployment_id')
      .where('project_id', '=', project)
      .orderBy('provider_deployment_id')
      .execute();
    expect(kept.map((k) => k.provider_deployment_id)).toEqual(['900', '903', '906']);
    const lineage = await db().selectFrom('lineage').select('webhook_id').where('project_id', '=', project).execute();
    expect(new Set(lineage.map((l) => l.webhook_id))).toEqual(new Set([b.id]));
  });
});
