import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, openPage, signIn } from './support/browser.js';
import { type E2eServer, startServer } from './support/server.js';

const run = chromiumAvailable('the session browser tests (test/e2e/session.test.ts)');

describe.runIf(run)('signing in and out in the browser', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function withCookie(path: string, cookie: string): Promise<number> {
    const res = await fetch(`${server.base}${path}`, {
      headers: { cookie: `shipwatch_session=${cookie}` },
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return res.status;
  }

  it('refuses a wrong token, and sign out ends the session: back to sign in, and the old cookie answers 401', async () => {
    const open = await openPage(browser, server.base);
    try {
      const { page, context } = open;

      // A page that needs a session sends to sign in, remembering where to come back.
      await page.goto('/tokens');
      await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === '/tokens');

      // A wrong token: an alert, and still on sign in.
      await page.getByLabel('API token').fill('swt_wrong_token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      expect(new URL(page.url()).pathname).toBe('/signin');
      expect(await context.cookies()).toEqual([]);

      // The admin token: back to /tokens, with a session cookie that is not the token.
      await page.getByLabel('API token').fill(server.adminToken);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/tokens');
      await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === 'shipwatch_session');
      expect(session).toBeDefined();
      expect(session?.httpOnly).toBe(true);
      expect(session?.sameSite).toBe('Strict');
      expect(session?.value).not.toContain(server.adminToken);
      const cookie = session?.value ?? '';
      expect(await withCookie('/api/projects', cookie)).toBe(200);

      // Sign out: the sign-in page, the cookie gone from the browser, and the old cookie refused by the API.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((url) => url.pathname === '/signin');
      await page.getByLabel('API token').waitFor();
      expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
      await expect
        .poll(async () => (await context.cookies()).filter((c) => c.name === 'shipwatch_session').length)
        .toBe(0);
      expect(await withCookie('/api/projects', cookie)).toBe(401);
      expect(await withCookie('/api/tokens', cookie)).toBe(401);

      // The page itself is signed out too: a page that needs a session sends to sign in again.
      await page.goto('/projects');
      await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === '/projects');

      // Signing in again works.
      await signIn(page, server.adminToken);
      expect(open.pageErrors).toEqual([]);
      expect(open.consoleErrors).toEqual([]);
    } finally {
      await open.close();
    }
  });
});
