import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PUBLIC_URL, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

/** Sends a request to a route with an empty JSON body where the method takes one. */
function send(t: TestApp, route: { method: string; url: string }, headers: Record<string, string>) {
  const method = route.method as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  return method === 'GET' || method === 'DELETE'
    ? t.app.inject({ method, url: route.url, headers })
    : t.app.inject({ method, url: route.url, headers, payload: {} });
}

const PUBLIC_ROUTES = new Set(['POST /api/session', 'GET /api/openapi.json', 'GET /api/auth/methods']);

/** Every documented /api/ route, from the OpenAPI document (so a new route cannot escape this test). */
async function apiRoutes(t: TestApp): Promise<{ method: string; url: string }[]> {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  const routes: { method: string; url: string }[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const method of Object.keys(methods)) {
      const url = path.replace(/\{[^}]+\}/g, 'x1');
      if (!PUBLIC_ROUTES.has(`${method.toUpperCase()} ${path}`)) routes.push({ method: method.toUpperCase(), url });
    }
  }
  return routes;
}

describeEachDatabase('authentication of the management API', ({ handle }) => {
  let t: TestApp;
  let routes: { method: string; url: string }[];
  let revoked: string;
  let sessionCookie: string;
  beforeAll(async () => {
    t = await buildTestApp(handle());
    routes = await apiRoutes(t);
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: t.auth,
      payload: { name: 'to revoke' },
    });
    revoked = made.json().token;
    await t.app.inject({ method: 'DELETE', url: `/api/tokens/${made.json().id}`, headers: t.auth });
    const session = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: t.token } });
    sessionCookie = String(session.headers['set-cookie']).split(';')[0] ?? '';
  });

  it('covers the routes of the contract', () => {
    const names = routes.map((r) => `${r.method} ${r.url}`);
    for (const expected of [
      'GET /api/projects',
      'POST /api/projects/x1/webhooks',
      'POST /api/webhooks/x1/revoke',
      'GET /api/tokens',
      'DELETE /api/session',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it('answers 401 without a credential, with a wrong token and with a revoked one, on every route', async () => {
    for (const route of routes) {
      for (const headers of [
        {},
        { authorization: 'Bearer swt_0000000000000000_wrongwrongwrongwrongwrong' },
        { authorization: `Bearer ${revoked}` },
        { cookie: 'shipwatch_session=nope' },
      ]) {
        const res = await send(t, route, headers);
        expect(res.statusCode, `${route.method} ${route.url} with ${JSON.stringify(headers)}`).toBe(401);
        expect(res.json().error.code).toBe('unauthorized');
      }
    }
  });

  it('lets a right token and a session through on every route (not 401)', async () => {
    for (const route of routes) {
      if (route.url === '/api/session') continue;
      const bearer = await send(t, route, t.auth);
      expect(bearer.statusCode, `${route.method} ${route.url}`).not.toBe(401);
      const cookie = await send(t, route, { cookie: sessionCookie, origin: PUBLIC_URL });
      expect(cookie.statusCode, `${route.method} ${route.url} (cookie)`).not.toBe(401);
    }
  });

  it('refuses a cookie write without the public Origin with 403 csrf_rejected', async () => {
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      for (const origin of [undefined, 'http://evil.example']) {
        const headers: Record<string, string> = { cookie: sessionCookie };
        if (origin !== undefined) headers.origin = origin;
        const res = await send(t, route, headers);
        expect(res.statusCode, `${route.method} ${route.url} origin ${origin}`).toBe(403);
        expect(res.json().error.code).toBe('csrf_rejected');
      }
    }
  });

  it('sets an HttpOnly SameSite=Strict cookie holding a session id, never the token', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: t.token } });
    expect(res.statusCode).toBe(200);
    expect(Date.parse(res.json().expiresAt)).toBeGreaterThan(t.now());
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^shipwatch_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    expect(cookie).not.toContain(t.token);
    const bad = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: 'nope' } });
    expect(bad.statusCode).toBe(401);
  });

  it('ends a session after the idle time, and when its token is revoked', async () => {
    const made = (
      await t.app.inject({ method: 'POST', url: '/api/tokens', headers: t.auth, payload: { name: 'web' } })
    ).json();
    const login = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: made.token } });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    expect((await t.app.inject({ method: 'GET', url: '/api/projects', headers: { cookie } })).statusCode).toBe(200);
    await t.app.inject({ method: 'DELETE', url: `/api/tokens/${made.id}`, headers: t.auth });
    expect((await t.app.inject({ method: 'GET', url: '/api/projects', headers: { cookie } })).statusCode).toBe(401);

    const idle = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: t.token } });
    const idleCookie = String(idle.headers['set-cookie']).split(';')[0] ?? '';
    t.advance(43_201_000);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/projects', headers: { cookie: idleCookie } })).statusCode,
    ).toBe(401);
  });

  it('signs out: DELETE /api/session clears the cookie and ends the session', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: t.token } });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const out = await t.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, origin: PUBLIC_URL } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/shipwatch_session=;/);
    expect((await t.app.inject({ method: 'GET', url: '/api/projects', headers: { cookie } })).statusCode).toBe(401);
  });
});

