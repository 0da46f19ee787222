import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genericHeaders } from '../factories/generic.js';
import { githubPullRequest, githubPushWithAuthors } from '../factories/pull-requests.js';
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
import { githubTime, sendDeployment, sendGithub, sha } from './support/github.js';
import { dashboardReady, FIGURE_KEYS, type SeededProject, seedProject } from './support/seed.js';
import { type E2eServer, startServer } from './support/server.js';

const run = chromiumAvailable('the drill-down (test/e2e/drill-down.test.ts)');

const HOUR = 3_600_000;
const ZEROS = '0'.repeat(40);
const ana = { name: 'Ana Lima', email: 'ana@acme.example', username: 'ana' };

type Figures = {
  deploymentFrequency: { deployments: number };
  leadTimeForChanges: { deploymentsWithCommits: number; pullRequests: number };
  changeFailureRate: { failedDeployments: number };
  failedDeploymentRecoveryTime: { failures: number };
  timeToRestoreService: { incidents: number };
  reworkRate: { reworkDeployments: number };
};

/** Which rows each figure's page lists (their test id) and how many the figure counts. */
const ROWS: Record<(typeof FIGURE_KEYS)[number], { slug: string; testId: string; count: (f: Figures) => number }> = {
  deploymentFrequency: {
    slug: 'deployment-frequency',
    testId: 'drill-row',
    count: (f) => f.deploymentFrequency.deployments,
  },
  leadTimeForChanges: {
    slug: 'lead-time',
    testId: 'drill-row',
    count: (f) => f.leadTimeForChanges.deploymentsWithCommits,
  },
  changeFailureRate: {
    slug: 'change-failure-rate',
    testId: 'drill-row',
    count: (f) => f.changeFailureRate.failedDeployments,
  },
  failedDeploymentRecoveryTime: {
    slug: 'recovery-time',
    testId: 'streak-row',
    count: (f) => f.failedDeploymentRecoveryTime.failures,
  },
  timeToRestoreService: {
    slug: 'time-to-restore',
    testId: 'incident-row',
    count: (f) => f.timeToRestoreService.incidents,
  },
  reworkRate: { slug: 'rework-rate', testId: 'drill-row', count: (f) => f.reworkRate.reworkDeployments },
};

/**
 * On top of the month the seed sends: pull request #7 (two commits by Ana, the second a hotfix, squash-merged)
 * deployed to production two minutes ago (in progress, then successful: two deliveries), so that it is rework of
 * the deployment before it (which becomes a failed change, revealed by it); and an incident a minute later, put down
 * to it, resolved after 30 s. Returns the ids of the two deliveries of that deployment, oldest first.
 */
