// vitest's global setup (vitest.config.ts): the PostgreSQL schemas the test files made are dropped once every file has
// finished, not each when its own file does. Kysely's migrator looks for its tables with a query that calls
// `has_schema_privilege` on every schema of the database; a schema another file drops while that query runs makes it
// fail with 'schema "t_..." does not exist' (seen once in `npm test`, in a file that had nothing to do with it).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export default function setup(): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shipwatch-test-schemas-'));
  const list = join(dir, 'schemas');
  // The test workers are started after this, with this environment: `dropSchema` (./databases.ts) appends here.
  process.env.SHIPWATCH_TEST_SCHEMA_LIST = list;
  return async () => {
    try {
      const url = process.env.SHIPWATCH_TEST_DATABASE_URL;
      let text = '';
      try {
        text = readFileSync(list, 'utf8');
      } catch {
        // No file made a schema.
      }
      const schemas = [...new Set(text.split('\n').filter((name) => /^t_[0-9a-f]+$/.test(name)))];
      if (url === undefined || schemas.length === 0) return;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await admin.end();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
