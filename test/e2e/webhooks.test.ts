import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  launchBrowser,
  type OpenPage,
  openPage,
  signIn,
  textOf,
  WAIT_MS,
} from './support/browser.js';
import { sendDeployment, sendGithub, sha } from './support/github.js';
import { type E2eServer, startServer } from './support/server.js';

interface Webhook {
  id: string;
  name: string;
  url: string;
  revokedAt: string | null;
}
interface Deployment {
  id: string;
  webhookId: string;
  sha: string | null;
  environment: string;
  status: string;
}

const run = chromiumAvailable('the webhook browser tests (test/e2e/webhooks.test.ts)');

describe.runIf(run)('webhooks in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let open: OpenPage | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(async () => {
    if (open) {
      expect(open.pageErrors, 'uncaught errors in the page').toEqual([]);
      expect(open.consoleErrors, 'console errors in the page').toEqual([]);
      await open.close();
      open = undefined;
    }
  });

  async function newSignedInPage(): Promise<Page> {
    open = await openPage(browser, server.base);
    await signIn(open.page, server.adminToken);
    return open.page;
  }

  async function createProjectViaApi(name: string): Promise<string> {
    const made = await server.api<{ id: string }>('POST', '/api/projects', { name, timeZone: 'UTC' });
    expect(made.status).toBe(201);
    return made.json.id;
  }

  async function createGithubWebhookViaApi(projectId: string, name: string): Promise<Webhook & { secret: string }> {
    const made = await server.api<Webhook & { secret: string }>('POST', `/api/projects/${projectId}/webhooks`, {
      provider: 'github',
      name,
    });
    expect(made.status).toBe(201);
    return made.json;
  }

  /** On the Integrations tab: Generate webhook → the provider's menu item; returns the URL and secret shown. */
  async function generateWebhook(page: Page, provider: string): Promise<{ id: string; url: string; secret: string }> {
    await page.getByRole('button', { name: 'Generate webhook' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: provider, exact: true }).click();
    const panel = page.getByTestId('new-webhook');
    await panel.waitFor();
    const url = await panel.getByTestId('webhook-url').inputValue();
    const secret = await panel.getByTestId('webhook-secret').inputValue();
    expect(url).toMatch(new RegExp(`^${server.base}/hooks/[A-Za-z0-9_-]+$`));
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const id = url.slice(url.lastIndexOf('/') + 1);
    await page.locator(`[data-testid="webhook-row"][data-webhook-id="${id}"]`).waitFor();
    return { id, url, secret };
  }

  it('creates a project, generates a GitHub webhook, and shows a signed deployment in deliveries and on the dashboard', async () => {
    const page = await newSignedInPage();

    // Create a project on the projects page: it opens the (empty) dashboard.
    await page.getByLabel('Project name').fill('Checkout');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/\/projects\/[^/]+$/);
    const projectId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
    await page.getByRole('heading', { name: 'No deployment yet: connect a provider' }).waitFor();
    const project = await server.api<{ name: string }>('GET', `/api/projects/${projectId}`);
    expect(project.json.name).toBe('Checkout');

    // Integrations: generate a GitHub webhook through the menu; read the URL and secret off the page.
    await page.getByRole('link', { name: 'Connect a provider' }).click();
    await page.waitForURL(`**/projects/${projectId}/settings/integrations`);
    const hook = await generateWebhook(page, 'GitHub');
    await expect.poll(() => textOf(page.getByTestId('new-webhook-verification'))).toContain('Not verified yet');

    // A successful production deployment that finished a minute ago, signed with the secret from the page.
    const commit = sha('e2e first deploy');
    const sent = await sendDeployment(hook.url, hook.secret, {
      state: 'success',
      finishedAt: Date.now() - 60_000,
      environment: 'production',
      repository: 'acme/checkout',
      sha: commit,
    });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    expect(sent.json?.outcome).toBe('accepted');
    // And one signed with the wrong secret: refused, and logged as rejected.
    const forged = await sendDeployment(hook.url, 'not-the-secret', {
      state: 'success',
      finishedAt: Date.now() - 30_000,
      sha: sha('e2e forged'),
    });
    expect(forged.status).toBe(401);

    // The new webhook's panel notices the first verified delivery (it polls every 5 s), and so does its row.
    await expect
      .poll(() => textOf(page.getByTestId('new-webhook-verification')), { timeout: 12_000 })
      .toMatch(/^Verified: the first delivery passed verification/);
    const row = page.locator(`[data-testid="webhook-row"][data-webhook-id="${hook.id}"]`);
    await expect.poll(() => textOf(row.getByTestId('webhook-verified'))).toMatch(/^Verified /);

    // The webhook's deliveries page: the accepted one, and the rejected one on top (newest first).
    await row.getByRole('link', { name: 'Deliveries' }).click();
    await page.waitForURL(`**/settings/integrations/webhooks/${hook.id}`);
    const deliveries = page.getByTestId('delivery-row');
    await expect.poll(() => deliveries.count(), { timeout: WAIT_MS }).toBe(2);
    expect(await textOf(deliveries.nth(0).locator('.outcome'))).toBe('rejected');
    expect(await textOf(deliveries.nth(0))).toContain('401');
    expect(await textOf(deliveries.nth(1).locator('.outcome'))).toBe('accepted');
    expect(await textOf(deliveries.nth(1))).toContain('deployment_status');
    expect(await textOf(deliveries.nth(1))).toContain('200');
    await page.getByLabel('Outcome').selectOption('accepted');
    await expect
      .poll(async () => (await deliveries.allTextContents()).map((t) => t.includes('accepted')))
      .toEqual([true]);
    await page.getByLabel('Outcome').selectOption('duplicate');
    await page.getByText('No duplicate delivery.').waitFor();

    // The dashboard: 1 successful deployment in the 30-day window, and its row in the recent deployments.
    await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(`**/projects/${projectId}`);
    const tile = page.getByTestId('tile-deploymentFrequency');
    await expect.poll(() => textOf(tile)).toContain('1 successful deployment on 1 day');
    // 1 deployment over 30 days.
    expect(await textOf(tile.locator('.tile-value'))).toBe('0.03 per day / 0.2 per week');
    const deployments = page.getByTestId('deployment-row');
    await expect.poll(() => deployments.count()).toBe(1);
    const rowText = await textOf(deployments.first());
    expect(rowText).toContain('Success');
    expect(rowText).toContain('production');
    expect(rowText).toContain('acme/checkout');
    expect(rowText).toContain(commit.slice(0, 7));
    await deployments
      .first()
      .getByLabel(`Failed change? Deployment ${commit.slice(0, 7)} to production`)
      .waitFor();

    // The API agrees.
    const metrics = await server.api<{ deploymentFrequency: { deployments: number } }>(
      'GET',
      `/api/projects/${projectId}/metrics`,
    );
    expect(metrics.json.deploymentFrequency.deployments).toBe(1);
  });

  it('renames a webhook with save and cancel, and revokes it with Cancel and with "Yes, revoke"', async () => {
    const projectId = await createProjectViaApi('Payments');
    // A first webhook whose deployment must survive the revoke of the second.
    const keeper = await createGithubWebhookViaApi(projectId, 'Keeper');
    const kept = await sendDeployment(keeper.url, keeper.secret, {
      state: 'success',
      finishedAt: Date.now() - 120_000,
      sha: sha('e2e keeper'),
    });
    expect(kept.json?.outcome).toBe('accepted');

    const page = await newSignedInPage();
    await page.goto(`/projects/${projectId}/settings/integrations`);
    await page.getByLabel('Name (optional)').fill('Doomed hook');
    const hook = await generateWebhook(page, 'GitHub');
    const sent = await sendDeployment(hook.url, hook.secret, {
      state: 'success',
      finishedAt: Date.now() - 60_000,
      sha: sha('e2e doomed'),
    });
    expect(sent.json?.outcome).toBe('accepted');
    const before = await server.api<{ deployments: Deployment[] }>('GET', `/api/projects/${projectId}/deployments`);
    expect(before.json.deployments.filter((d) => d.webhookId === hook.id)).toHaveLength(1);

    const row = page.locator(`[data-testid="webhook-row"][data-webhook-id="${hook.id}"]`);
    const title = row.locator('.webhook-name');
    const apiName = async () => (await server.api<Webhook>('GET', `/api/webhooks/${hook.id}`)).json.name;
    expect(await textOf(title)).toBe('Doomed hook');

    // Rename, then Escape: nothing changes.
    await row.getByRole('button', { name: 'Rename' }).click();
    await row.getByRole('textbox', { name: 'Webhook name' }).fill('Escaped name');
    await row.getByRole('textbox', { name: 'Webhook name' }).press('Escape');
    await row.getByRole('textbox', { name: 'Webhook name' }).waitFor({ state: 'detached' });
    expect(await textOf(title)).toBe('Doomed hook');
    // Focus returns to the pencil.
    await expect
      .poll(() => row.getByRole('button', { name: 'Rename' }).evaluate((b) => b === b.ownerDocument.activeElement))
      .toBe(true);

    // Rename, then the cross: nothing changes.
    await row.getByRole('button', { name: 'Rename' }).click();
    await row.getByRole('textbox', { name: 'Webhook name' }).fill('Crossed name');
    await row.getByRole('button', { name: 'Cancel rename' }).click();
    await row.getByRole('textbox', { name: 'Webhook name' }).waitFor({ state: 'detached' });
    expect(await textOf(title)).toBe('Doomed hook');
    expect(await apiName()).toBe('Doomed hook');

    // Rename and save: the new name shows, and the API has it.
    await row.getByRole('button', { name: 'Rename' }).click();
    await row.getByRole('textbox', { name: 'Webhook name' }).fill('Renamed hook');
    await row.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => textOf(title)).toBe('Renamed hook');
    expect(await apiName()).toBe('Renamed hook');

    // Revoke, then Cancel: nothing happens.
    await row.getByRole('button', { name: 'Revoke' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke webhook “Renamed hook”?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await row.count()).toBe(1);
    // Escape cancels too, and focus goes back to the Revoke button.
    await row.getByRole('button', { name: 'Revoke' }).click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => row.getByRole('button', { name: 'Revoke' }).evaluate((b) => b === b.ownerDocument.activeElement))
      .toBe(true);
    expect(await row.count()).toBe(1);
    const stillThere = await server.api<Webhook>('GET', `/api/webhooks/${hook.id}`);
    expect(stillThere.json.revokedAt).toBeNull();
    const stillSecret = await server.api<{ secret: string }>('GET', `/api/webhooks/${hook.id}/secret`);
    expect(stillSecret.status).toBe(200);

    // Revoke, then "Yes, revoke": the row goes, its data with it, and its URL answers 410.
    await row.getByRole('button', { name: 'Revoke' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Yes, revoke' }).click();
    const result = page.getByTestId('revoke-result');
    // What went with it: its deployment, that deployment's status event and its delivery.
    await expect
      .poll(() => textOf(result))
      .toMatch(/^Revoked “Renamed hook”\. Deleted 1 deployment, 1 status event, 0 pushes, 0 commits, 1 delivery\.$/);
    await row.waitFor({ state: 'detached' });
    await page.locator(`[data-testid="webhook-row"][data-webhook-id="${keeper.id}"]`).waitFor();

    const revoked = await server.api<Webhook>('GET', `/api/webhooks/${hook.id}`);
    expect(revoked.json.revokedAt).not.toBeNull();
    const after = await server.api<{ deployments: Deployment[] }>('GET', `/api/projects/${projectId}/deployments`);
    expect(after.json.deployments.filter((d) => d.webhookId === hook.id)).toEqual([]);
    expect(after.json.deployments.map((d) => d.sha)).toEqual([sha('e2e keeper')]);
    const gone = await sendDeployment(hook.url, hook.secret, {
      state: 'success',
      finishedAt: Date.now() - 30_000,
      sha: sha('e2e too late'),
    });
    expect(gone.status).toBe(410);
    const listed = await server.api<{ webhooks: Webhook[] }>('GET', `/api/projects/${projectId}/webhooks`);
    expect(listed.json.webhooks.map((w) => w.id)).toEqual([keeper.id]);

    // Show revoked lists it again, without the actions of a live webhook.
    await page.getByRole('checkbox', { name: 'Show revoked' }).check();
    await row.waitFor();
    expect(await row.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    expect(await row.getByRole('button', { name: 'Rename' }).count()).toBe(0);
  });

  it('pages the delivery log: "Load more" adds the older ones once, and a new filter starts again from its first page', async () => {
    const projectId = await createProjectViaApi('Paged log');
    const hook = await createGithubWebhookViaApi(projectId, 'GitHub: paged');
    // 55 deliveries: a page is 50. A ping is stored as accepted, so each is a row of the log.
    for (let i = 0; i < 55; i++) {
      const answer = await sendGithub(hook.url, hook.secret, 'ping', { zen: `ping ${i}`, hook_id: 1 });
      expect(answer.status).toBe(200);
    }
    const page = await newSignedInPage();
    await page.goto(`${server.base}/projects/${projectId}/settings/integrations/webhooks/${hook.id}`);
    const rows = page.getByTestId('delivery-row');
    await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBe(50);
    const more = page.getByRole('button', { name: 'Load more' });
    await more.click();
    await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBe(55);
    const ids = await rows.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-delivery-id')));
    expect(new Set(ids).size, 'every row once').toBe(55);
    expect(await more.count(), 'no button past the last page').toBe(0);

    // Another filter: its own first page, without the rows loaded by hand before.
    await page.getByLabel('Outcome').selectOption('rejected');
    await page.getByText('No rejected delivery.').waitFor();
    await page.getByLabel('Outcome').selectOption('');
    await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBe(50);
    await more.waitFor();
  });
});
