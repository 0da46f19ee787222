import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProvider, type TestProvider } from '../helpers/oidc-provider.js';
import { artifactPath, chromiumAvailable, launchBrowser, openPage } from './support/browser.js';
import { type E2eServer, freePort, startServer } from './support/server.js';

const run = chromiumAvailable('the OpenID Connect browser tests (test/e2e/oidc.test.ts)');

/**
 * Signing in through oidc-provider's own login and consent pages in Chromium, as three people whose groups make
 * them admin, maintainer and viewer; what each may do shows in the API answers the page's session gets.
 */
describe.runIf(run)('sign-in with OpenID Connect in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let provider: TestProvider;

  beforeAll(async () => {
    const port = await freePort();
    provider = await startTestProvider(`http://127.0.0.1:${port}`, {
      ada: { email: 'ada@example.com', name: 'Ada', groups: ['sw-admins'] },
      grace: { email: 'grace@example.com', name: 'Grace', groups: ['sw-maintainers'] },
      linus: { email: 'linus@example.com', name: 'Linus', groups: [] },
    });
    [server, browser] = await Promise.all([
      startServer({
        port,
        env: {
          SHIPWATCH_OIDC_ISSUER: provider.issuer,
          SHIPWATCH_OIDC_CLIENT_ID: provider.clientId,
          SHIPWATCH_OIDC_CLIENT_SECRET: provider.clientSecret,
          SHIPWATCH_OIDC_ADMIN_GROUPS: 'sw-admins',
          SHIPWATCH_OIDC_MAINTAINER_GROUPS: 'sw-maintainers',
        },
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.close();
  });

  it('signs in three people through the provider’s pages, each with the role of their groups', async () => {
    const expected = { ada: 'admin', grace: 'maintainer', linus: 'viewer' } as const;
    // On a wide screen and on a phone.
    const widths: Record<string, number> = { ada: 1280, grace: 375, linus: 375 };
    for (const [login, role] of Object.entries(expected)) {
      const width = widths[login] ?? 1280;
      const open = await openPage(browser, server.base, { width, height: 900 });
      try {
        const { page, context } = open;
        await page.goto('/signin');
        const host = new URL(provider.issuer).host;
        await page.getByRole('link', { name: `Sign in with ${host}` }).click();
        // oidc-provider's development login page, then its consent page.
        await page.locator('input[name="login"]').fill(login);
        await page.locator('input[name="password"]').fill('any password');
        await page.getByRole('button', { name: 'Sign-in' }).click();
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.waitForURL((url) => url.origin === server.base && url.pathname !== '/auth/oidc/callback');
        const session = (await context.cookies()).find((c) => c.name === 'shipwatch_session');
        expect(session?.httpOnly, login).toBe(true);
        const me = await page.evaluate(async () => (await fetch('/api/me')).json());
        expect(me, login).toMatchObject({ role });
        const tokens = await page.evaluate(async () => (await fetch('/api/tokens')).status);
        expect(tokens, login).toBe(role === 'admin' ? 200 : 403);
        await page.screenshot({ path: artifactPath(`oidc-signed-in-${login}-${width}.png`), fullPage: true });
        expect(open.pageErrors, login).toEqual([]);
      } finally {
        await open.close();
      }
    }
  });
});
