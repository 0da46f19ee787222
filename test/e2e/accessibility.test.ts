import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AxeFinding,
  chromiumAvailable,
  launchBrowser,
  type OpenPage,
  openPage,
  seriousViolations,
  signIn,
  WAIT_MS,
} from './support/browser.js';
import { seedIncident } from './support/incidents.js';
import { dashboardReady, FIGURE_KEYS, type SeededProject, seedProject } from './support/seed.js';
import { type E2eServer, startServer } from './support/server.js';

const run = chromiumAvailable('the accessibility checks (test/e2e/accessibility.test.ts)');

/** Every page is checked in each of these: light and dark, a phone and a laptop. */
const LOOKS = [
  { colorScheme: 'light', width: 1280 },
  { colorScheme: 'dark', width: 1280 },
  { colorScheme: 'light', width: 375 },
  { colorScheme: 'dark', width: 375 },
] as const;

/** axe-core on the page as it stands, in every look; returns the serious and critical findings, labelled. */
async function checkAllLooks(page: Page, name: string): Promise<string[]> {
  const problems: string[] = [];
  for (const look of LOOKS) {
    await page.setViewportSize({ width: look.width, height: 900 });
    await page.emulateMedia({ colorScheme: look.colorScheme });
    // Two frames, so that layout and styles follow the new size and scheme before axe reads them.
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    const seen = await page.evaluate(
      `({ dark: matchMedia('(prefers-color-scheme: dark)').matches, width: innerWidth, scrollWidth: document.documentElement.scrollWidth })`,
    );
    // The look took, and the page reflows: no sideways scrolling of the whole page (tables scroll in their region).
    expect(seen, `${name}, ${look.colorScheme} ${look.width}px`).toEqual({
      dark: look.colorScheme === 'dark',
      width: look.width,
      scrollWidth: look.width,
    });
    const findings: AxeFinding[] = await seriousViolations(page);
    for (const f of findings) {
      problems.push(
        `${name}, ${look.colorScheme} ${look.width}px: [${f.impact}] ${f.id} (${f.help})\n    ${f.targets.join('\n    ')}`,
      );
    }
  }
  return problems;
}

