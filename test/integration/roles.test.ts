import { beforeAll, expect, it } from 'vitest';
import { buildTestApp, PUBLIC_URL, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

type Role = 'viewer' | 'maintainer' | 'admin';
const RANK: Record<Role, number> = { viewer: 0, maintainer: 1, admin: 2 };

/**
 * CONTRACT.md version 2, "People, roles and sign-in", its table of routes by role, written out independently of
 * the server's rule: admin for creating and deleting projects, tokens, users and the audit logs; maintainer for
 * every other write and for a webhook's secret; viewer for every other GET and for signing out. Every route of
 * the OpenAPI document is checked against it, so a route added later with the wrong role fails here.
 */
function contractRole(method: string, path: string): Role {
  if (/^\/api\/(tokens|users)(\/|$)/.test(path)) return 'admin';
  if (path === '/api/audit' || path === '/api/projects/{projectId}/audit') return 'admin';
  if (method === 'POST' && path === '/api/projects') return 'admin';
  if (method === 'DELETE' && path === '/api/projects/{projectId}') return 'admin';
  if (path === '/api/webhooks/{webhookId}/secret') return 'maintainer';
  // Issue 14, item 4: a replay rewrites what a webhook stored, for every figure of its project.
  if (path === '/api/webhooks/{webhookId}/replay') return 'admin';
  if (path === '/api/session') return 'viewer';
  return method === 'GET' || method === 'HEAD' ? 'viewer' : 'maintainer';
}

const PUBLIC = new Set(['POST /api/session', 'GET /api/openapi.json', 'GET /api/auth/methods']);

async function apiRoutes(t: TestApp) {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  const routes: { method: string; path: string; url: string }[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const method of Object.keys(methods).map((m) => m.toUpperCase())) {
      if (!PUBLIC.has(`${method} ${path}`)) routes.push({ method, path, url: path.replace(/\{[^}]+\}/g, 'x1') });
    }
  }
  return routes;
}

function send(t: TestApp, route: { method: string; url: string }, headers: Record<string, string>) {
  const method = route.method as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  return method === 'GET' || method === 'DELETE'
    ? t.app.inject({ method, url: route.url, headers })
    : t.app.inject({ method, url: route.url, headers, payload: {} });
}

async function makeToken(t: TestApp, body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: t.auth, payload: body });
  expect(res.statusCode, JSON.stringify(res.json())).toBe(201);
  return res.json() as { id: string; token: string; role: Role; projectIds: string[] | null };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function sessionOf(t: TestApp, token: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token } });
  return { cookie: String(res.headers['set-cookie']).split(';')[0] ?? '', origin: PUBLIC_URL };
}

