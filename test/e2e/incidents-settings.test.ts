import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumAvailable, textOf } from './support/browser.js';
import { sendDeployment, sendGithub } from './support/github.js';
import { makeToken, type SeededIncident, seedIncident } from './support/incidents.js';
import type { SeededProject } from './support/seed.js';
import type { E2eServer } from './support/server.js';
import { type E2eSession, poll, startSession } from './support/session.js';

const run = chromiumAvailable('the incidents and settings browser test (test/e2e/incidents-settings.test.ts)');

const HOUR = 3_600_000;

interface Rate {
  failedDeployments: number;
  deployments: number;
  causes: Record<string, number>;
}
interface IncidentView {
  id: string;
  deploymentId: string | null;
  attribution: string | null;
}
interface DeploymentView {
  id: string;
  sha: string | null;
  status: string;
  repository: string | null;
  finishedAt: string | null;
}

describe.runIf(run)('incidents and settings in the browser', () => {
  let session: E2eSession;
  let server: E2eServer;
  let seeded: SeededProject;
  let incident: SeededIncident;
  let maintainerToken: string;

  beforeAll(async () => {
    session = await startSession('Acme shop');
    ({ server, seeded } = session);
    incident = await seedIncident(server, seeded.projectId, {
      title: 'Checkout down',
      repository: 'acme/checkout',
      afterMs: 2 * HOUR,
      restoreMs: 90 * 60_000,
    });
    maintainerToken = await makeToken(server, { name: 'Release team', role: 'maintainer' });
    // A rollback: checkout's third-latest production success deployed again a minute ago, which fails the two
    // successes between them (CONTRACT.md, "Change failures and rework, detected").
    const checkout = (
      await server.api<{ deployments: DeploymentView[] }>(
        'GET',
        `/api/projects/${seeded.projectId}/deployments?production=true&repository=acme/checkout&limit=50`,
      )
    ).json.deployments.filter((d) => d.status === 'success');
    const target = checkout[2];
    if (!target?.sha) throw new Error('the seed has three successful checkout deployments');
    const rollback = await sendDeployment(seeded.url, seeded.secret, {
      state: 'success',
      finishedAt: Date.now() - 60_000,
      repository: 'acme/checkout',
      sha: target.sha,
    });
    expect(rollback.json?.outcome, JSON.stringify(rollback.json)).toBe('accepted');
  });
  afterAll(() => session?.close());

  const signedIn = (width: number) => session.signedIn({ token: maintainerToken, role: 'maintainer', width });

  const rate = async () =>
    (await server.api<{ changeFailureRate: Rate }>('GET', `/api/projects/${seeded.projectId}/metrics`)).json
      .changeFailureRate;
  const incidentNow = async () =>
    (
      await server.api<{ incidents: IncidentView[] }>('GET', `/api/projects/${seeded.projectId}/incidents`)
    ).json.incidents.find((i) => i.id === incident.incidentId);
  const tileText = (r: Rate) => `${r.failedDeployments} failed of ${r.deployments} deployments`;

  for (const width of [1280, 375]) {
    it(`turning off the rollback rule changes the change failure rate tile; back on, it returns (${width} px)`, async () => {
      const before = await rate();
      expect(before.causes.rollback).toBe(2);
      // The deployments failed by a rollback alone: a rolled-back one the seeded incident is also put down to stays
      // failed (by `incident`) when the rule goes off.
      const window = (
        await server.api<{ from: string; to: string }>('GET', `/api/projects/${seeded.projectId}/metrics`)
      ).json;
      const listed = await server.api<{ deployments: { failedChange: boolean; failureCauses: { kind: string }[] }[] }>(
        'GET',
        `/api/projects/${seeded.projectId}/deployments?production=true&limit=500&from=${window.from}&to=${window.to}`,
      );
      const onlyRollback = listed.json.deployments.filter(
        (d) => d.failedChange && d.failureCauses.length > 0 && d.failureCauses.every((c) => c.kind === 'rollback'),
      ).length;
      expect(onlyRollback).toBeGreaterThan(0);
      const page = await signedIn(width);
      const tile = page.getByTestId('tile-changeFailureRate');
      await page.goto(`/projects/${seeded.projectId}`);
      await poll(() => textOf(tile)).toContain(tileText(before));

      if (width === 1280) {
        await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Settings' }).click();
        await page
          .getByRole('navigation', { name: 'Settings' })
          .getByRole('link', { name: 'Failure detection' })
          .click();
      } else {
        await page.goto(`/projects/${seeded.projectId}/settings/failure-detection`);
      }
      await page.waitForURL(`**/projects/${seeded.projectId}/settings/failure-detection`);
      expect(await textOf(page.getByTestId('settings-history-note'))).toContain('History changes at once.');
      const rule = page.getByRole('checkbox', { name: 'Rollbacks' });
      expect(await rule.isChecked()).toBe(true);
      await rule.uncheck();
      await page.getByRole('button', { name: 'Save' }).click();
      await poll(() => textOf(page.getByRole('status').filter({ hasText: 'Saved.' }))).toContain('Saved.');
      await page.screenshot({ path: artifactPath(`settings-failure-detection-${width}.png`), fullPage: true });

      const after = await rate();
      expect(after.failedDeployments).toBe(before.failedDeployments - onlyRollback);
      expect(after.causes.rollback).toBe(0);
      if (width === 1280) {
        await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Dashboard' }).click();
      } else {
        await page.goto(`/projects/${seeded.projectId}`);
      }
      await poll(() => textOf(tile)).toContain(tileText(after));
      expect(tileText(after)).not.toBe(tileText(before));

      await page.goto(`/projects/${seeded.projectId}/settings/failure-detection`);
      await page.getByRole('checkbox', { name: 'Rollbacks' }).check();
      await page.getByRole('button', { name: 'Save' }).click();
      await poll(() => textOf(page.getByRole('status').filter({ hasText: 'Saved.' }))).toContain('Saved.');
      expect((await rate()).failedDeployments).toBe(before.failedDeployments);
      if (width === 1280) {
        await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Dashboard' }).click();
      } else {
        await page.goto(`/projects/${seeded.projectId}`);
      }
      await poll(() => textOf(tile)).toContain(tileText(before));
      session.expectQuietPages();
    });
  }

  it("the API's refusal of a field shows on that field; lists and the PagerDuty mapping save (375 px)", async () => {
    const page = await signedIn(375);
    await page.goto(`/projects/${seeded.projectId}/settings/incident-attribution`);
    const hours = page.getByLabel('Attribution window (hours)');
    await hours.fill('1000');
    await page.getByRole('button', { name: 'Save' }).click();
    const error = page.locator('#settings-error-incidentWindowHours');
    await poll(() => textOf(error)).toBe('incidentWindowHours must be a whole number from 0 to 720.');
    expect(await hours.getAttribute('aria-invalid')).toBe('true');
    expect(await hours.getAttribute('aria-describedby')).toContain('settings-error-incidentWindowHours');
    await page.screenshot({ path: artifactPath('settings-incident-attribution-error-375.png'), fullPage: true });

    await hours.fill('48');
    await page.getByLabel('Incident labels (one per line)').fill('incident\nsev1');
    await page.getByRole('button', { name: 'Add a service' }).click();
    await page.getByLabel('Service id 1').fill('PABC123');
    await page.getByLabel('Repository 1').fill('acme/checkout');
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => textOf(page.getByRole('status').filter({ hasText: 'Saved.' }))).toContain('Saved.');
    expect(await error.count()).toBe(0);
    const settings = await server.api<Record<string, unknown>>('GET', `/api/projects/${seeded.projectId}/settings`);
    expect(settings.json).toMatchObject({
      incidentWindowHours: 48,
      incidentLabels: ['incident', 'sev1'],
      pagerdutyServices: { PABC123: 'acme/checkout' },
    });

    await page.goto(`/projects/${seeded.projectId}/settings/lead-time`);
    const authors = page.getByLabel('Excluded authors (one pattern per line)');
    await poll(() => authors.inputValue()).toBe('*[bot]');
    await authors.fill('*[bot]\nrelease-robot@example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => textOf(page.getByRole('status').filter({ hasText: 'Saved.' }))).toContain('Saved.');
    const saved = await server.api<{ leadTimeExcludedAuthors: string[] }>(
      'GET',
      `/api/projects/${seeded.projectId}/settings`,
    );
    expect(saved.json.leadTimeExcludedAuthors).toEqual(['*[bot]', 'release-robot@example.com']);
    await page.screenshot({ path: artifactPath('settings-lead-time-375.png'), fullPage: true });
    session.expectQuietPages();
  });

  for (const width of [1280, 375]) {
    it(`the incidents page unlinks, links and returns an incident to automatic (${width} px)`, async () => {
      const deployments = (
        await server.api<{ deployments: DeploymentView[] }>(
          'GET',
          `/api/projects/${seeded.projectId}/deployments?production=true&limit=50`,
        )
      ).json.deployments;
      const attributed = deployments.find((d) => d.id === incident.deploymentId);
      // One the link form offers: a successful production deployment that finished before the incident started.
      const other = deployments.find(
        (d) =>
          d.status === 'success' &&
          d.repository === 'acme/checkout' &&
          Date.parse(d.finishedAt ?? '') < Date.parse(attributed?.finishedAt ?? ''),
      );
      if (!attributed?.sha || !other?.sha) throw new Error('the seed has two successful checkout deployments');

      const page = await signedIn(width);
      await page.goto(`/projects/${seeded.projectId}`);
      await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Incidents' }).click();
      await page.waitForURL(`**/projects/${seeded.projectId}/incidents`);
      const row = page.getByTestId('incident-row').filter({ hasText: 'Checkout down' });
      const cell = row.getByTestId('incident-deployment');
      await poll(() => textOf(cell)).toContain(attributed.sha.slice(0, 7));
      expect(await textOf(cell)).toContain('by time');
      expect(await textOf(row)).toContain('1 h 30 min');
      expect(await textOf(page.getByTestId('restore-summary'))).toContain('1 h 30 min');
      await page.screenshot({ path: artifactPath(`incidents-${width}.png`), fullPage: true });

      // Unlink: not caused by a deployment.
      await row.getByRole('button', { name: 'Change the deployment of Checkout down' }).click();
      await row.getByLabel('Deployment of “Checkout down”').selectOption('none');
      await row.getByRole('button', { name: 'Save link' }).click();
      await poll(() => textOf(cell)).toContain('not caused by a deployment');
      expect(await incidentNow()).toMatchObject({ deploymentId: null, attribution: 'manual' });

      // Link to another deployment, before the incident.
      await row.getByRole('button', { name: 'Change the deployment of Checkout down' }).click();
      await row.getByLabel('Deployment of “Checkout down”').selectOption(other.id);
      await page.screenshot({ path: artifactPath(`incidents-link-${width}.png`), fullPage: true });
      await row.getByRole('button', { name: 'Save link' }).click();
      await poll(() => textOf(cell)).toContain('linked by a person');
      await poll(() => textOf(cell)).toContain(other.sha.slice(0, 7));
      expect(await incidentNow()).toMatchObject({ deploymentId: other.id, attribution: 'manual' });

      // Back to automatic: the time window's deployment again.
      await row.getByRole('button', { name: 'Change the deployment of Checkout down' }).click();
      await row.getByLabel('Deployment of “Checkout down”').selectOption('auto');
      await row.getByRole('button', { name: 'Save link' }).click();
      await poll(() => textOf(cell)).toContain('by time');
      await poll(() => textOf(cell)).toContain(attributed.sha.slice(0, 7));
      expect(await incidentNow()).toMatchObject({ deploymentId: incident.deploymentId, attribution: 'window' });
      if (width === 375) {
        const box = await cell.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= 375, JSON.stringify(box)).toBe(true);
      }
      session.expectQuietPages();
    });
  }

  it("the dashboard's CSV links carry the window in the address bar", async () => {
    const page = await signedIn(1280);
    const base = `/api/projects/${seeded.projectId}`;
    await page.goto(`/projects/${seeded.projectId}?from=2026-01-05&to=2026-01-11`);
    const deployments = page.getByTestId('csv-deployments');
    await deployments.waitFor();
    expect(await deployments.getAttribute('href')).toBe(`${base}/deployments.csv?from=2026-01-05&to=2026-01-12`);
    expect(await page.getByTestId('csv-commits').getAttribute('href')).toBe(
      `${base}/commits.csv?from=2026-01-05&to=2026-01-12`,
    );
    // A preset window follows the radio: 7 days ending today, in the project's time zone (UTC).
    await page.getByRole('radio', { name: '7 days' }).check();
    await page.waitForURL((url) => url.searchParams.get('days') === '7');
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 24 * HOUR).toISOString().slice(0, 10);
    const weekAgo = new Date(Date.parse(`${tomorrow}T00:00:00Z`) - 7 * 24 * HOUR).toISOString().slice(0, 10);
    await poll(() => deployments.getAttribute('href')).toBe(`${base}/deployments.csv?from=${weekAgo}&to=${tomorrow}`);
    session.expectQuietPages();
  });

  it("the delivery log's reason stays on a 375 px screen", async () => {
    const ignored = await sendGithub(seeded.url, seeded.secret, 'watch', { action: 'started' });
    expect(ignored.json?.outcome).toBe('ignored');
    const page = await signedIn(375);
    await page.goto(`/projects/${seeded.projectId}/settings/integrations/webhooks/${seeded.webhookId}`);
    const row = page.getByTestId('delivery-row').filter({ hasText: 'ignored' }).first();
    const reason = row.locator('td.reason');
    await reason.waitFor();
    expect((await textOf(reason)).length).toBeGreaterThan(20);
    const box = await reason.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 375, JSON.stringify(box)).toBe(true);
    const scrollWidth = await page.evaluate('document.documentElement.scrollWidth');
    expect(scrollWidth).toBe(375);
    await page.screenshot({ path: artifactPath('deliveries-375.png'), fullPage: true });
    session.expectQuietPages();
  });
});
