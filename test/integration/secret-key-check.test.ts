import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createProject } from '../../src/manage/projects.js';
import { createWebhook } from '../../src/manage/webhooks.js';
import { openRuntime } from '../../src/runtime.js';
import { dialects, dropSchema, POSTGRES_URL } from '../helpers/databases.js';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');
const logger = createLogger('silent');

/**
 * A start with a key that cannot decrypt the stored webhook secrets (issue 14, item 7): `openRuntime`, the start
 * path of `serve` and of every CLI command, refuses with one line naming the variable; `main` prints it and exits.
 */
describe.each(dialects())('the secret key is checked at start [%s]', (dialect) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shipwatch-key-'));
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const env = (key?: string): Record<string, string> => ({
    SHIPWATCH_PUBLIC_URL: 'http://localhost:8080',
    SHIPWATCH_DATA_DIR: dataDir,
    ...(key === undefined ? {} : { SHIPWATCH_SECRET_KEY: key }),
    ...(dialect === 'postgres'
      ? { DATABASE_URL: `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}` }
      : {}),
  });
  const start = (key?: string) => openRuntime(loadConfig(env(key)), logger);

  beforeAll(async () => {
    if (dialect !== 'postgres') return;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (dialect !== 'postgres') return;
    await dropSchema(schema);
  });

  it('starts with any key while no webhook secret is stored', async () => {
    await (await start(KEY_B)).database.close();
  });

  it('refuses a key that cannot decrypt them, in one line naming SHIPWATCH_SECRET_KEY; the right key starts', async () => {
    const made = await start(KEY_A);
    try {
      const project = await createProject(made.database.db, { name: 'Keyed', actor: 'test', now: Date.now() });
      const ctx = { db: made.database.db, secretBox: made.secretBox, publicUrl: 'http://localhost:8080' };
      await createWebhook(ctx, { projectId: project.id, provider: 'github', actor: 'test', now: Date.now() });
    } finally {
      await made.database.close();
    }
    const refusal = await start(KEY_B).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(Error);
    const message = (refusal as Error).message;
    expect(message).toMatch(/^SHIPWATCH_SECRET_KEY cannot decrypt the stored webhook secrets/);
    expect(message).not.toContain('\n');
    expect(message).not.toContain(KEY_A);
    expect(message).not.toContain(KEY_B);
    await (await start(KEY_A)).database.close();
  });

  // A key file exists only without DATABASE_URL (SQLite): the PostgreSQL run has no such test, rather than a skipped one.
  if (dialect !== 'sqlite') return;
  it('names the key file when the key comes from it', async () => {
    writeFileSync(join(dataDir, 'secret.key'), `${KEY_B}\n`, { mode: 0o600 });
    const refusal = await start().then(
      () => null,
      (error: unknown) => error,
    );
    expect((refusal as Error).message).toContain(join(dataDir, 'secret.key'));
    expect((refusal as Error).message).toContain('SHIPWATCH_SECRET_KEY');
    writeFileSync(join(dataDir, 'secret.key'), `${KEY_A}\n`, { mode: 0o600 });
    await (await start()).database.close();
  });
});
