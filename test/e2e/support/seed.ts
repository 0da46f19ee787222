import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { WAIT_MS } from './browser.js';
import { type HookAnswer, sendDeployment, sendPush, sha } from './github.js';
import type { E2eServer } from './server.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZEROS = '0'.repeat(40);

export interface SeededProject {
  projectId: string;
  webhookId: string;
  url: string;
  secret: string;
  /** What the seed sent that counts in the 30-day window. */
  productionSuccesses: number;
  failures: number;
}

function accepted(answer: HookAnswer, what: string): void {
  expect(answer.status, `${what}: ${JSON.stringify(answer.json)}`).toBe(200);
  expect(answer.json?.outcome, `${what}: ${JSON.stringify(answer.json)}`).toBe('accepted');
}

/**
 * A project with a month of history through one GitHub webhook, so that every tile and chart has a figure:
 * pushes with commits before each deployment (lead time), successful production deployments on a dozen days,
 * a failure recovered 75 minutes later, a second repository, and a staging deployment that does not count.
 */
export async function seedProject(server: E2eServer, name: string, now: number = Date.now()): Promise<SeededProject> {
  const project = await server.api<{ id: string }>('POST', '/api/projects', { name, timeZone: 'UTC' });
  expect(project.status).toBe(201);
  const hook = await server.api<{ id: string; url: string; secret: string }>(
    'POST',
    `/api/projects/${project.json.id}/webhooks`,
    { provider: 'github', name: 'GitHub: acme' },
  );
  expect(hook.status).toBe(201);
  const { url, secret } = hook.json;

  // History older than Shipwatch: the first push of each repository (all-zeros before) gives ancestry only.
  const repos = { checkout: 'acme/checkout', api: 'acme/api' } as const;
  const heads: Record<string, string> = {};
  for (const repository of Object.values(repos)) {
    const root = sha(`${repository} root`);
    accepted(
      await sendPush(url, secret, { repository, before: ZEROS, commits: [{ id: root, timestamp: now - 40 * DAY }] }),
      'root push',
    );
    heads[repository] = root;
  }

  let productionSuccesses = 0;
  let failures = 0;
  let n = 0;
  /** Pushes `count` commits made `leadHours` before `at`, then deploys the newest with `state`. */
  const ship = async (
    repository: string,
    at: number,
    leadHours: number,
    count: number,
    state: 'success' | 'failure',
    environment = 'production',
  ) => {
    const commits = Array.from({ length: count }, (_, i) => {
      n += 1;
      return { id: sha(`c${n} ${repository}`), timestamp: at - leadHours * HOUR + i * 10 * 60_000 };
    });
    accepted(await sendPush(url, secret, { repository, before: heads[repository] ?? ZEROS, commits }), `push ${n}`);
    const head = commits.at(-1)?.id ?? ZEROS;
    heads[repository] = head;
    accepted(
      await sendDeployment(url, secret, { state, finishedAt: at, environment, repository, sha: head }),
      `deploy ${n}`,
    );
    if (environment === 'production') {
      if (state === 'success') productionSuccesses += 1;
      else failures += 1;
    }
  };

  const at = (daysAgo: number, hour: number) => {
    const day = new Date(now - daysAgo * DAY);
    const time = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, 15);
    // Never in the future: today's deployments finished a few minutes ago at the latest.
    return Math.min(time, now - (daysAgo + 1) * 5 * 60_000);
  };

  const checkout = repos.checkout;
  await ship(checkout, at(26, 10), 30, 3, 'success');
  await ship(checkout, at(23, 14), 6, 2, 'success');
  await ship(checkout, at(19, 9), 50, 4, 'success');
  await ship(checkout, at(16, 16), 4, 1, 'success');
  await ship(checkout, at(12, 11), 20, 2, 'success');
  // A failure, fixed by the next deployment 75 minutes later.
  const broken = at(9, 13);
  await ship(checkout, broken, 3, 1, 'failure');
  await ship(checkout, broken + 75 * 60_000, 1, 1, 'success');
  await ship(checkout, at(7, 10), 8, 2, 'success');
  await ship(checkout, at(5, 15), 2, 1, 'success');
  await ship(checkout, at(3, 9), 26, 3, 'success');
  await ship(checkout, at(1, 12), 5, 2, 'success');
  await ship(checkout, at(0, 8), 2, 1, 'success');
  await ship(checkout, at(0, 8) + 60_000, 1, 1, 'success', 'staging');
  await ship(repos.api, at(20, 10), 12, 2, 'success');
  await ship(repos.api, at(10, 17), 40, 3, 'success');
  await ship(repos.api, at(4, 11), 3, 1, 'failure');
  await ship(repos.api, at(4, 11) + 3 * HOUR, 2, 1, 'success');

  return { projectId: project.json.id, webhookId: hook.json.id, url, secret, productionSuccesses, failures };
}

/** The dashboard's tiles and charts: the four keys, time to restore service beside recovery time, rework rate. */
export const FIGURE_KEYS = [
  'deploymentFrequency',
  'leadTimeForChanges',
  'changeFailureRate',
  'failedDeploymentRecoveryTime',
  'timeToRestoreService',
  'reworkRate',
] as const;

/** Waits until the dashboard shows its figures: the six tiles, the six charts drawn, and the deployments. */
export async function dashboardReady(page: Page): Promise<void> {
  for (const key of FIGURE_KEYS) {
    await page.getByTestId(`tile-${key}`).locator('.tile-value').waitFor();
  }
  // The previous window's comparison replaces "Loading the previous window…".
  await expect.poll(() => page.getByText('Loading the previous window…').count(), { timeout: WAIT_MS }).toBe(0);
  await expect
    .poll(() => page.locator('figure.chart svg.recharts-surface').count(), { timeout: WAIT_MS })
    .toBe(FIGURE_KEYS.length);
  await page.getByTestId('deployment-row').first().waitFor();
  await expect.poll(() => page.locator('.spinner').count(), { timeout: WAIT_MS }).toBe(0);
}