describe.runIf(run)('accessibility (axe-core: no serious or critical violation)', () => {
  let server: E2eServer;
  let browser: Browser;
  let seeded: SeededProject;
  let open: OpenPage;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    seeded = await seedProject(server, 'Acme shop');
    open = await openPage(browser, server.base, { bypassCSP: true });
    page = open.page;
  });
  afterAll(async () => {
    await open?.close();
    await browser?.close();
    await server?.stop();
  });

  const expectClean = (problems: string[]) => expect(problems, `\n${problems.join('\n')}\n`).toEqual([]);

  it('sign-in page', async () => {
    await page.goto('/signin');
    await page.getByLabel('API token').waitFor();
    expectClean(await checkAllLooks(page, 'sign-in'));
    // With its error shown, too.
    await page.getByLabel('API token').fill('swt_not_a_token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expectClean(await checkAllLooks(page, 'sign-in with an error'));
  });

  it('projects page', async () => {
    await signIn(page, server.adminToken);
    await page.getByRole('link', { name: 'Acme shop', exact: true }).waitFor();
    expectClean(await checkAllLooks(page, 'projects'));
  });

  it('dashboard with data', async () => {
    await page.goto(`/projects/${seeded.projectId}`);
    await dashboardReady(page);
    expectClean(await checkAllLooks(page, 'dashboard'));
  });

  it('empty dashboard', async () => {
    const empty = await server.api<{ id: string }>('POST', '/api/projects', { name: 'Empty', timeZone: 'UTC' });
    await page.goto(`/projects/${empty.json.id}`);
    await page.getByRole('heading', { name: 'No deployment yet: connect a provider' }).waitFor();
    expectClean(await checkAllLooks(page, 'empty dashboard'));
  });

  it('integrations with a new webhook shown, and the revoke dialog', async () => {
    await page.goto(`/projects/${seeded.projectId}/settings/integrations`);
    await page.getByTestId('webhook-row').first().waitFor();
    await page.getByRole('button', { name: 'Generate webhook' }).click();
    await page.getByRole('menu').waitFor();
    expectClean(await checkAllLooks(page, 'integrations, menu open'));
    await page.getByRole('menuitem', { name: 'GitHub', exact: true }).click();
    await page.getByTestId('new-webhook').waitFor();
    expectClean(await checkAllLooks(page, 'integrations with a new webhook'));

    const row = page.locator(`[data-testid="webhook-row"][data-webhook-id="${seeded.webhookId}"]`);
    await row.getByRole('button', { name: 'Revoke' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expectClean(await checkAllLooks(page, 'revoke dialog'));
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('deliveries page', async () => {
    await page.goto(`/projects/${seeded.projectId}/settings/integrations/webhooks/${seeded.webhookId}`);
    await page.getByTestId('delivery-row').first().waitFor();
    expectClean(await checkAllLooks(page, 'deliveries'));
  });

  it('environments tab', async () => {
    await page.goto(`/projects/${seeded.projectId}/settings/environments`);
    await page.getByTestId('environment-row').first().waitFor();
    expectClean(await checkAllLooks(page, 'environments'));
  });

  it('general settings tab', async () => {
    await page.goto(`/projects/${seeded.projectId}/settings`);
    await page.getByLabel('Project name').waitFor();
    expectClean(await checkAllLooks(page, 'general settings'));
  });

  it('tokens page, with a new token shown', async () => {
    await page.goto('/tokens');
    await page.getByLabel('Token name').fill('CI');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByTestId('new-token-value').waitFor();
    await page.getByTestId('token-row').first().waitFor();
    expectClean(await checkAllLooks(page, 'tokens'));
    expect(open.pageErrors).toEqual([]);
  });

  it('incidents page, with the link form open', async () => {
    await seedIncident(server, seeded.projectId, {
      title: 'Checkout down',
      repository: 'acme/checkout',
      afterMs: 2 * 3_600_000,
      restoreMs: 30 * 60_000,
    });
    await page.goto(`/projects/${seeded.projectId}/incidents`);
    await page.getByTestId('incident-row').first().waitFor();
    await page.getByTestId('restore-summary').waitFor();
    expectClean(await checkAllLooks(page, 'incidents'));
    await page.getByRole('button', { name: 'Change the deployment of Checkout down' }).click();
    await page.getByLabel('Deployment of “Checkout down”').waitFor();
    expectClean(await checkAllLooks(page, 'incidents, link form'));
  });

  it('failure detection, incident attribution (with a field refused) and lead time tabs', async () => {
    for (const [tab, field] of [
      ['failure-detection', 'Hotfix keywords (one per line)'],
      ['incident-attribution', 'Attribution window (hours)'],
      ['lead-time', 'Excluded authors (one pattern per line)'],
    ] as const) {
      await page.goto(`/projects/${seeded.projectId}/settings/${tab}`);
      await page.getByLabel(field).waitFor();
      expectClean(await checkAllLooks(page, tab));
    }
    await page.getByRole('link', { name: 'Incident attribution' }).click();
    await page.getByLabel('Attribution window (hours)').fill('-1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#settings-error-incidentWindowHours').waitFor();
    expectClean(await checkAllLooks(page, 'incident attribution with an error'));
  });

  it('overview of every project, as listed and sorted by a column', async () => {
    // A second project with a month of data beside Acme shop (and the empty one made above: a row without figures).
    await seedProject(server, 'Beta app');
    await page.goto('/overview?days=90');
    await expect.poll(() => page.getByTestId('figures-row').count(), { timeout: WAIT_MS }).toBe(3);
    await expect.poll(() => page.locator('.spinner').count(), { timeout: WAIT_MS }).toBe(0);
    expectClean(await checkAllLooks(page, 'overview'));
    const header = page.getByRole('columnheader', { name: /Change failure rate/ });
    await page.getByTestId('sort-changeFailureRate').click();
    await expect.poll(() => header.getAttribute('aria-sort'), { timeout: WAIT_MS }).not.toBe('none');
    expectClean(await checkAllLooks(page, 'overview, sorted'));
  });

  it('teams page and a team page: pooled tiles, charts and each project', async () => {
    const projects = (await server.api<{ projects: { id: string; name: string }[] }>('GET', '/api/projects')).json
      .projects;
    const projectIds = projects.filter((p) => p.name !== 'Empty').map((p) => p.id);
    expect(projectIds).toHaveLength(2);
    const team = await server.api<{ id: string }>('POST', '/api/teams', { name: 'Checkout guild', projectIds });
    expect(team.status).toBe(201);
    await page.goto('/teams');
    await page.getByTestId('team-item').first().waitFor();
    await expect.poll(() => page.locator('.spinner').count(), { timeout: WAIT_MS }).toBe(0);
    expectClean(await checkAllLooks(page, 'teams'));
    await page.goto(`/teams/${team.json.id}`);
    for (const key of FIGURE_KEYS) await page.getByTestId(`tile-${key}`).locator('.tile-value').waitFor();
    await expect.poll(() => page.getByTestId('figures-row').count(), { timeout: WAIT_MS }).toBe(2);
    await expect
      .poll(() => page.locator('figure.chart svg.recharts-surface').count(), { timeout: WAIT_MS })
      .toBe(FIGURE_KEYS.length);
    await expect.poll(() => page.locator('.spinner').count(), { timeout: WAIT_MS }).toBe(0);
    await page.getByText("Why the team's figures are not averages of its projects'").click();
    expectClean(await checkAllLooks(page, 'team'));
    expect(open.pageErrors).toEqual([]);
  });

  it('the check itself sees a violation (an image without a text alternative, text without contrast)', async () => {
    await page.evaluate(
      `document.getElementById('main').insertAdjacentHTML('beforeend', '<img src="/favicon.svg"><p class="e2e-faint">faint</p>')`,
    );
    await page.addStyleTag({ content: '.e2e-faint { color: #eee !important; background: #fff !important; }' });
    const ids = (await seriousViolations(page)).map((f) => f.id);
    expect(ids).toContain('image-alt');
    expect(ids).toContain('color-contrast');
  });
});
