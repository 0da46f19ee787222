import { createHmac, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { githubDeploymentStatus, githubHeaders, githubPush } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

const PROVIDERS = ['github', 'gitlab', 'azure-devops', 'generic'] as const;
type Provider = (typeof PROVIDERS)[number];

/** Headers that make a request verify for the provider, so random bodies reach parse and normalize. */
function credentials(provider: Provider, body: string, secret: string): Record<string, string> {
  const hmac = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  switch (provider) {
    case 'github':
      return { 'x-hub-signature-256': hmac };
    case 'gitlab':
      return { 'x-gitlab-token': secret };
    case 'azure-devops':
      return { 'x-azure-token': secret };
    case 'generic':
      return { 'x-shipwatch-signature-256': hmac };
  }
}

describeEachDatabase('receiver input', ({ handle, db }) => {
  let t: TestApp;
  const hooks = {} as Record<Provider, { id: string; secret: string }>;
  beforeAll(async () => {
    t = await buildTestApp(handle(), {
      env: { SHIPWATCH_MAX_BODY_BYTES: '4096', SHIPWATCH_MAX_PUSH_BODY_BYTES: '8192' },
    });
    const projectId = (
      await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'input' } })
    ).json().id;
    for (const provider of PROVIDERS) {
      hooks[provider] = (
        await t.app.inject({
          method: 'POST',
          url: `/api/projects/${projectId}/webhooks`,
          headers: t.auth,
          payload: { provider },
        })
      ).json();
    }
  });

  it('answers random bodies and headers with the contract statuses, never a 5xx, for every provider', async () => {
    const header = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('push', 'deployment_status', 'ping', 'Push Hook', 'Deployment Hook', 'deployment'),
    );
    const body = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json({ maxDepth: 3 }),
      fc
        .jsonValue({ maxDepth: 3 })
        .map((v) => JSON.stringify({ eventType: 'ms.vss-release.deployment-completed-event', resource: v, id: 'x' })),
      fc.jsonValue({ maxDepth: 3 }).map((v) => `payload=${encodeURIComponent(JSON.stringify(v))}`),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      fc.constant('x'.repeat(5000)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PROVIDERS),
        body,
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'application/x-www-form-urlencoded',
          'text/plain',
          'multipart/form-data; boundary=x',
          '',
        ),
        header,
        fc.boolean(),
        fc.ipV4(),
        async (provider, payload, contentType, event, signed, remoteAddress) => {
          const hook = hooks[provider];
          const headers: Record<string, string> = {
            'x-github-event': event,
            'x-gitlab-event': event,
            'x-github-delivery': randomUUID(),
            ...(contentType === '' ? {} : { 'content-type': contentType }),
            ...(signed ? credentials(provider, payload, hook.secret) : {}),
          };
          const res = await t.app.inject({ method: 'POST', url: `/hooks/${hook.id}`, headers, payload, remoteAddress });
          expect([200, 400, 401, 413, 415, 429]).toContain(res.statusCode);
          const json = res.json();
          if (res.statusCode === 200) expect(['accepted', 'ignored', 'duplicate']).toContain(json.outcome);
          else expect(json.error.message.length).toBeGreaterThan(10);
          if (!signed) expect(res.statusCode === 401 || res.statusCode === 413 || res.statusCode === 429).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses what the contract names, in its order, with a message that says what to fix', async () => {
    const gh = hooks.github;
    const ping = JSON.stringify({ zen: 'z', hook: { events: ['*'] } });
    const big = JSON.stringify({ zen: 'z'.repeat(5000) });
    const cases: [string, Record<string, string>, string, number, RegExp][] = [
      [
        'too large (before the signature)',
        { 'content-type': 'application/json', 'x-github-event': 'ping' },
        big,
        413,
        /over the 4096-byte limit/,
      ],
      [
        'no signature',
        { 'content-type': 'application/json', 'x-github-event': 'ping' },
        ping,
        401,
        /no X-Hub-Signature-256 header/,
      ],
      [
        'wrong content type',
        { ...githubHeaders('ping', ping, gh.secret), 'content-type': 'text/plain' },
        ping,
        415,
        /application\/json/,
      ],
      ['truncated JSON', githubHeaders('ping', ping.slice(0, 10), gh.secret), ping.slice(0, 10), 400, /JSON/],
      ['not an object', githubHeaders('ping', '[1]', gh.secret), '[1]', 400, /object/i],
      [
        'no event name',
        (({ 'x-github-event': _, ...rest }) => rest)(githubHeaders('ping', ping, gh.secret)),
        ping,
        400,
        /X-GitHub-Event/i,
      ],
    ];
    for (const [name, headers, payload, status, message] of cases) {
      const res = await t.app.inject({ method: 'POST', url: `/hooks/${gh.id}`, headers, payload });
      expect(res.statusCode, name).toBe(status);
      expect(res.json().error.message, name).toMatch(message);
    }
    const push =
      JSON.stringify(
        githubPush({
          before: 'a'.repeat(40),
          after: 'b'.repeat(40),
          commits: [{ id: 'b'.repeat(40), timestamp: '2026-03-01T10:00:00Z' }],
        }),
      ) + ' '.repeat(5000);
    const res = await t.app.inject({
      method: 'POST',
      url: `/hooks/${gh.id}`,
      headers: githubHeaders('push', push, gh.secret),
      payload: push,
    });
    expect(res.statusCode, 'a push gets the larger limit').toBe(200);
  });

  it('accepts GitHub form-encoded deliveries, signed over the form body', async () => {
    const payload = githubDeploymentStatus({
      deploymentId: 77,
      statusId: 770,
      state: 'success',
      createdAt: '2026-03-01T10:00:00Z',
    });
    const form = `payload=${encodeURIComponent(JSON.stringify(payload)).replaceAll('%20', '+')}`;
    const headers = {
      ...githubHeaders('deployment_status', form, hooks.github.secret),
      'content-type': 'application/x-www-form-urlencoded',
    };
    const res = await t.app.inject({ method: 'POST', url: `/hooks/${hooks.github.id}`, headers, payload: form });
    expect(res.json().outcome).toBe('accepted');
  });

  it('stores every one of many concurrent deliveries (group commit), each answered after commit', async () => {
    const sends = Array.from({ length: 120 }, (_, i) => {
      const body = JSON.stringify(
        githubDeploymentStatus({
          deploymentId: 10_000 + i,
          statusId: 20_000 + i,
          state: 'success',
          createdAt: '2026-03-05T10:00:00Z',
        }),
      );
      return t.app.inject({
        method: 'POST',
        url: `/hooks/${hooks.github.id}`,
        headers: githubHeaders('deployment_status', body, hooks.github.secret),
        payload: body,
      });
    });
    const results = await Promise.all(sends);
    expect(results.map((r) => r.json().outcome)).toEqual(Array(120).fill('accepted'));
    const stored = await db()
      .selectFrom('deployments')
      .select('id')
      .where('provider_deployment_id', '>=', '10000')
      .where('provider_deployment_id', '<', '10120')
      .execute();
    expect(stored).toHaveLength(120);
  });

  it('rate-limits failed verifications per webhook and address with 429 and Retry-After, never a verified one', async () => {
    const gh = hooks.gitlab;
    const body = JSON.stringify({ object_kind: 'push' });
    const statuses: number[] = [];
    for (let i = 0; i < 35; i += 1) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/hooks/${gh.id}`,
        headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'forged' },
        payload: body,
        remoteAddress: '10.9.9.9',
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(30);
    expect(statuses.slice(30)).toEqual([429, 429, 429, 429, 429]);
    const real = await t.app.inject({
      method: 'POST',
      url: `/hooks/${gh.id}`,
      headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': gh.secret },
      payload: body,
      remoteAddress: '10.9.9.9',
    });
    expect(real.statusCode).toBe(200);
    const rejected = (
      await t.app.inject({
        method: 'GET',
        url: `/api/webhooks/${gh.id}/deliveries?outcome=rejected&limit=500`,
        headers: t.auth,
      })
    ).json();
    expect(rejected.deliveries.filter((d: { httpStatus: number }) => d.httpStatus === 429)).toHaveLength(0);
  });

  it('answers an Azure DevOps "Test" notification and a YAML pipeline event ignored, with reasons', async () => {
    const az = hooks['azure-devops'];
    const test = JSON.stringify({
      id: randomUUID(),
      eventType: 'ms.vss-release.deployment-completed-event',
      resource: { environment: { name: 'Dev', status: 'succeeded' }, project: { name: 'Fabrikam' } },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `/hooks/${az.id}`,
      headers: { 'content-type': 'application/json', 'x-azure-token': az.secret },
      payload: test,
    });
    expect(res.json()).toMatchObject({ outcome: 'ignored' });
    expect(res.json().reason).toMatch(/resource\.deployment/);
    const yaml = JSON.stringify({
      id: randomUUID(),
      eventType: 'ms.vss-pipelines.run-state-changed-event',
      resource: {},
    });
    const res2 = await t.app.inject({
      method: 'POST',
      url: `/hooks/${az.id}`,
      headers: { 'content-type': 'application/json', 'x-azure-token': az.secret },
      payload: yaml,
    });
    expect(res2.json().outcome).toBe('ignored');
    expect(res2.json().reason).toMatch(/generic/i);
  });
});
