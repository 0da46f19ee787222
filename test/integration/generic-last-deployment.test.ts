import { beforeAll, expect, it } from 'vitest';
import { genericDeployment, genericHeaders, lastDeploymentHeaders, shaOf } from '../factories/generic.js';
import { githubDeploymentStatus, githubHeaders } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

type Hook = { id: string; secret: string };

describeEachDatabase('GET /hooks/:id/last-deployment', ({ handle }) => {
  let t: TestApp;
  let projectId: string;
  let generic: Hook;
  let github: Hook;

  const api = async (method: 'POST' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: t.auth, ...(payload === undefined ? {} : { payload }) });
  const report = async (hook: Hook, payload: Record<string, unknown>) => {
    const body = JSON.stringify(payload);
    const res = await t.app.inject({
      method: 'POST',
      url: `/hooks/${hook.id}`,
      headers: genericHeaders(body, hook.secret),
      payload: body,
    });
    expect(res.json().outcome).toBe('accepted');
  };
  const ask = (hookId: string, query: string, secret: string, at = t.now()) => {
    const url = `/hooks/${hookId}/last-deployment${query}`;
    return t.app.inject({ method: 'GET', url, headers: lastDeploymentHeaders(url, secret, at) });
  };

  beforeAll(async () => {
    t = await buildTestApp(handle(), { start: Date.parse('2026-03-20T12:00:00Z') });
    projectId = (await api('POST', '/api/projects', { name: 'Last' })).json().id;
    generic = (await api('POST', `/api/projects/${projectId}/webhooks`, { provider: 'generic' })).json();
    github = (await api('POST', `/api/projects/${projectId}/webhooks`, { provider: 'github' })).json();
  });

  it('answers nulls before any deployment', async () => {
    const res = await ask(generic.id, '?repository=acme%2Fcheckout&environment=production', generic.secret);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sha: null, finishedAt: null });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it("gives the last successful deployment of the repository in the environment, from any of the project's webhooks", async () => {
    await report(generic, genericDeployment({ deploymentId: 'd1', sha: shaOf(1), finishedAt: '2026-03-10T10:00:00Z' }));
    await report(generic, genericDeployment({ deploymentId: 'd2', sha: shaOf(2), finishedAt: '2026-03-11T10:00:00Z' }));
    // Later, but a failure, another environment, another repository, or unfinished: none of them count.
    await report(
      generic,
      genericDeployment({ deploymentId: 'd3', sha: shaOf(3), status: 'failure', finishedAt: '2026-03-12T10:00:00Z' }),
    );
    await report(
      generic,
      genericDeployment({
        deploymentId: 'd4',
        sha: shaOf(4),
        environment: 'staging',
        finishedAt: '2026-03-13T10:00:00Z',
      }),
    );
    await report(
      generic,
      genericDeployment({
        deploymentId: 'd5',
        sha: shaOf(5),
        repository: 'acme/other',
        finishedAt: '2026-03-14T10:00:00Z',
      }),
    );
    await report(
      generic,
      genericDeployment({
        deploymentId: 'd6',
        sha: shaOf(6),
        status: 'in_progress',
        startedAt: '2026-03-15T10:00:00Z',
      }),
    );
    const res = await ask(generic.id, '?repository=acme%2Fcheckout&environment=production', generic.secret);
    expect(res.json()).toEqual({ sha: shaOf(2), finishedAt: '2026-03-11T10:00:00.000Z' });

    // Environment names match without regard to case; the query may be in any order.
    const upper = await ask(generic.id, '?environment=PRODUCTION&repository=acme/checkout', generic.secret);
    expect(upper.json()).toEqual({ sha: shaOf(2), finishedAt: '2026-03-11T10:00:00.000Z' });
    const staging = await ask(generic.id, '?repository=acme%2Fcheckout&environment=Staging', generic.secret);
    expect(staging.json().sha).toBe(shaOf(4));

    // A GitHub deployment of the same repository, later, through another webhook of the project.
    const body = JSON.stringify(
      githubDeploymentStatus({
        deploymentId: 77,
        statusId: 770,
        state: 'success',
        createdAt: '2026-03-16T09:00:00Z',
        sha: shaOf(7),
      }),
    );
    const delivered = await t.app.inject({
      method: 'POST',
      url: `/hooks/${github.id}`,
      headers: githubHeaders('deployment_status', body, github.secret),
      payload: body,
    });
    expect(delivered.json().outcome).toBe('accepted');
    const after = await ask(generic.id, '?repository=acme%2Fcheckout&environment=production', generic.secret);
    expect(after.json()).toEqual({ sha: shaOf(7), finishedAt: '2026-03-16T09:00:00.000Z' });
  });

  it("never answers another project's deployments", async () => {
    const other = (await api('POST', '/api/projects', { name: 'Other' })).json().id;
    const hook: Hook = (await api('POST', `/api/projects/${other}/webhooks`, { provider: 'generic' })).json();
    const res = await ask(hook.id, '?repository=acme%2Fcheckout&environment=production', hook.secret);
    expect(res.json()).toEqual({ sha: null, finishedAt: null });
  });

  it('refuses a missing, wrong, replayed or tampered signature with 401', async () => {
    const url = `/hooks/${generic.id}/last-deployment?repository=acme%2Fcheckout&environment=production`;
    const unsigned = await t.app.inject({ method: 'GET', url });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json().error.code).toBe('signature_mismatch');
    expect(unsigned.json().error.message).toContain('X-Shipwatch-Timestamp');

    expect(
      (await ask(generic.id, '?repository=acme%2Fcheckout&environment=production', 'wrong secret')).statusCode,
    ).toBe(401);
    const stale = await ask(
      generic.id,
      '?repository=acme%2Fcheckout&environment=production',
      generic.secret,
      t.now() - 5 * 60_000 - 1000,
    );
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.message).toContain('clock');
    const future = await ask(
      generic.id,
      '?repository=acme%2Fcheckout&environment=production',
      generic.secret,
      t.now() + 6 * 60_000,
    );
    expect(future.statusCode).toBe(401);
    // Within the five minutes either way, it passes.
    const skewed = await ask(
      generic.id,
      '?repository=acme%2Fcheckout&environment=production',
      generic.secret,
      t.now() - 4 * 60_000,
    );
    expect(skewed.statusCode).toBe(200);

    // Signed for staging, sent for production: the query is part of what is signed.
    const signedFor = `/hooks/${generic.id}/last-deployment?repository=acme%2Fcheckout&environment=staging`;
    const tampered = await t.app.inject({
      method: 'GET',
      url: signedFor.replace('staging', 'production'),
      headers: lastDeploymentHeaders(signedFor, generic.secret, t.now()),
    });
    expect(tampered.statusCode).toBe(401);
  });

  it('accepts the previous secret during its grace period', async () => {
    const hook: Hook = (await api('POST', `/api/projects/${projectId}/webhooks`, { provider: 'generic' })).json();
    const rotated = await api('POST', `/api/webhooks/${hook.id}/rotate-secret`, { graceSeconds: 60 });
    const fresh = rotated.json().secret as string;
    expect((await ask(hook.id, '?repository=a&environment=b', hook.secret)).statusCode).toBe(200);
    expect((await ask(hook.id, '?repository=a&environment=b', fresh)).statusCode).toBe(200);
    t.advance(61_000);
    expect((await ask(hook.id, '?repository=a&environment=b', hook.secret)).statusCode).toBe(401);
    expect((await ask(hook.id, '?repository=a&environment=b', fresh)).statusCode).toBe(200);
  });

  it('answers 400 for a missing repository or environment, once the signature passed', async () => {
    const noRepo = await ask(generic.id, '?environment=production', generic.secret);
    expect(noRepo.statusCode).toBe(400);
    expect(noRepo.json().error).toMatchObject({ code: 'invalid_request' });
    expect(noRepo.json().error.message).toContain('repository');
    const noEnv = await ask(generic.id, '?repository=acme%2Fcheckout&environment=', generic.secret);
    expect(noEnv.statusCode).toBe(400);
    expect(noEnv.json().error.message).toContain('environment');
    const twice = await ask(generic.id, '?repository=a&repository=b&environment=production', generic.secret);
    expect(twice.statusCode).toBe(400);
    // Unsigned and missing both: the signature is checked first.
    expect((await t.app.inject({ method: 'GET', url: `/hooks/${generic.id}/last-deployment` })).statusCode).toBe(401);
  });

  it('answers 404 for an unknown or non-generic webhook and 410 for a revoked one or a deleted project', async () => {
    const unknown = await ask('wh_doesnotexist', '?repository=a&environment=b', generic.secret);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    const notGeneric = await ask(github.id, '?repository=a&environment=b', github.secret);
    expect(notGeneric.statusCode).toBe(404);
    expect(notGeneric.json().error.message).toContain('generic');

    const hook: Hook = (await api('POST', `/api/projects/${projectId}/webhooks`, { provider: 'generic' })).json();
    expect((await api('POST', `/api/webhooks/${hook.id}/revoke`)).statusCode).toBe(200);
    const revoked = await ask(hook.id, '?repository=a&environment=b', hook.secret);
    expect(revoked.statusCode).toBe(410);
    expect(revoked.json().error.code).toBe('gone');

    const doomed = (await api('POST', '/api/projects', { name: 'Doomed' })).json().id;
    const doomedHook: Hook = (await api('POST', `/api/projects/${doomed}/webhooks`, { provider: 'generic' })).json();
    expect((await api('DELETE', `/api/projects/${doomed}`)).statusCode).toBe(204);
    expect((await ask(doomedHook.id, '?repository=a&environment=b', doomedHook.secret)).statusCode).toBe(410);
  });

  it('answers 429 instead of 401 past 30 failed verifications a minute from one address', async () => {
    const hook: Hook = (await api('POST', `/api/projects/${projectId}/webhooks`, { provider: 'generic' })).json();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i += 1)
      statuses.push((await ask(hook.id, '?repository=a&environment=b', 'bad')).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    const blocked = await ask(hook.id, '?repository=a&environment=b', 'bad');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });
});
