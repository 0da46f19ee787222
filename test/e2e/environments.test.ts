import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, openPage, signIn, textOf } from './support/browser.js';
import { sendDeployment, sha } from './support/github.js';
import { type E2eServer, startServer } from './support/server.js';

interface Metrics {
  deploymentFrequency: { deployments: number };
}

const run = chromiumAvailable('the environments browser test (test/e2e/environments.test.ts)');

describe.runIf(run)('environments in the browser', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('marks staging as production on the Environments tab, and the dashboard counts its deployment', async () => {
    const project = await server.api<{ id: string }>('POST', '/api/projects', { name: 'Storefront', timeZone: 'UTC' });
    const projectId = project.json.id;
    const hook = await server.api<{ url: string; secret: string }>('POST', `/api/projects/${projectId}/webhooks`, {
      provider: 'github',
    });
    const now = Date.now();
    for (const [environment, label, ago] of [
      ['production', 'e2e prod 1', 3 * 60_000],
      ['production', 'e2e prod 2', 2 * 60_000],
      ['staging', 'e2e staging', 60_000],
    ] as const) {
      const sent = await sendDeployment(hook.json.url, hook.json.secret, {
        state: 'success',
        finishedAt: now - ago,
        environment,
        sha: sha(label),
      });
      expect(sent.json?.outcome, JSON.stringify(sent.json)).toBe('accepted');
    }
    const frequency = async () =>
      (await server.api<Metrics>('GET', `/api/projects/${projectId}/metrics`)).json.deploymentFrequency.deployments;
    expect(await frequency()).toBe(2);

    const open = await openPage(browser, server.base);
    try {
      const { page } = open;
      await signIn(page, server.adminToken);
      await page.goto(`/projects/${projectId}`);
      const tile = page.getByTestId('tile-deploymentFrequency');
      await expect.poll(() => textOf(tile)).toMatch(/2 successful deployments on [12] days?/);
      const rows = page.getByTestId('deployment-row');
      await expect.poll(() => rows.count()).toBe(2);

      // Settings → Environments: staging is off, production on.
      await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('link', { name: 'Environments' }).click();
      await page.waitForURL(`**/projects/${projectId}/settings/environments`);
      await expect.poll(() => page.getByTestId('environment-row').count()).toBe(2);
      const staging = page.getByRole('switch', { name: 'Production: staging' });
      const production = page.getByRole('switch', { name: 'Production: production' });
      expect(await staging.getAttribute('aria-checked')).toBe('false');
      expect(await production.getAttribute('aria-checked')).toBe('true');
      const stagingRow = page.getByTestId('environment-row').filter({ hasText: 'staging' });
      expect(await textOf(stagingRow.locator('td').first())).toBe('1');

      // Switch staging on: the API follows at once, and the dashboard tile goes from 2 to 3.
      await staging.click();
      await expect.poll(() => staging.getAttribute('aria-checked')).toBe('true');
      await expect
        .poll(() => textOf(page.getByRole('status').filter({ hasText: 'staging' })))
        .toContain('staging is production now');
      expect(await frequency()).toBe(3);
      await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Dashboard' }).click();
      await page.waitForURL(`**/projects/${projectId}`);
      await expect.poll(() => textOf(tile)).toMatch(/3 successful deployments on [12] days?/);
      expect(await textOf(tile.locator('.tile-value'))).toBe('0.1 per day / 0.7 per week');
      await expect.poll(() => rows.count()).toBe(3);

      // And back off: 2 again (the mark applies to history both ways).
      await page.goto(`/projects/${projectId}/settings/environments`);
      await staging.click();
      await expect.poll(() => staging.getAttribute('aria-checked')).toBe('false');
      expect(await frequency()).toBe(2);
      await page.goto(`/projects/${projectId}`);
      await expect.poll(() => textOf(tile)).toMatch(/2 successful deployments on [12] days?/);

      expect(open.pageErrors).toEqual([]);
      expect(open.consoleErrors).toEqual([]);
    } finally {
      await open.close();
    }
  });
});