describeEachDatabase('roles on every route', ({ handle }) => {
  let t: TestApp;
  const who: Record<string, { role: Role; headers: Record<string, string> }> = {};
  beforeAll(async () => {
    t = await buildTestApp(handle());
    for (const role of ['viewer', 'maintainer', 'admin'] as const) {
      const made = await makeToken(t, { name: role, role });
      who[`${role} token`] = { role, headers: bearer(made.token) };
      who[`${role} session`] = { role, headers: await sessionOf(t, made.token) };
    }
  });

  it("answers each route by the contract's table: 403 forbidden naming the role below it, never 403 at or above", async () => {
    const routes = await apiRoutes(t);
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const needed = contractRole(route.method, route.path);
      for (const [name, { role, headers }] of Object.entries(who)) {
        if (route.method === 'DELETE' && route.path === '/api/session') continue; // would end the session
        const res = await send(t, route, headers);
        const label = `${route.method} ${route.path} as ${name}`;
        expect(res.statusCode, label).not.toBe(401);
        if (RANK[role] >= RANK[needed]) {
          expect(res.statusCode, label).not.toBe(403);
        } else {
          expect(res.statusCode, label).toBe(403);
          expect(res.json().error.code, label).toBe('forbidden');
          expect(res.json().error.message, label).toContain(needed);
        }
      }
    }
  });

  it('lets a viewer read every figure but not the secret, and a maintainer manage webhooks and environments, not tokens', async () => {
    const project = (
      await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'Checkout' } })
    ).json();
    const viewer = who['viewer session']?.headers ?? {};
    const maintainer = who['maintainer token']?.headers ?? {};
    for (const url of [
      `/api/projects/${project.id}`,
      `/api/projects/${project.id}/metrics?from=2026-02-01&to=2026-03-01`,
      `/api/projects/${project.id}/metrics/series?from=2026-02-01&to=2026-03-01`,
      `/api/projects/${project.id}/deployments`,
      `/api/projects/${project.id}/environments`,
      `/api/projects/${project.id}/webhooks`,
      `/api/projects/${project.id}/settings`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: viewer });
      expect(res.statusCode, url).toBe(200);
    }
    const webhook = await t.app.inject({
      method: 'POST',
      url: `/api/projects/${project.id}/webhooks`,
      headers: maintainer,
      payload: { name: 'GitHub', provider: 'github' },
    });
    expect(webhook.statusCode).toBe(201);
    const webhookId = webhook.json().id as string;
    const secret = await t.app.inject({ method: 'GET', url: `/api/webhooks/${webhookId}/secret`, headers: viewer });
    expect(secret.statusCode).toBe(403);
    expect(secret.json().error.message).toMatch(/maintainer/);
    expect(secret.body).not.toContain(webhook.json().secret);
    const viewed = await t.app.inject({ method: 'GET', url: `/api/webhooks/${webhookId}`, headers: viewer });
    expect(viewed.statusCode).toBe(200);
    expect(viewed.body).not.toContain(webhook.json().secret);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/webhooks/${webhookId}/secret`, headers: maintainer })).statusCode,
    ).toBe(200);
    const env = await t.app.inject({
      method: 'PUT',
      url: `/api/projects/${project.id}/environments/staging`,
      headers: maintainer,
      payload: { production: true },
    });
    expect(env.statusCode).toBe(200);
    const envAsViewer = await t.app.inject({
      method: 'PUT',
      url: `/api/projects/${project.id}/environments/staging`,
      headers: viewer,
      payload: { production: false },
    });
    expect(envAsViewer.statusCode).toBe(403);
    for (const request of [
      { method: 'GET' as const, url: '/api/tokens' },
      { method: 'POST' as const, url: '/api/tokens', payload: { name: 'x' } },
      { method: 'DELETE' as const, url: `/api/projects/${project.id}` },
      { method: 'GET' as const, url: '/api/audit' },
    ]) {
      const res = await t.app.inject({ ...request, headers: maintainer });
      expect(res.statusCode, request.url).toBe(403);
      expect(res.json().error.message).toMatch(/admin/);
    }
    const revoke = await t.app.inject({
      method: 'POST',
      url: `/api/webhooks/${webhookId}/revoke`,
      headers: maintainer,
    });
    expect(revoke.statusCode).toBe(200);
  });

  it('answers GET /api/me for each credential', async () => {
    for (const [name, { role, headers }] of Object.entries(who)) {
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers });
      expect(me.statusCode).toBe(200);
      expect(me.json(), name).toEqual({ role, name: role, projectIds: null });
    }
    const before = (await t.app.inject({ method: 'GET', url: '/api/me', headers: t.auth })).json();
    expect(before.role).toBe('admin');
  });
});

describeEachDatabase('tokens limited to projects', ({ handle }) => {
  let t: TestApp;
  let a: { id: string };
  let b: { id: string };
  beforeAll(async () => {
    t = await buildTestApp(handle());
    const make = async (name: string) =>
      (await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name } })).json();
    a = await make('A');
    b = await make('B');
  });

  it('refuses an admin limited to projects, an empty list and an unknown project (400 naming the field)', async () => {
    for (const payload of [
      { name: 'x', role: 'admin', projectIds: [a.id] },
      { name: 'x', projectIds: [] },
      { name: 'x', projectIds: ['pr_nope'] },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: t.auth, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.message).toMatch(/projectIds|role/);
    }
  });

  it('sees its projects only: 404 for another, left out of lists; the token list shows role and projects', async () => {
    const limited = await makeToken(t, { name: 'team A', role: 'maintainer', projectIds: [a.id] });
    expect(limited.role).toBe('maintainer');
    const viewerLimited = await makeToken(t, { name: 'team A read', projectIds: [a.id] });
    expect(viewerLimited.role).toBe('viewer');
    const headers = bearer(limited.token);
    const list = (await t.app.inject({ method: 'GET', url: '/api/projects', headers })).json();
    expect(list.projects.map((p: { id: string }) => p.id)).toEqual([a.id]);
    expect((await t.app.inject({ method: 'GET', url: `/api/projects/${a.id}`, headers })).statusCode).toBe(200);
    const hookB = await t.app.inject({
      method: 'POST',
      url: `/api/projects/${b.id}/webhooks`,
      headers: t.auth,
      payload: { name: 'B hook', provider: 'gitlab' },
    });
    for (const [method, url] of [
      ['GET', `/api/projects/${b.id}`],
      ['GET', `/api/projects/${b.id}/metrics?from=2026-02-01&to=2026-03-01`],
      ['GET', `/api/projects/${b.id}/webhooks`],
      ['GET', `/api/projects/${b.id}/settings`],
      ['GET', `/api/webhooks/${hookB.json().id}`],
      ['GET', `/api/webhooks/${hookB.json().id}/secret`],
      ['POST', `/api/webhooks/${hookB.json().id}/revoke`],
      ['PATCH', `/api/projects/${b.id}`],
    ] as const) {
      const res = await t.app.inject({ method, url, headers, ...(method === 'GET' ? {} : { payload: {} }) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    const hookA = await t.app.inject({
      method: 'POST',
      url: `/api/projects/${a.id}/webhooks`,
      headers,
      payload: { name: 'A hook', provider: 'gitlab' },
    });
    expect(hookA.statusCode).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: `/api/webhooks/${hookA.json().id}`, headers })).statusCode).toBe(
      200,
    );
    const me = (await t.app.inject({ method: 'GET', url: '/api/me', headers })).json();
    expect(me).toEqual({ role: 'maintainer', name: 'team A', projectIds: [a.id] });
    const tokens = (await t.app.inject({ method: 'GET', url: '/api/tokens', headers: t.auth })).json().tokens;
    const row = tokens.find((x: { id: string }) => x.id === limited.id);
    expect(row).toMatchObject({ role: 'maintainer', projectIds: [a.id] });
    expect(tokens.find((x: { id: string }) => x.id === viewerLimited.id)).toMatchObject({ role: 'viewer' });
    // The limited session sees the same.
    const session = await sessionOf(t, viewerLimited.token);
    const sessionList = (await t.app.inject({ method: 'GET', url: '/api/projects', headers: session })).json();
    expect(sessionList.projects.map((p: { id: string }) => p.id)).toEqual([a.id]);
    expect((await t.app.inject({ method: 'GET', url: `/api/projects/${b.id}`, headers: session })).statusCode).toBe(
      404,
    );
  });
});
