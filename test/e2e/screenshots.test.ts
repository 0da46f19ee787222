import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumAvailable, textOf } from './support/browser.js';
import { dashboardReady, type SeededProject } from './support/seed.js';
import type { E2eServer } from './support/server.js';
import { type E2eSession, startSession } from './support/session.js';

const run = chromiumAvailable('the screenshots (test/e2e/screenshots.test.ts)');

describe.runIf(run)('screenshots', () => {
  let session: E2eSession;
  let server: E2eServer;
  let seeded: SeededProject;

  beforeAll(async () => {
    session = await startSession('Acme shop');
    ({ server, seeded } = session);
  });
  afterAll(() => session?.close());

  it('the dashboard with a month of data (light and dark at 1280 px, light at 375 px)', async () => {
    const metrics = await server.api<{
      deploymentFrequency: { deployments: number };
      leadTimeForChanges: { medianSeconds: number | null; commits: number };
      changeFailureRate: { failedDeployments: number; deployments: number };
      failedDeploymentRecoveryTime: { medianSeconds: number | null; failures: number; recovered: number };
    }>('GET', `/api/projects/${seeded.projectId}/metrics`);
    expect(metrics.json.deploymentFrequency.deployments).toBe(seeded.productionSuccesses);
    expect(metrics.json.changeFailureRate.failedDeployments).toBe(seeded.failures);
    expect(metrics.json.failedDeploymentRecoveryTime.recovered).toBe(seeded.failures);
    expect(metrics.json.leadTimeForChanges.commits).toBeGreaterThan(0);

    for (const [width, colorScheme] of [
      [1280, 'light'],
      [1280, 'dark'],
      [375, 'light'],
    ] as const) {
      const page = await session.signedIn({ width, colorScheme });
      await page.goto(`/projects/${seeded.projectId}`);
      await dashboardReady(page);
      const tile = page.getByTestId('tile-deploymentFrequency');
      expect(await textOf(tile)).toContain(`${seeded.productionSuccesses} successful deployments`);
      expect(await textOf(page.getByTestId('tile-changeFailureRate'))).toContain(
        `${seeded.failures} failed of ${seeded.productionSuccesses + seeded.failures} deployments`,
      );
      expect(await textOf(page.getByTestId('tile-failedDeploymentRecoveryTime'))).toContain('2 of 2 failure streaks');
      expect(await textOf(page.getByTestId('tile-leadTimeForChanges').locator('.tile-value'))).not.toBe('—');
      await page.screenshot({ path: artifactPath(`dashboard-${width}-${colorScheme}.png`), fullPage: true });
    }
    session.expectQuietPages();
  });

  it('the setup steps of each provider, with the real URL and secret', async () => {
    const page = await session.signedIn({ width: 1280 });
    await page.goto(`/projects/${seeded.projectId}/settings/integrations`);
    for (const [provider, file, heading] of [
      ['GitHub', 'github', 'Payload URL'],
      ['GitLab', 'gitlab', 'Secret token'],
      ['Azure DevOps', 'azure-devops', 'Subscription 1: deployments'],
      ['Generic', 'generic', 'X-Shipwatch-Signature-256'],
    ] as const) {
      await page.getByRole('button', { name: 'Generate webhook' }).click();
      await page.getByRole('menu').getByRole('menuitem', { name: provider, exact: true }).click();
      const panel = page.getByTestId('new-webhook');
      await panel.getByRole('heading', { name: new RegExp(`^New ${provider} webhook`) }).waitFor();
      const url = await panel.getByTestId('webhook-url').inputValue();
      const secret = await panel.getByTestId('webhook-secret').inputValue();
      const steps = await textOf(panel);
      expect(steps).toContain(heading);
      // The steps carry the same URL and secret as the fields.
      expect(steps).toContain(url);
      expect(steps).toContain(secret);
      await panel.screenshot({ path: artifactPath(`setup-${file}.png`) });
    }
    await page.screenshot({ path: artifactPath('integrations-1280-light.png'), fullPage: true });
    session.expectQuietPages();
  });
});
