import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: real server processes under crash, concurrency, outage and fuzz load. Files run one
 * after another (they measure time and memory, and would fight for the machine's two cores); each test is long.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
