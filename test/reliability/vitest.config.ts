import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: real server processes under crash, concurrency, outage and fuzz load. Files run one
 * after another (they measure time and memory, and would fight for the machine's two cores); each test is long.
 */
export default defineConfig({
  test: {
    // pending/: tests of server defects not fixed yet (SHIPWATCH_RELIABILITY_PENDING=1 runs them too).
    include: [
      'test/reliability/**/*.test.ts',
      ...(process.env.SHIPWATCH_RELIABILITY_PENDING === '1' ? ['test/reliability/pending/*.ts'] : []),
    ],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
