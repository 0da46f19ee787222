import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AxeResults, Result } from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { ROOT } from './server.js';

/** Debian's Chromium (never a downloaded one); SHIPWATCH_CHROMIUM may point at another binary. */
export const CHROMIUM_PATH = process.env.SHIPWATCH_CHROMIUM ?? '/usr/bin/chromium';
const REQUIRE_CHROMIUM = process.env.SHIPWATCH_REQUIRE_CHROMIUM === '1';
export const ARTIFACTS = join(ROOT, 'test-results', 'e2e');
const AXE_PATH = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
/** How long one wait for the page may take (a locator action, a poll). */
export const WAIT_MS = 15_000;

/**
 * Whether the browser tests can run: without Chromium they skip with a visible message, except with
 * SHIPWATCH_REQUIRE_CHROMIUM=1 (CI), where the file fails instead.
 */
export function chromiumAvailable(what: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (REQUIRE_CHROMIUM) {
    throw new Error(
      `SHIPWATCH_REQUIRE_CHROMIUM=1 but ${CHROMIUM_PATH} is missing: ${what} cannot run (apt-get install -y chromium).`,
    );
  }
  console.warn(`\n[shipwatch e2e] SKIPPED ${what}: ${CHROMIUM_PATH} is missing (apt-get install -y chromium).\n`);
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface PageOptions {
  width?: number;
  height?: number;
  colorScheme?: 'light' | 'dark';
  /**
   * Lets the test inject scripts (axe-core) despite the page's `script-src 'self'`. Only the accessibility test sets
   * it; every other test runs under the real CSP, and a violation shows as a console error there.
   */
  bypassCSP?: boolean;
}

export interface OpenPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught exceptions in the page: a test asserts there were none. */
  readonly pageErrors: string[];
  /** Console errors other than a failed resource load (an expected 401 logs one). */
  readonly consoleErrors: string[];
  close(): Promise<void>;
}

/** A fresh browser context (its own cookies) on the server, with the project's time zone fixed to UTC. */
export async function openPage(browser: Browser, base: string, options: PageOptions = {}): Promise<OpenPage> {
  const context = await browser.newContext({
    baseURL: base,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
    timezoneId: 'UTC',
    locale: 'en-GB',
    bypassCSP: options.bypassCSP ?? false,
  });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      consoleErrors.push(message.text());
    }
  });
  return { context, page, pageErrors, consoleErrors, close: () => context.close() };
}

/** Signs in on the sign-in page with a token and waits for the projects page it opens. */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/projects');
  await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
}

/** The visible text of a locator, whitespace collapsed (for expect.poll). */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core on the page as it is and returns its violations of impact serious or critical. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run(),
  );
  return results.violations
    .filter((v: Result) => v.impact === 'serious' || v.impact === 'critical')
    .map((v: Result) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary}` : ''}`),
    }));
}
