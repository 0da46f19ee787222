import { defineConfig } from 'vitest/config';

/**
 * `npm run test:e2e`: the built page (dist/web) in Debian's Chromium, driven by playwright-core, against a real
 * server process per file on a temporary SQLite database. Files run one after another: each has its own server and
 * browser, and the machine has two cores. Without /usr/bin/chromium the files skip with a message, unless
 * SHIPWATCH_REQUIRE_CHROMIUM=1 (CI), where they fail.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
