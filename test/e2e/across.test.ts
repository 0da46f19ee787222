import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactPath,
  chromiumAvailable,
  launchBrowser,
  type OpenPage,
  openPage,
  seriousViolations,
  signIn,
  textOf,
  WAIT_MS,
} from './support/browser.js';
import { sendDeployment } from './support/github.js';
import { makeToken } from './support/incidents.js';
import { FIGURE_KEYS, type SeededProject, seedProject } from './support/seed.js';
import { type E2eServer, startServer } from './support/server.js';

const run = chromiumAvailable('the overview and the teams (test/e2e/across.test.ts)');
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: WAIT_MS });
const DAY = 86_400_000;

interface Figures {
  deploymentFrequency: { deployments: number; deploymentDays: number };
  leadTimeForChanges: { commits: number; deploymentsWithCommits: number };
  changeFailureRate: { failedDeployments: number; deployments: number };
}
interface TeamMetrics extends Figures {
  projects: ({ projectId: string } & Figures)[];
}

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

/** The 30-day window the page asks for by default, in UTC (the team's and the browser's zone here). */
function defaultWindow(now = Date.now()): { from: string; to: string } {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(now - 29 * DAY), to: day(now + DAY) };
}

describe.runIf(run)('the overview and the teams', () => {
  let server: E2eServer;
  let browser: Browser;
  let acme: SeededProject;
  let beta: SeededProject;
  let viewerToken: string;
  let maintainerToken: string;
  const pages: OpenPage[] = [];
  const teams: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    acme = await seedProject(server, 'Acme shop');
    beta = await seedProject(server, 'Beta app');
    // Two more successful production deployments in Beta, so that the two projects' frequencies differ.
    for (const hoursAgo of [3, 2]) {
      const sent = await sendDeployment(beta.url, beta.secret, {
        state: 'success',
        finishedAt: Date.now() - hoursAgo * 3_600_000,
      });
      expect(sent.json?.outcome).toBe('accepted');
    }
    viewerToken = await makeToken(server, { name: 'Read only', role: 'viewer' });
    maintainerToken = await makeToken(server, { name: 'Release team', role: 'maintainer' });
  });
  afterAll(async () => {
    for (const open of pages) await open.close();
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(token: string, role: string, width: number): Promise<Page> {
    // axe-core is injected, so this context bypasses the CSP (as test/e2e/drill-down.test.ts does).
    const open = await openPage(browser, server.base, { width, height: 900, bypassCSP: true });
    pages.push(open);
    await signIn(open.page, token);
    await poll(() => textOf(open.page.getByTestId('signed-in-role'))).toBe(role);
    return open.page;
  }

  async function expectAxeClean(page: Page, name: string): Promise<void> {
    await poll(() => page.locator('.spinner').count()).toBe(0);
    const width = await page.evaluate('innerWidth');
    const scrollWidth = await page.evaluate('document.documentElement.scrollWidth');
    expect(scrollWidth, `${name}: no sideways scrolling of the page`).toBe(width);
    const findings = await seriousViolations(page);
    expect(findings.map((f) => `${name}: ${f.id} ${f.help}\n  ${f.targets.join('\n  ')}`)).toEqual([]);
  }

  const projectOrder = (page: Page) =>
    page.getByTestId('figures-row').evaluateAll((rows) => rows.map((r) => r.querySelector('th a')?.textContent ?? ''));

  for (const width of [1280, 375] as const) {
    it(`the overview sorts two projects by a column, the window in the address (${width} px)`, async () => {
      const page = await signedIn(maintainerToken, 'maintainer', width);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
      await page.waitForURL((url) => url.pathname === '/overview');
      await poll(() => page.getByTestId('figures-row').count()).toBe(2);
      expect(await projectOrder(page)).toEqual(['Acme shop', 'Beta app']);
      const header = page.getByRole('columnheader', { name: /Deployment frequency/ });
      expect(await header.getAttribute('aria-sort')).toBe('none');

      // Keyboard: the header's button, focused and pressed with Enter. More per day is better: highest first.
      await page.getByTestId('sort-deploymentFrequency').focus();
      await page.keyboard.press('Enter');
      await poll(() => header.getAttribute('aria-sort')).toBe('descending');
      expect(await projectOrder(page)).toEqual(['Beta app', 'Acme shop']);
      expect(new URL(page.url()).search).toBe('?sort=deploymentFrequency&order=desc');
      await page.keyboard.press('Enter');
      await poll(() => header.getAttribute('aria-sort')).toBe('ascending');
      expect(await projectOrder(page)).toEqual(['Acme shop', 'Beta app']);

      // The cells say what the API says, level included as the tiles show it.
      const overview = await server.api<{ projects: ({ projectId: string; name: string } & Figures)[] }>(
        'GET',
        `/api/metrics?from=${defaultWindow().from}&to=${defaultWindow().to}`,
      );
      const betaFigures = overview.json.projects.find((p) => p.projectId === beta.projectId);
      const acmeFigures = overview.json.projects.find((p) => p.projectId === acme.projectId);
      expect(betaFigures?.deploymentFrequency.deployments).toBe(
        (acmeFigures?.deploymentFrequency.deployments ?? 0) + 2,
      );
      const betaRow = page.getByTestId('figures-row').filter({ hasText: 'Beta app' });
      expect(await textOf(betaRow.getByTestId('cell-deploymentFrequency'))).toContain(
        `${plural(betaFigures?.deploymentFrequency.deployments ?? -1, 'successful deployment')} on ${plural(betaFigures?.deploymentFrequency.deploymentDays ?? -1, 'day')}`,
      );
      expect(await betaRow.getByTestId('cell-deploymentFrequency').locator('.badge').count()).toBe(1);
      expect(await textOf(betaRow.getByTestId('cell-reworkRate'))).toContain('DORA sets no level');
      if (width === 375) {
        const display = await betaRow.evaluate(
          (row) =>
            (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(row)
              .display,
        );
        expect(display, 'a row is a card on a phone').toBe('block');
      }

      // The window picker, as on the dashboard: in the address, kept by the sort.
      await page.getByRole('radio', { name: '90 days' }).check();
      await page.waitForURL((url) => url.search.includes('days=90'));
      await poll(() => textOf(page.getByRole('heading', { level: 2, name: /The figures/ }))).toBe(
        'The figures, last 90 days',
      );
      expect(new URL(page.url()).search).toBe('?days=90&sort=deploymentFrequency&order=asc');
      await expectAxeClean(page, `overview at ${width}px`);
      await page.screenshot({ path: artifactPath(`overview-${width}.png`), fullPage: true });

      // A name leads to the project's dashboard, window kept.
      await betaRow.getByRole('link', { name: 'Beta app' }).click();
      await page.waitForURL((url) => url.pathname === `/projects/${beta.projectId}` && url.search === '?days=90');
      await page.getByTestId(`tile-${FIGURE_KEYS[0]}`).waitFor();
    });

    it(`a maintainer creates a team; its pooled figures are the API's (${width} px)`, async () => {
      const page = await signedIn(maintainerToken, 'maintainer', width);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).click();
      await page.waitForURL((url) => url.pathname === '/teams');
      const name = `Checkout guild ${width}`;
      await page.getByLabel('Team name').fill(name);
      await page.getByRole('checkbox', { name: 'Acme shop' }).check();
      await page.getByRole('checkbox', { name: 'Beta app' }).check();
      await page.getByRole('button', { name: 'Create team' }).click();
      await page.waitForURL((url) => /^\/teams\/[^/]+$/.test(url.pathname));
      const teamId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
      teams.push(teamId);
      await page.getByRole('heading', { level: 1, name }).waitFor();

      const team = await server.api<{ projectIds: string[]; timeZone: string }>('GET', `/api/teams/${teamId}`);
      expect(team.json.projectIds).toEqual([acme.projectId, beta.projectId]);
      expect(team.json.timeZone).toBe('UTC');

      const { from, to } = defaultWindow();
      const pooled = await server.api<TeamMetrics>('GET', `/api/teams/${teamId}/metrics?from=${from}&to=${to}`);
      expect(pooled.status).toBe(200);
      const f = pooled.json;
      for (const key of FIGURE_KEYS) await page.getByTestId(`tile-${key}`).locator('.tile-value').waitFor();
      await poll(() => page.getByText('Loading the previous window…').count()).toBe(0);
      expect(await textOf(page.getByTestId('tile-deploymentFrequency'))).toContain(
        `${plural(f.deploymentFrequency.deployments, 'successful deployment')} on ${plural(f.deploymentFrequency.deploymentDays, 'day')}`,
      );
      expect(await textOf(page.getByTestId('tile-leadTimeForChanges'))).toContain(
        `median of ${plural(f.leadTimeForChanges.commits, 'commit')} from ${plural(f.leadTimeForChanges.deploymentsWithCommits, 'deployment')}`,
      );
      expect(await textOf(page.getByTestId('tile-changeFailureRate'))).toContain(
        `${f.changeFailureRate.failedDeployments} failed of ${plural(f.changeFailureRate.deployments, 'deployment')}`,
      );
      // Pooled, not summed: the deployments add up, the days they fell on do not (both deploy on the same days).
      const sum = f.projects.reduce((n, p) => n + p.deploymentFrequency.deployments, 0);
      expect(f.deploymentFrequency.deployments).toBe(sum);
      expect(f.deploymentFrequency.deploymentDays).toBeLessThan(
        f.projects.reduce((n, p) => n + p.deploymentFrequency.deploymentDays, 0),
      );
      // The breakdown beside: each project's own figures.
      await poll(() => page.getByTestId('figures-row').count()).toBe(2);
      for (const p of f.projects) {
        const row = page
          .getByTestId('figures-row')
          .filter({ hasText: p.projectId === acme.projectId ? 'Acme shop' : 'Beta app' });
        expect(await textOf(row.getByTestId('cell-deploymentFrequency'))).toContain(
          `${plural(p.deploymentFrequency.deployments, 'successful deployment')}`,
        );
      }
      // The pooled series, charted as on the dashboard.
      await poll(() => page.locator('figure.chart svg.recharts-surface').count()).toBe(FIGURE_KEYS.length);
      await page.getByText("Why the team's figures are not averages of its projects'").click();
      await page.getByText(/not a summary of the projects' figures but the figures of the pooled events/).waitFor();
      await expectAxeClean(page, `team at ${width}px`);
      await page.screenshot({ path: artifactPath(`team-${width}.png`), fullPage: true });

      // Rename, then delete through the confirmation; the projects stay.
      await page.getByRole('button', { name: 'Edit team' }).click();
      await page.getByLabel('Team name').fill(`${name} renamed`);
      await page.getByRole('button', { name: 'Save team' }).click();
      await page.getByRole('heading', { level: 1, name: `${name} renamed` }).waitFor();
      await poll(async () => (await server.api<{ name: string }>('GET', `/api/teams/${teamId}`)).json.name).toBe(
        `${name} renamed`,
      );
      if (width === 375) {
        await page.getByRole('button', { name: 'Delete team' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('button', { name: 'Delete team' }).click();
        await page.waitForURL((url) => url.pathname === '/teams');
        await poll(async () => (await server.api('GET', `/api/teams/${teamId}`)).status).toBe(404);
        expect((await server.api('GET', `/api/projects/${acme.projectId}`)).status).toBe(200);
        teams.splice(teams.indexOf(teamId), 1);
      }
    });

    it(`a viewer sees the teams and no team write control (${width} px)`, async () => {
      const page = await signedIn(viewerToken, 'viewer', width);
      const teamId = teams[0];
      expect(teamId, 'a team made by the test before').toBeDefined();
      await page.goto('/teams');
      await page.getByTestId('team-item').first().waitFor();
      await poll(() => page.locator('.spinner').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Create team' }).count()).toBe(0);
      expect(await page.getByLabel('Team name').count()).toBe(0);
      await expectAxeClean(page, `teams (viewer) at ${width}px`);
      await page.screenshot({ path: artifactPath(`teams-viewer-${width}.png`), fullPage: true });
      await page.goto(`/teams/${teamId}`);
      await page.getByTestId('tile-deploymentFrequency').locator('.tile-value').waitFor();
      await poll(() => page.locator('.spinner').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Edit team' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Delete team' }).count()).toBe(0);
      // Only the window picker and the sort buttons are left.
      const buttons = await page
        .locator('#main button')
        .evaluateAll((all) => all.map((b) => b.getAttribute('data-testid') ?? b.textContent ?? ''));
      expect(buttons.filter((b) => !b.startsWith('sort-'))).toEqual([]);
    });
  }

  it('no uncaught error in any page', () => {
    for (const open of pages) expect(open.pageErrors).toEqual([]);
  });
});
