import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumAvailable, textOf } from './support/browser.js';
import { makeToken } from './support/incidents.js';
import type { SeededProject } from './support/seed.js';
import type { E2eServer } from './support/server.js';
import { type E2eSession, poll, startSession } from './support/session.js';

const run = chromiumAvailable('the roles browser test (test/e2e/roles.test.ts)');

interface Control {
  tag: string;
  type: string;
  readOnly: boolean;
  name: string;
}

/** What a viewer may use: the window picker, filters, refresh, copying a URL, paging, and reading fields. */
const VIEWER_MAY = new Set([
  'Apply',
  'From',
  'To (included)',
  'Show revoked',
  'Copy URL',
  'Outcome',
  'Refresh',
  'Repository',
]);
const VIEWER_MAY_ALSO = [/^Load more$/, /^Try again$/];

function allowedForViewer(control: Control): boolean {
  if (control.readOnly) return true;
  if (control.tag === 'input' && control.type === 'radio') return true; // the window picker
  return VIEWER_MAY.has(control.name) || VIEWER_MAY_ALSO.some((re) => re.test(control.name));
}

/** Every control in the page's main region (buttons, fields, switches), with its accessible name. */
async function controlsOf(page: Page): Promise<Control[]> {
  return page.locator('#main').evaluate((main) =>
    [...main.querySelectorAll('button, input, select, textarea, [role="switch"], [role="menuitem"]')].map((el) => {
      // A form control's own properties (the root tsconfig has no DOM library to name HTMLInputElement).
      const field = el as unknown as { labels?: ArrayLike<{ textContent: string | null }> | null; readOnly?: boolean };
      const labelled = field.labels?.[0]?.textContent ?? '';
      const name = el.getAttribute('aria-label') ?? (labelled || el.textContent || '');
      return {
        tag: el.tagName.toLowerCase(),
        type: el.getAttribute('type') ?? '',
        readOnly: field.readOnly === true,
        name: name.replace(/\s+/g, ' ').trim(),
      };
    }),
  );
}

