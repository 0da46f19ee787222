import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, PUBLIC_URL, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { authorize, callback, signIn } from '../helpers/oidc-flow.js';
import { startTestProvider, type TestProvider } from '../helpers/oidc-provider.js';

const PEOPLE = {
  ada: { email: 'ada@example.com', name: 'Ada', groups: ['engineering', 'sw-admins'] },
  grace: { email: 'grace@example.com', name: 'Grace', groups: ['sw-maintainers'] },
  linus: { email: 'linus@example.com', name: 'Linus', groups: ['sales'] },
};

describeEachDatabase('sign-in with OpenID Connect against oidc-provider', ({ handle }) => {
  let provider: TestProvider;
  let t: TestApp;
  beforeAll(async () => {
    provider = await startTestProvider(PUBLIC_URL, structuredClone(PEOPLE));
    t = await buildTestApp(handle(), {
      start: Date.now(),
      env: {
        SHIPWATCH_OIDC_ISSUER: provider.issuer,
        SHIPWATCH_OIDC_CLIENT_ID: provider.clientId,
        SHIPWATCH_OIDC_CLIENT_SECRET: provider.clientSecret,
        SHIPWATCH_OIDC_ADMIN_GROUPS: 'sw-admins',
        SHIPWATCH_OIDC_MAINTAINER_GROUPS: 'sw-maintainers, release-managers',
      },
    });
  });
  afterAll(async () => {
    await provider.close();
  });

  it('offers the issuer on GET /api/auth/methods, with no credential', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/methods' });
    expect(res.json()).toEqual({ token: true, oidc: { issuer: provider.issuer, loginUrl: '/auth/oidc/login' } });
  });

  it('redirects to the provider with PKCE (S256), state, nonce, the redirect URI and the scopes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/auth/oidc/login' });
    expect(res.statusCode).toBe(302);
    const url = new URL(String(res.headers.location));
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/auth/oidc/callback`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(String(res.headers['set-cookie'])).toMatch(/shipwatch_oidc=[^;]+;.*HttpOnly/);
  });

  it('signs in three people in three roles from their groups, each answered by role', async () => {
    const expected = { ada: 'admin', grace: 'maintainer', linus: 'viewer' } as const;
    for (const [login, role] of Object.entries(expected)) {
      const session = await signIn(t, login);
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: session });
      expect(me.json(), login).toEqual({ role, name: PEOPLE[login as keyof typeof PEOPLE].name, projectIds: null });
      const tokens = await t.app.inject({ method: 'GET', url: '/api/tokens', headers: session });
      expect(tokens.statusCode, login).toBe(role === 'admin' ? 200 : 403);
      const create = await t.app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: session,
        payload: { name: `by ${login}` },
      });
      expect(create.statusCode, login).toBe(role === 'admin' ? 201 : 403);
    }
    const users = (await t.app.inject({ method: 'GET', url: '/api/users', headers: t.auth })).json().users;
    expect(users.map((u: { email: string; role: string }) => `${u.email} ${u.role}`).sort()).toEqual([
      'ada@example.com admin',
      'grace@example.com maintainer',
      'linus@example.com viewer',
    ]);
  });

  it('names the person in the audit log as user:<email>', async () => {
    const project = (
      await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'Audited' } })
    ).json();
    const grace = await signIn(t, 'grace');
    const hook = await t.app.inject({
      method: 'POST',
      url: `/api/projects/${project.id}/webhooks`,
      headers: grace,
      payload: { name: 'GitHub', provider: 'github' },
    });
    expect(hook.statusCode).toBe(201);
    const audit = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${project.id}/audit`, headers: t.auth })
    ).json().audit;
    expect(audit[0]).toMatchObject({ actor: 'user:grace@example.com', action: 'webhook.created' });
  });

  it('recomputes the role at each sign-in: a person removed from a group loses its role', async () => {
    const before = await signIn(t, 'grace');
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: before })).json().role).toBe('maintainer');
    const grace = provider.people.grace;
    if (grace === undefined) throw new Error('no grace');
    grace.groups = ['sales'];
    const after = await signIn(t, 'grace');
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: after })).json().role).toBe('viewer');
    grace.groups = ['sw-maintainers'];
  });

  it('signs out, and lets an admin end every session of a person', async () => {
    const first = await signIn(t, 'linus');
    const second = await signIn(t, 'linus');
    const out = await t.app.inject({ method: 'DELETE', url: '/api/session', headers: first });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: first })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: second })).statusCode).toBe(200);
    const users = (await t.app.inject({ method: 'GET', url: '/api/users', headers: t.auth })).json().users;
    const linus = users.find((u: { email: string }) => u.email === 'linus@example.com');
    const viewerTry = await t.app.inject({ method: 'DELETE', url: `/api/users/${linus.id}/sessions`, headers: second });
    expect(viewerTry.statusCode).toBe(403);
    const end = await t.app.inject({
      method: 'DELETE',
      url: `/api/users/${linus.id}/sessions`,
      headers: t.auth,
    });
    expect(end.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: second })).statusCode).toBe(401);
    const unknown = await t.app.inject({ method: 'DELETE', url: '/api/users/us_nope/sessions', headers: t.auth });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses a wrong state, and a callback without the login cookie', async () => {
    const { callback: path, loginCookie } = await authorize(t, 'ada');
    const url = new URL(path, PUBLIC_URL);
    url.searchParams.set('state', 'not-the-state-we-sent-0123456789');
    const wrong = await callback(t, `${url.pathname}${url.search}`, loginCookie);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toMatch(/state/);
    expect(String(wrong.headers['set-cookie'] ?? '')).not.toContain('shipwatch_session=');
    const other = await authorize(t, 'ada');
    const noCookie = await t.app.inject({ method: 'GET', url: other.callback });
    expect(noCookie.statusCode).toBe(401);
  });

  it('refuses a replayed code', async () => {
    const { callback: path, loginCookie } = await authorize(t, 'ada');
    expect((await callback(t, path, loginCookie)).statusCode).toBe(302);
    const replay = await callback(t, path, loginCookie);
    expect(replay.statusCode).toBe(401);
    // With the checks of a new sign-in, the provider refuses the code it already exchanged.
    const fresh = await authorize(t, 'ada');
    const code = new URL(path, PUBLIC_URL).searchParams.get('code') ?? '';
    const url = new URL(fresh.callback, PUBLIC_URL);
    url.searchParams.set('code', code);
    const reused = await callback(t, `${url.pathname}${url.search}`, fresh.loginCookie);
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('unauthorized');
  });

  it('refuses an ID token for another audience, an expired one, and one not signed by the issuer', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, (c: Record<string, unknown>) => Record<string, unknown>, boolean, RegExp][] = [
      ['another audience', (c) => ({ ...c, aud: 'another-client' }), false, /aud/],
      ['expired', (c) => ({ ...c, iat: now - 7200, exp: now - 3600 }), false, /exp|timestamp|expired/i],
      ['foreign key', (c) => c, true, /signature|verif|key/i],
    ];
    for (const [label, change, foreignKey, reason] of cases) {
      const { callback: path, loginCookie } = await authorize(t, 'ada');
      provider.tamperNextIdToken(change, foreignKey);
      const res = await callback(t, path, loginCookie);
      expect(res.statusCode, label).toBe(401);
      expect(res.json().error.message, label).toMatch(reason);
      expect(String(res.headers['set-cookie'] ?? ''), label).not.toContain('shipwatch_session=');
    }
    // An untouched one still signs in (the refusals above came from the changes).
    const session = await signIn(t, 'ada');
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: session })).json().role).toBe('admin');
  });
});

describeEachDatabase('SHIPWATCH_TOKEN_SIGN_IN=off', ({ handle }) => {
  it('refuses POST /api/session with 403 forbidden; bearer tokens still work', async () => {
    const t = await buildTestApp(handle(), { env: { SHIPWATCH_TOKEN_SIGN_IN: 'off' } });
    const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: t.token } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/methods' })).json()).toEqual({
      token: false,
      oidc: null,
    });
    expect((await t.app.inject({ method: 'GET', url: '/api/projects', headers: t.auth })).statusCode).toBe(200);
  });
});
