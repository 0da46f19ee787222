import type { TestApp } from './app.js';
import { PUBLIC_URL } from './app.js';

/** The value of cookie `name` among Set-Cookie headers, or null. */
export function cookieFrom(setCookie: string | string[] | undefined, name: string): string | null {
  for (const line of [setCookie ?? []].flat()) {
    const match = new RegExp(`^${name}=([^;]*)`).exec(line);
    if (match !== null) return match[1] ?? null;
  }
  return null;
}

/**
 * What a browser does between Shipwatch's login redirect and the provider's redirect back, with plain HTTP:
 * follows redirects, keeps the provider's cookies, and submits its login form (as `login`) and consent form.
 * Answers the callback's path and query, and the login cookie Shipwatch set.
 */
export async function authorize(t: TestApp, login: string): Promise<{ callback: string; loginCookie: string }> {
  const start = await t.app.inject({ method: 'GET', url: '/auth/oidc/login' });
  if (start.statusCode !== 302) throw new Error(`login answered ${start.statusCode}: ${start.body}`);
  const loginCookie = cookieFrom(start.headers['set-cookie'], 'shipwatch_oidc');
  if (loginCookie === null) throw new Error('no shipwatch_oidc cookie');
  const jar = new Map<string, string>();
  let url = new URL(String(start.headers.location));
  let body: URLSearchParams | null = null;
  for (let step = 0; step < 20; step += 1) {
    if (url.href.startsWith(`${PUBLIC_URL}/`)) return { callback: `${url.pathname}${url.search}`, loginCookie };
    const res = await fetch(url, {
      method: body === null ? 'GET' : 'POST',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body === null ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(body === null ? {} : { body }),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = (pair ?? '').indexOf('=');
      if (eq > 0) jar.set((pair ?? '').slice(0, eq), (pair ?? '').slice(eq + 1));
    }
    body = null;
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location') ?? '', url);
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || action === undefined || prompt === undefined) {
      throw new Error(`the provider answered ${res.status}: ${html.slice(0, 300)}`);
    }
    url = new URL(action.replaceAll('&amp;', '&'), url);
    body =
      prompt === 'login'
        ? new URLSearchParams({ prompt, login, password: 'any password' })
        : new URLSearchParams({ prompt });
  }
  throw new Error('too many steps at the provider');
}

/** Shipwatch's callback, as the browser calls it after the provider's redirect. */
export function callback(t: TestApp, path: string, loginCookie: string) {
  return t.app.inject({ method: 'GET', url: path, headers: { cookie: `shipwatch_oidc=${loginCookie}` } });
}

/** The whole sign-in; answers the session cookie header to send. */
export async function signIn(t: TestApp, login: string): Promise<{ cookie: string; origin: string }> {
  const { callback: path, loginCookie } = await authorize(t, login);
  const res = await callback(t, path, loginCookie);
  if (res.statusCode !== 302) throw new Error(`callback answered ${res.statusCode}: ${res.body}`);
  const session = cookieFrom(res.headers['set-cookie'], 'shipwatch_session');
  if (session === null) throw new Error('no session cookie');
  return { cookie: `shipwatch_session=${session}`, origin: PUBLIC_URL };
}
