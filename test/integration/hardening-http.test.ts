import { beforeAll, describe, expect, it } from 'vitest';
import { githubHeaders, githubPush } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

describeEachDatabase('hardening of the HTTP layer (issue 14)', ({ handle }) => {
  let t: TestApp;
  let projectId: string;
  let hook: { id: string; secret: string };

  beforeAll(async () => {
    t = await buildTestApp(handle());
    projectId = (
      await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'Hardening' } })
    ).json().id;
    hook = (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${projectId}/webhooks`,
        headers: t.auth,
        payload: { provider: 'github' },
      })
    ).json();
  });

  describe('a NUL byte in a path or query parameter (item 5)', () => {
    it('in a webhook id is a 404 naming it, not a 500', async () => {
      const body = JSON.stringify(githubPush({ before: '0'.repeat(40), after: 'a'.repeat(40), commits: [] }));
      for (const url of ['/hooks/a%00', `/hooks/${hook.id}%00`]) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: githubHeaders('push', body, hook.secret),
          payload: body,
        });
        expect(res.statusCode, res.body).toBe(404);
        expect(res.json().error.code).toBe('not_found');
        expect(res.json().error.message).toContain('webhookId');
      }
      const last = await t.app.inject({ method: 'GET', url: '/hooks/a%00/last-deployment' });
      expect(last.statusCode, last.body).toBe(404);
    });

    it('in a project id, a deployment id or an environment name is a 404 naming it', async () => {
      for (const url of [
        '/api/projects/x%00y',
        '/api/projects/x%00y/metrics',
        `/api/projects/${projectId}/environments/prod%00`,
        '/api/deployments/d%00',
        '/api/webhooks/w%00',
      ]) {
        const res = await t.app.inject({ method: 'GET', url, headers: t.auth });
        expect(res.statusCode, `${url}: ${res.body}`).toBe(404);
        expect(res.json().error.code).toBe('not_found');
      }
    });

    it('in a query value is a 400 naming the query parameter', async () => {
      for (const [url, name] of [
        [`/api/projects/${projectId}/deployments?environment=prod%00`, 'environment'],
        [`/api/projects/${projectId}/deployments?repository=a%00b`, 'repository'],
        [`/api/projects/${projectId}/metrics?repository=%00`, 'repository'],
      ] as const) {
        const res = await t.app.inject({ method: 'GET', url, headers: t.auth });
        expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
        expect(res.json().error).toMatchObject({ code: 'invalid_request' });
        expect(res.json().error.message).toContain(`query parameter ${name}`);
      }
    });

    it('in the session cookie is a 401', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/projects',
        headers: { cookie: 'shipwatch_session=abc%00def' },
      });
      expect(res.statusCode, res.body).toBe(401);
    });

    it('a name with a right-to-left override is a 400 naming the field (item 14)', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: t.auth,
        payload: { name: 'Checkout\u202eexe.' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(/^name must not contain/);
    });
  });

  describe('the access log (item 8)', () => {
    it('never writes the value of a credential-like query parameter', async () => {
      const before = t.logs.length;
      await t.app.inject({ method: 'GET', url: '/healthz?token=abc-leaked-1&x=visible' });
      await t.app.inject({
        method: 'GET',
        url: `/api/projects/${projectId}/metrics?access_token=abc-leaked-2&Signature=abc-leaked-3`,
      });
      await t.app.inject({ method: 'GET', url: '/healthz?private_token=abc-leaked-4&code=abc-leaked-5&state=s' });
      await t.app.inject({
        method: 'GET',
        url: '/healthz?password=abc-leaked-6&api_key=abc-leaked-7&sig=abc-leaked-8',
      });
      const written = t.logs.slice(before).join('');
      expect(written).not.toMatch(/abc-leaked/);
      const urls = t.logs
        .slice(before)
        .map((line) => JSON.parse(line) as { msg: string; url?: string })
        .filter((line) => line.msg === 'request')
        .map((line) => line.url);
      expect(urls).toContain('/healthz?token=REDACTED&x=visible');
      expect(urls).toContain(`/api/projects/${projectId}/metrics?access_token=REDACTED&Signature=REDACTED`);
    });
  });

  describe('sign-in throttle (item 12)', () => {
    const signIn = (token: string, remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/session', payload: { token }, remoteAddress });

    it('the 11th failed sign-in from one address within a minute is a 429 with Retry-After', async () => {
      for (let i = 0; i < 10; i += 1) {
        expect((await signIn(`wrong-${i}`, '203.0.113.7')).statusCode).toBe(401);
      }
      const blocked = await signIn('wrong-10', '203.0.113.7');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('too_many_failures');
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // Blocked means not checked: the right token from that address waits too (else the 200 is an oracle).
      expect((await signIn(t.token, '203.0.113.7')).statusCode).toBe(429);
      // Another address signs in.
      const other = await signIn(t.token, '198.51.100.20');
      expect(other.statusCode, other.body).toBe(200);
      // A minute later the first address may try again.
      t.advance(60_000);
      expect((await signIn(t.token, '203.0.113.7')).statusCode).toBe(200);
    });

    it('a successful sign-in does not count toward the limit', async () => {
      for (let i = 0; i < 15; i += 1) expect((await signIn(t.token, '192.0.2.44')).statusCode).toBe(200);
    });
  });
});