describe.runIf(run)('roles on the page', () => {
  let session: E2eSession;
  let server: E2eServer;
  let seeded: SeededProject;
  let viewerToken: string;
  let maintainerToken: string;

  beforeAll(async () => {
    session = await startSession('Acme shop');
    ({ server, seeded } = session);
    viewerToken = await makeToken(server, { name: 'Read only', role: 'viewer' });
    maintainerToken = await makeToken(server, { name: 'Release team', role: 'maintainer' });
  });
  afterAll(() => session?.close());

  const signedIn = (token: string, role: 'viewer' | 'maintainer' | 'admin', width: number) =>
    session.signedIn({ token, role, width });

  for (const width of [1280, 375]) {
    it(`a viewer sees no control it may not use, on every page (${width} px)`, async () => {
      const page = await signedIn(viewerToken, 'viewer', width);
      const project = `/projects/${seeded.projectId}`;
      const header = page.getByRole('navigation', { name: 'Main' });
      expect(await header.getByRole('link', { name: 'API tokens' }).count()).toBe(0);

      const visits: [string, string, () => Promise<void>][] = [
        ['/projects', 'projects', () => page.getByRole('link', { name: 'Acme shop', exact: true }).waitFor()],
        [
          project,
          'dashboard',
          () =>
            page
              .getByText(/Counts as a failed change|Not a failed change/)
              .first()
              .waitFor(),
        ],
        [`${project}/incidents`, 'incidents', () => page.getByText('No incident started in this window.').waitFor()],
        [`${project}/settings`, 'general', () => page.getByText('Project name').waitFor()],
        [`${project}/settings/integrations`, 'integrations', () => page.getByTestId('webhook-row').first().waitFor()],
        [
          `${project}/settings/environments`,
          'environments',
          () => page.getByTestId('environment-row').first().waitFor(),
        ],
        [
          `${project}/settings/failure-detection`,
          'failure-detection',
          () => page.getByText('Hotfix keywords').waitFor(),
        ],
        [
          `${project}/settings/incident-attribution`,
          'incident-attribution',
          () => page.getByText('Attribution window').waitFor(),
        ],
        [`${project}/settings/lead-time`, 'lead-time', () => page.getByText('Excluded authors').waitFor()],
        [
          `${project}/settings/integrations/webhooks/${seeded.webhookId}`,
          'deliveries',
          () => page.getByTestId('delivery-row').first().waitFor(),
        ],
        ['/tokens', 'tokens', () => page.getByText('Only an admin manages tokens').waitFor()],
      ];
      for (const [path, name, ready] of visits) {
        await page.goto(path);
        await ready();
        await poll(() => page.locator('.spinner').count()).toBe(0);
        const refused = (await controlsOf(page)).filter((c) => !allowedForViewer(c));
        expect(refused, `${name} at ${width} px`).toEqual([]);
        if (width === 375 || name === 'integrations' || name === 'failure-detection') {
          await page.screenshot({ path: artifactPath(`viewer-${name}-${width}.png`), fullPage: true });
        }
      }
      // The settings a viewer reads are the project's: the defaults here.
      await page.goto(`${project}/settings/failure-detection`);
      expect(await textOf(page.locator('.settings-facts'))).toContain('hotfix');
      // The webhook cards keep their URL (to read and copy), never the secret's controls.
      await page.goto(`${project}/settings/integrations`);
      const card = page.getByTestId('webhook-row').first();
      await card.getByTestId('webhook-card-url').waitFor();
      expect(await card.getByRole('button', { name: 'Show secret' }).count()).toBe(0);
      session.expectQuietPages();
    });
  }

  it('a maintainer writes settings and webhooks but sees no admin control (tokens, project create and delete)', async () => {
    const page = await signedIn(maintainerToken, 'maintainer', 1280);
    const header = page.getByRole('navigation', { name: 'Main' });
    expect(await header.getByRole('link', { name: 'API tokens' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create project' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete project Acme shop' }).count()).toBe(0);

    await page.goto(`/projects/${seeded.projectId}/settings`);
    await page.getByLabel('Project name').waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Delete project' }).count()).toBe(0);

    await page.goto(`/projects/${seeded.projectId}/settings/integrations`);
    await page.getByRole('button', { name: 'Generate webhook' }).waitFor();
    await page.getByTestId('webhook-row').first().getByRole('button', { name: 'Rotate secret' }).waitFor();

    await page.goto('/tokens');
    await page.getByText('Only an admin manages tokens').waitFor();
    expect(await page.getByLabel('Token name').count()).toBe(0);
    await page.screenshot({ path: artifactPath('maintainer-tokens-1280.png'), fullPage: true });
    session.expectQuietPages();
  });

  for (const width of [1280, 375]) {
    it(`the tokens page shows each token's role and projects, and makes tokens with both (${width} px)`, async () => {
      const page = await signedIn(server.adminToken, 'admin', width);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API tokens' }).click();
      await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
      const rows = page.getByTestId('token-row');
      const row = (name: string) => rows.filter({ has: page.getByRole('rowheader', { name, exact: true }) });
      await row('Read only').waitFor();
      expect(await textOf(row('Read only').getByTestId('token-role'))).toBe('viewer');
      expect(await textOf(row('Release team').getByTestId('token-role'))).toBe('maintainer');
      expect(await textOf(row('Release team'))).toContain('All projects');

      // A viewer limited to the project.
      const name = `Board ${width}`;
      await page.getByLabel('Token name').fill(name);
      await page.getByLabel('Role').selectOption('viewer');
      await page.getByRole('checkbox', { name: 'Acme shop' }).check();
      await page.getByRole('button', { name: 'Create token' }).click();
      await poll(() => textOf(page.getByTestId('new-token-role'))).toBe('Role: viewer. Projects: Acme shop.');
      const secret = await page.getByTestId('new-token-value').inputValue();
      await row(name).waitFor();
      expect(await textOf(row(name).getByTestId('token-role'))).toBe('viewer');
      expect(await textOf(row(name))).toContain('Acme shop');

      // A limited admin is refused by the API, and the page says why.
      await page.getByLabel('Token name').fill(`Limited admin ${width}`);
      await page.getByLabel('Role').selectOption('admin');
      await page.getByRole('checkbox', { name: 'Acme shop' }).check();
      await page.getByRole('button', { name: 'Create token' }).click();
      await poll(() => textOf(page.getByRole('alert'))).toContain('cannot be admin');
      await page.screenshot({ path: artifactPath(`tokens-roles-${width}.png`), fullPage: true });

      const listed = await server.api<{ tokens: { name: string; role: string; projectIds: string[] | null }[] }>(
        'GET',
        '/api/tokens',
      );
      expect(listed.json.tokens.find((t) => t.name === name)).toMatchObject({
        role: 'viewer',
        projectIds: [seeded.projectId],
      });
      expect(listed.json.tokens.some((t) => t.name === `Limited admin ${width}`)).toBe(false);

      // The new token signs in as a viewer of that project only.
      const other = await server.api<{ id: string }>('POST', '/api/projects', { name: `Other ${width}` });
      const viewer = await signedIn(secret, 'viewer', width);
      await viewer.getByRole('link', { name: 'Acme shop', exact: true }).waitFor();
      expect(await viewer.getByRole('link', { name: `Other ${width}`, exact: true }).count()).toBe(0);
      await server.api('DELETE', `/api/projects/${other.json.id}`);
      session.expectQuietPages();
    });
  }
});
