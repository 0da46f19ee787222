import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, type OpenPage, openPage, signIn, textOf, WAIT_MS } from './browser.js';
import { type SeededProject, seedProject } from './seed.js';
import { type E2eServer, startServer } from './server.js';

/** Polls until the page or the server catches up (vitest's default of 1 s is short for a first read of verdicts). */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: WAIT_MS });

/**
 * What a browser file sets up before its tests: a server with one seeded project and a browser; pages opened signed
 * in, each kept so that the file can check none of them logged an error, and closed with the rest.
 */
export interface E2eSession {
  readonly server: E2eServer;
  readonly browser: Browser;
  readonly seeded: SeededProject;
  /**
   * A page of its own (its own cookies) at `width` × 900, signed in with `token` (the server's admin token by
   * default); with `role`, once the header shows that role (the controls a role may use appear only then).
   */
  signedIn(options: {
    width: number;
    token?: string;
    role?: 'viewer' | 'maintainer' | 'admin';
    colorScheme?: 'light' | 'dark';
  }): Promise<Page>;
  /** No uncaught error and no console error (a CSP violation, say) in any page opened so far. */
  expectQuietPages(): void;
  /** Closes every page, the browser and the server (which removes its data folder). */
  close(): Promise<void>;
}

/** Starts the server and the browser together, then seeds a project named `projectName` (a month of data). */
export async function startSession(projectName: string): Promise<E2eSession> {
  const [started, launched] = await Promise.allSettled([startServer(), launchBrowser()]);
  if (started.status === 'rejected' || launched.status === 'rejected') {
    // Whichever did start is stopped, so that a failed start leaves no process behind.
    if (launched.status === 'fulfilled') await launched.value.close();
    if (started.status === 'fulfilled') await started.value.stop();
    throw started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
  }
  const server = started.value;
  const browser = launched.value;
  const pages: OpenPage[] = [];
  const close = async () => {
    for (const open of pages) await open.close();
    await browser.close();
    await server.stop();
  };
  let seeded: SeededProject;
  try {
    seeded = await seedProject(server, projectName);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    server,
    browser,
    seeded,
    async signedIn({ width, token = server.adminToken, role, colorScheme = 'light' }) {
      const open = await openPage(browser, server.base, { width, height: 900, colorScheme });
      pages.push(open);
      await signIn(open.page, token);
      if (role !== undefined) await poll(() => textOf(open.page.getByTestId('signed-in-role'))).toBe(role);
      return open.page;
    },
    expectQuietPages() {
      for (const open of pages) {
        expect(open.pageErrors, 'uncaught errors in the page').toEqual([]);
        expect(open.consoleErrors, 'console errors in the page').toEqual([]);
      }
    },
    close,
  };
}
