import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime } from '../../src/runtime.js';

const mode = (path: string) => statSync(path).mode & 0o777;

// SQLite only: PostgreSQL keeps no files of Shipwatch's. The process umask is the usual 022, under which files
// were made 0644 before (issue 14, item 9).
describe('the files of the embedded database (issue 14)', () => {
  const parents: string[] = [];
  afterEach(() => {
    for (const parent of parents.splice(0)) rmSync(parent, { recursive: true, force: true });
  });

  it('the data folder is made 0700, the database, its -wal and -shm and the key file 0600', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'shipwatch-modes-'));
    parents.push(parent);
    const dataDir = join(parent, 'nested', 'data');
    const previous = process.umask(0o022);
    try {
      const config = loadConfig({ SHIPWATCH_PUBLIC_URL: 'http://localhost:8080', SHIPWATCH_DATA_DIR: dataDir });
      const runtime = await openRuntime(config, createLogger('silent'));
      try {
        await sql`create table if not exists mode_probe (x integer)`.execute(runtime.database.db);
        await sql`insert into mode_probe values (1)`.execute(runtime.database.db);
        expect(mode(dataDir).toString(8)).toBe('700');
        for (const file of ['shipwatch.db', 'shipwatch.db-wal', 'shipwatch.db-shm', 'secret.key']) {
          expect(`${file} ${mode(join(dataDir, file)).toString(8)}`).toBe(`${file} 600`);
        }
      } finally {
        await runtime.database.close();
      }
    } finally {
      process.umask(previous);
    }
  });
});