describeEachDatabase('SHIPWATCH_ADMIN_TOKEN', ({ handle }) => {
  it('is accepted as a token, and its sessions work', async () => {
    const admin = 'admin-token-for-tests-0123456789';
    const t = await buildTestApp(handle(), { env: { SHIPWATCH_ADMIN_TOKEN: admin } });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/projects', headers: { authorization: `Bearer ${admin}` } }))
        .statusCode,
    ).toBe(200);
    const login = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: admin } });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    expect((await t.app.inject({ method: 'GET', url: '/api/projects', headers: { cookie } })).statusCode).toBe(200);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: { authorization: `Bearer ${admin}` },
      payload: { name: 'A' },
    });
    const audit = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${created.json().id}/audit`, headers: t.auth })
    ).json();
    expect(audit.audit[0].actor).toBe('admin-token');
  });
});

describe('health and the API description', () => {
  describeEachDatabase('health', ({ handle }) => {
    it('GET /healthz and /readyz answer 200 without a credential; openapi.json describes the API', async () => {
      const t = await buildTestApp(handle());
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(doc.statusCode).toBe(200);
      expect(doc.json().openapi).toMatch(/^3\./);
      expect(Object.keys(doc.json().paths)).toContain('/api/projects/{projectId}/webhooks');
      expect(ready.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(ready.headers['content-security-policy']).toContain("script-src 'self'");
    });

    it('puts the security headers and a request id on every answer: success, 401, 404, and the receiver', async () => {
      const t = await buildTestApp(handle());
      const answers = [
        await t.app.inject({ method: 'GET', url: '/healthz' }),
        await t.app.inject({ method: 'GET', url: '/api/projects' }),
        await t.app.inject({ method: 'GET', url: '/api/no-such-route', headers: t.auth }),
        await t.app.inject({ method: 'POST', url: '/hooks/wh_unknown', payload: '{}' }),
      ];
      expect(answers.map((a) => a.statusCode)).toEqual([200, 401, 404, 404]);
      for (const answer of answers) {
        expect(answer.headers['content-security-policy']).toBe(
          "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self';connect-src 'self'",
        );
        expect(answer.headers['x-content-type-options']).toBe('nosniff');
        expect(answer.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(answer.headers['referrer-policy']).toBe('no-referrer');
        expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
        // Served over http here: no Strict-Transport-Security.
        expect(answer.headers['strict-transport-security']).toBeUndefined();
      }
      expect(new Set(answers.map((a) => a.headers['x-request-id'])).size).toBe(answers.length);
      // One access-log line per request, when it is answered, with its request id.
      const lines = t.logs
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { msg: string; reqId?: string; url?: string; statusCode?: number })
        .filter((line) => line.msg === 'request');
      expect(lines.map((l) => [l.url, l.statusCode])).toEqual([
        ['/healthz', 200],
        ['/api/projects', 401],
        ['/api/no-such-route', 404],
        ['/hooks/wh_unknown', 404],
      ]);
      expect(lines.map((l) => l.reqId)).toEqual(answers.map((a) => a.headers['x-request-id']));
    });

    it('sends Strict-Transport-Security when the public URL is https', async () => {
      const t = await buildTestApp(handle(), { env: { SHIPWATCH_PUBLIC_URL: 'https://dora.example.com' } });
      const answer = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(answer.headers['strict-transport-security']).toMatch(/^max-age=\d+; includeSubDomains$/);
    });
  });
});
