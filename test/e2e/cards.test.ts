import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactPath,
  chromiumAvailable,
  launchBrowser,
  type OpenPage,
  openPage,
  signIn,
  textOf,
  WAIT_MS,
} from './support/browser.js';
import { sendDeployment, sha } from './support/github.js';
import { dashboardReady, type SeededProject, seedProject } from './support/seed.js';
import { type E2eServer, startServer } from './support/server.js';

const run = chromiumAvailable('the webhook card and phone layout checks (test/e2e/cards.test.ts)');

/** Whether a locator's box lies within the viewport's width (nothing off-screen to the right). */
async function withinWidth(locator: Locator, width: number): Promise<boolean> {
  const box = await locator.boundingBox();
  return box !== null && box.x >= 0 && box.x + box.width <= width + 0.5;
}

const isFocused = (locator: Locator) => locator.evaluate((el) => el === el.ownerDocument.activeElement);

describe.runIf(run)('webhook cards and phone layouts', () => {
  let server: E2eServer;
  let browser: Browser;
  let seeded: SeededProject;
  const pages: OpenPage[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    seeded = await seedProject(server, 'Cards');
    // One refused delivery, so the delivery log has a reason to show.
    const forged = await sendDeployment(seeded.url, 'not-the-secret', {
      state: 'success',
      finishedAt: Date.now() - 30_000,
      sha: sha('e2e forged card'),
    });
    expect(forged.status).toBe(401);
  });
  afterAll(async () => {
    for (const open of pages) {
      expect(open.pageErrors, 'uncaught errors in the page').toEqual([]);
      expect(open.consoleErrors, 'console errors in the page').toEqual([]);
      await open.close();
    }
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(width: number): Promise<Page> {
    const open = await openPage(browser, server.base, { width, height: 900, colorScheme: 'light' });
    pages.push(open);
    await signIn(open.page, server.adminToken);
    return open.page;
  }

  it('shows the URL on every webhook card with a copy button, rotates with a chosen grace period, and keeps focus after Done', async () => {
    const page = await signedIn(1280);
    await page.goto(`/projects/${seeded.projectId}/settings/integrations`);
    const row = page.locator(`[data-testid="webhook-row"][data-webhook-id="${seeded.webhookId}"]`);
    // Made through the API, never shown on this page: its card still carries the URL.
    await expect.poll(() => row.getByTestId('webhook-card-url').inputValue(), { timeout: WAIT_MS }).toBe(seeded.url);
    await row.getByRole('button', { name: 'Copy URL' }).waitFor();

    // Rotate: the grace period is asked first; 1 hour is what the API records.
    await row.getByRole('button', { name: 'Rotate secret' }).click();
    const form = row.getByTestId('rotate-form');
    const grace = form.getByLabel('Keep the old secret working for');
    expect(await isFocused(grace)).toBe(true);
    expect(await grace.inputValue()).toBe('86400');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => isFocused(row.getByRole('button', { name: 'Rotate secret' }))).toBe(true);

    await row.getByRole('button', { name: 'Rotate secret' }).click();
    await grace.selectOption('3600');
    const before = Date.now();
    await form.getByRole('button', { name: 'Rotate now' }).click();
    await row.getByTestId('webhook-new-secret').waitFor();
    const hook = await server.api<{ previousSecretExpiresAt: string | null }>(
      'GET',
      `/api/webhooks/${seeded.webhookId}`,
    );
    const expires = Date.parse(hook.json.previousSecretExpiresAt ?? '');
    expect(expires).toBeGreaterThanOrEqual(before + 3_600_000 - 5_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3_600_000 + 5_000);
    expect(await textOf(row.getByTestId('webhook-grace'))).toMatch(/^The old secret is still accepted until/);
    const newSecret = await row.getByTestId('webhook-new-secret').inputValue();
    const signed = await sendDeployment(seeded.url, newSecret, {
      state: 'success',
      finishedAt: Date.now() - 20_000,
      environment: 'staging',
      sha: sha('e2e rotated'),
    });
    expect(signed.status).toBe(200);

    // Generate a webhook, then Done: focus goes to its card, not to the page.
    await page.getByRole('button', { name: 'Generate webhook' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Generic', exact: true }).click();
    const panel = page.getByTestId('new-webhook');
    const url = await panel.getByTestId('webhook-url').inputValue();
    const id = url.slice(url.lastIndexOf('/') + 1);
    await panel.getByRole('button', { name: 'Done' }).click();
    await panel.waitFor({ state: 'detached' });
    const card = page.locator(`[data-testid="webhook-row"][data-webhook-id="${id}"]`);
    await expect.poll(() => isFocused(card.locator('.webhook-name'))).toBe(true);
    expect(await card.getByTestId('webhook-card-url').inputValue()).toBe(url);
    await page.screenshot({ path: artifactPath('integrations-cards-1280-light.png'), fullPage: true });
  });

  it('at 375 px, deployments and deliveries are cards with labelled lines, nothing scrolls sideways or is off-screen', async () => {
    const page = await signedIn(375);
    await page.goto(`/projects/${seeded.projectId}`);
    await dashboardReady(page);
    const rows = page.getByTestId('deployment-row');
    await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBeGreaterThan(3);
    const layout = await page.evaluate(`(() => {
      const region = document.querySelector('[aria-label="Deployments table"]');
      const row = document.querySelector('[data-testid="deployment-row"]');
      const cell = row.querySelector('td[data-label="Lead time (oldest commit)"]');
      return {
        page: document.documentElement.scrollWidth <= innerWidth,
        region: region.scrollWidth <= region.clientWidth,
        row: getComputedStyle(row).display,
        label: getComputedStyle(cell, '::before').content,
      };
    })()`);
    expect(layout).toEqual({ page: true, region: true, row: 'block', label: '"Lead time (oldest commit)"' });
    for (const i of [0, 1]) {
      expect(await withinWidth(rows.nth(i).locator('td[data-label="Failed change?"] select'), 375)).toBe(true);
    }
    expect(await textOf(page.getByTestId('lead-time-note'))).toContain('median over every commit');
    await page.screenshot({ path: artifactPath('dashboard-cards-375-light.png'), fullPage: true });

    await page.goto(`/projects/${seeded.projectId}/settings/integrations/webhooks/${seeded.webhookId}`);
    const deliveries = page.getByTestId('delivery-row');
    await expect.poll(() => deliveries.count(), { timeout: WAIT_MS }).toBeGreaterThan(1);
    const rejected = deliveries.filter({ hasText: 'rejected' }).first();
    const reason = rejected.locator('td[data-label="Reason"]');
    expect(await textOf(reason)).not.toBe('—');
    expect(await withinWidth(reason, 375)).toBe(true);
    expect(await page.evaluate('document.documentElement.scrollWidth <= innerWidth')).toBe(true);
    await page.screenshot({ path: artifactPath('deliveries-cards-375-light.png'), fullPage: true });

    await page.goto(`/projects/${seeded.projectId}/settings/integrations`);
    const card = page.locator(`[data-testid="webhook-row"][data-webhook-id="${seeded.webhookId}"]`);
    expect(await card.getByTestId('webhook-card-url').inputValue()).toBe(seeded.url);
    expect(await withinWidth(card.getByRole('button', { name: 'Copy URL' }), 375)).toBe(true);
    await page.screenshot({ path: artifactPath('integrations-cards-375-light.png'), fullPage: true });
  });
});
