import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // PostgreSQL test schemas dropped once every file has finished (test/helpers/schema-teardown.ts).
    globalSetup: ['test/helpers/schema-teardown.ts'],
  },
});