async function addPullRequestAndIncident(server: E2eServer, seeded: SeededProject, now: number): Promise<string[]> {
  const repository = 'acme/checkout';
  const f1 = {
    id: sha('f1 e2e pr'),
    timestamp: githubTime(now - 5 * HOUR),
    author: ana,
    message: 'Round the checkout total',
  };
  const f2 = {
    id: sha('f2 e2e pr'),
    timestamp: githubTime(now - 4 * HOUR),
    author: ana,
    message: 'Hotfix: checkout total rounding',
  };
  const squash = {
    id: sha('sq e2e pr'),
    timestamp: githubTime(now - 3 * HOUR),
    author: ana,
    message: 'Round the checkout total (#7)',
  };
  const send = async (event: string, body: Record<string, unknown>) => {
    const answer = await sendGithub(seeded.url, seeded.secret, event, body);
    expect(answer.json?.outcome, `${event}: ${JSON.stringify(answer.json)}`).toBe('accepted');
  };
  await send(
    'push',
    githubPushWithAuthors({ repository, ref: 'refs/heads/feat/total', before: ZEROS, commits: [f1, f2] }),
  );
  const pr = {
    repository,
    number: 7,
    title: 'Round the checkout total',
    sourceBranch: 'feat/total',
    openedAt: githubTime(now - 3.5 * HOUR),
    headSha: f2.id,
  };
  await send('pull_request', githubPullRequest({ ...pr, updatedAt: pr.openedAt }));
  await send(
    'pull_request',
    githubPullRequest({ ...pr, updatedAt: squash.timestamp, merged: { at: squash.timestamp, commit: squash.id } }),
  );
  await send('push', githubPushWithAuthors({ repository, ref: 'refs/heads/main', before: ZEROS, commits: [squash] }));
  const started = await sendDeployment(seeded.url, seeded.secret, {
    state: 'in_progress',
    finishedAt: now - 3 * 60_000,
    repository,
    sha: squash.id,
  });
  const deployed = await sendDeployment(seeded.url, seeded.secret, {
    state: 'success',
    finishedAt: now - 2 * 60_000,
    repository,
    sha: squash.id,
    deploymentId: started.deploymentId,
  });
  expect([started.json?.outcome, deployed.json?.outcome]).toEqual(['accepted', 'accepted']);

  const hook = await server.api<{ id: string; secret: string; url: string }>(
    'POST',
    `/api/projects/${seeded.projectId}/webhooks`,
    { provider: 'generic', name: 'Incidents' },
  );
  const body = JSON.stringify({
    type: 'incident',
    incidentId: 'e2e-incident-1',
    status: 'resolved',
    title: 'Checkout totals wrong',
    startedAt: new Date(now - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    resolvedAt: new Date(now - 30_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    repository,
  });
  const res = await fetch(hook.json.url, { method: 'POST', headers: genericHeaders(body, hook.json.secret), body });
  expect(res.status).toBe(200);
  return [String(started.json?.deliveryId), String(deployed.json?.deliveryId)];
}

describe.runIf(run)("an admin's drill-down, from each tile to its rows and to a deployment's page", () => {
  let server: E2eServer;
  let browser: Browser;
  let seeded: SeededProject;
  let figures: Figures;
  /** The deliveries of the deployment that brought #7, oldest first. */
  let fedBy: string[];
  const pages: OpenPage[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    seeded = await seedProject(server, 'Drill shop');
    fedBy = await addPullRequestAndIncident(server, seeded, Date.now());
    figures = (await server.api<Figures>('GET', `/api/projects/${seeded.projectId}/metrics`)).json;
    expect(figures.leadTimeForChanges.pullRequests).toBe(1);
    expect(figures.timeToRestoreService.incidents).toBe(1);
    expect(figures.reworkRate.reworkDeployments).toBe(1);
  });
  afterAll(async () => {
    for (const open of pages) {
      expect(open.pageErrors, 'uncaught errors in the page').toEqual([]);
      await open.close();
    }
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(width: number): Promise<Page> {
    // axe-core is injected, so this context bypasses the CSP (as test/e2e/accessibility.test.ts does).
    const open = await openPage(browser, server.base, { width, height: 900, colorScheme: 'light', bypassCSP: true });
    pages.push(open);
    await signIn(open.page, server.adminToken);
    return open.page;
  }

  async function expectAxeClean(page: Page, name: string): Promise<void> {
    const width = await page.evaluate('innerWidth');
    const scrollWidth = await page.evaluate('document.documentElement.scrollWidth');
    expect(scrollWidth, `${name}: no sideways scrolling of the page`).toBe(width);
    const findings = await seriousViolations(page);
    expect(findings.map((f) => `${name}: ${f.id} ${f.help}\n  ${f.targets.join('\n  ')}`)).toEqual([]);
  }

  for (const width of [1280, 375] as const) {
    it(`each tile leads to its rows, window kept in the address and by the back button (${width} px)`, async () => {
      const page = await signedIn(width);
      // Every seeded deployment is younger than 30 days, so the 90-day window counts what the API's default does.
      await page.goto(`/projects/${seeded.projectId}?days=90`);
      await dashboardReady(page);
      for (const key of FIGURE_KEYS) {
        const { slug, testId, count } = ROWS[key];
        await page.getByTestId(`rows-${key}`).click();
        await page.waitForURL((url) => url.pathname.endsWith(`/figures/${slug}`) && url.search === '?days=90');
        await page.getByTestId('figure-summary').locator('.tile-value').waitFor();
        await expect.poll(() => page.locator('.spinner').count(), { timeout: WAIT_MS }).toBe(0);
        expect(await page.getByTestId(testId).count(), `${key}: its rows`).toBe(count(figures));
        expect(await textOf(page.getByRole('heading', { level: 1 }))).not.toBe('No such figure');
        await expectAxeClean(page, `${slug} at ${width}px`);
        await page.screenshot({ path: artifactPath(`drill-${slug}-${width}.png`), fullPage: true });
        await page.goBack();
        await page.waitForURL((url) => url.pathname === `/projects/${seeded.projectId}` && url.search === '?days=90');
        expect(await page.getByRole('radio', { name: '90 days' }).isChecked()).toBe(true);
      }
      // A failed change's cause links to the deployment that revealed it (the hotfix).
      await page.getByTestId('rows-changeFailureRate').click();
      await page.getByRole('link', { name: 'the deployment that revealed it' }).first().waitFor();
      // The lead time's pull request and its stages.
      await page.goto(`/projects/${seeded.projectId}/figures/lead-time?days=90`);
      const prRow = page.getByTestId('pull-request-row');
      await prRow.waitFor();
      expect(await textOf(prRow)).toContain('acme/checkout#7 Round the checkout total');
      expect(await textOf(page.getByTestId('stages'))).toContain('Review (opened to merged)');
      // The commits behind the median: the newest deployment's two, each with its own lead time, when opened.
      const newest = page.getByTestId('drill-row').first();
      await newest.locator('summary').click();
      await expect.poll(() => newest.locator('.commit-list li').count(), { timeout: WAIT_MS }).toBe(2);
      expect(await textOf(newest.locator('.commit-list'))).toContain('Hotfix: checkout total rounding');
      await expectAxeClean(page, `lead time with commits open at ${width}px`);
    });

    it(`a deployment's page: its commits, pull request, causes, incident, deliveries and a person's mark (${width} px)`, async () => {
      const page = await signedIn(width);
      await page.goto(`/projects/${seeded.projectId}/figures/lead-time`);
      await page
        .getByTestId('pull-request-row')
        .getByRole('link', { name: /the deployment that brought #7/ })
        .click();
      await page.waitForURL((url) => url.pathname.includes('/deployments/'));
      await page.getByRole('heading', { level: 1, name: /Deployment of/ }).waitFor();
      const commits = page.getByTestId('commit-row');
      await expect.poll(() => commits.count(), { timeout: WAIT_MS }).toBe(2);
      expect(await textOf(commits.nth(0))).toContain('Round the checkout total');
      expect(await textOf(commits.nth(0))).toContain('Ana Lima');
      expect(await textOf(commits.nth(0))).toContain('#7 Round the checkout total');
      expect(await textOf(commits.nth(1))).toContain('Hotfix: checkout total rounding');
      await page.getByTestId('pull-request-row').waitFor();
      await page.getByTestId('incident-row').waitFor();
      expect(await textOf(page.getByTestId('incident-row'))).toContain('Checkout totals wrong');
      // Rework: the hotfix in its commits makes it rework of the deployment before it, linked.
      const verdictSection = page.getByRole('region', { name: 'Failed change and rework' });
      expect(await textOf(verdictSection)).toContain('Hotfix of the deployment it reworks');
      await verdictSection.getByRole('link', { name: 'the deployment it reworks' }).waitFor();
      // The deliveries that fed it: its two statuses, newest first, each leading to its row in the webhook's log.
      const deliveries = page.getByTestId('deployment-delivery-row');
      await expect.poll(() => deliveries.count(), { timeout: WAIT_MS }).toBe(2);
      for (const row of [deliveries.nth(0), deliveries.nth(1)]) {
        expect(await textOf(row)).toMatch(/deployment_status.*accepted/);
      }
      expect(await textOf(page.getByRole('heading', { level: 2, name: /deliveries that fed it/ }))).toBe(
        'The 2 deliveries that fed it',
      );
      await expect.poll(() => page.locator('.spinner').count(), { timeout: WAIT_MS }).toBe(0);
      await expectAxeClean(page, `deployment page at ${width}px`);
      await page.screenshot({ path: artifactPath(`deployment-${width}.png`), fullPage: true });
      const deploymentUrl = page.url();
      await deliveries.nth(0).getByRole('link').click();
      await page.waitForURL((url) => url.searchParams.get('delivery') === fedBy[1]);
      const marked = page.locator('tr[aria-current="true"]');
      await marked.waitFor();
      expect(await textOf(marked)).toContain('accepted');
      expect(await page.getByTestId('delivery-row').first().getAttribute('aria-current')).toBe('true');
      await page.getByTestId('log-from-delivery').getByRole('link', { name: 'Show the newest' }).waitFor();
      await expectAxeClean(page, `a delivery in its log at ${width}px`);
      await page.goBack();
      await page.waitForURL(deploymentUrl);
      await expect.poll(() => deliveries.count(), { timeout: WAIT_MS }).toBe(2);

      // The person's override flips the verdict (whatever the rules say: the incident counts once its cause is
      // wired), the focus stays on the control, and "By the rules" brings the rules' verdict back.
      const byRules = await textOf(page.getByTestId('verdict'));
      const flipped = byRules === 'Not a failed change.' ? 'true' : 'false';
      const select = page.getByLabel('Failed change?');
      await select.focus();
      await select.selectOption(flipped);
      await expect.poll(() => textOf(page.getByTestId('judgement-status')), { timeout: WAIT_MS }).toContain('saved');
      expect(await textOf(page.getByTestId('verdict'))).toBe(
        flipped === 'true' ? 'Counts as a failed change.' : 'Not a failed change.',
      );
      expect(await select.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
      await select.selectOption('auto');
      await expect.poll(() => textOf(page.getByTestId('verdict')), { timeout: WAIT_MS }).toBe(byRules);
    });
  }

  it("a viewer reads a deployment's marks but gets no control to change them", async () => {
    const made = await server.api<{ token: string }>('POST', '/api/tokens', { name: 'Viewer', role: 'viewer' });
    expect(made.status).toBe(201);
    const open = await openPage(browser, server.base, { width: 1280, height: 900, colorScheme: 'light' });
    pages.push(open);
    const page = open.page;
    await signIn(page, made.json.token);
    await page.goto(`/projects/${seeded.projectId}/figures/lead-time`);
    await page
      .getByTestId('pull-request-row')
      .getByRole('link', { name: /the deployment that brought #7/ })
      .click();
    await page.getByText('A maintainer or an admin can change these marks.').waitFor();
    expect(await page.getByLabel('Failed change?').count()).toBe(0);
    expect(await page.getByLabel('Rework?').count()).toBe(0);
  });

  it('the repository filter narrows every figure, and the address keeps it through a reload and back', async () => {
    const page = await signedIn(1280);
    await page.goto(`/projects/${seeded.projectId}`);
    await dashboardReady(page);
    await page.getByLabel('Repository', { exact: true }).selectOption('acme/api');
    await page.waitForURL((url) => url.searchParams.get('repository') === 'acme/api');
    const api = (await server.api<Figures>('GET', `/api/projects/${seeded.projectId}/metrics?repository=acme%2Fapi`))
      .json;
    const tile = page.getByTestId('tile-deploymentFrequency');
    await expect
      .poll(() => textOf(tile), { timeout: WAIT_MS })
      .toContain(`${api.deploymentFrequency.deployments} successful deployments`);
    await page.reload();
    await dashboardReady(page);
    expect(await page.getByLabel('Repository', { exact: true }).inputValue()).toBe('acme/api');
    await page.getByTestId('rows-deploymentFrequency').click();
    await page.waitForURL((url) => url.pathname.endsWith('/figures/deployment-frequency'));
    await expect
      .poll(() => page.getByTestId('drill-row').count(), { timeout: WAIT_MS })
      .toBe(api.deploymentFrequency.deployments);
    await page.goBack();
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('repository'));
    await expect.poll(() => page.getByLabel('Repository', { exact: true }).inputValue(), { timeout: WAIT_MS }).toBe('');

    // A row's judgement on the dashboard keeps the keyboard focus on its select while it saves (was disabled).
    const row = page.getByTestId('deployment-row').first();
    const judge = row.getByRole('combobox');
    await judge.focus();
    await judge.selectOption('true');
    await expect.poll(() => textOf(row), { timeout: WAIT_MS }).toContain('Counts as a failed change');
    expect(await judge.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await judge.selectOption('auto');
    await expect.poll(() => judge.inputValue(), { timeout: WAIT_MS }).toBe('auto');
  });
});
