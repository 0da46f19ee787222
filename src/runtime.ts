import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import { createDatabase, type DatabaseHandle } from './db/create-db.js';
import { migrateToLatest } from './db/migrate.js';
import type { Logger } from './logger.js';
import { ensureFirstToken } from './manage/tokens.js';
import { checkSecretKey } from './secrets/check-secret-key.js';
import { loadSecretKey } from './secrets/load-secret-key.js';
import { createSecretBox, type SecretBox } from './secrets/secret-box.js';

export interface Runtime {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly secretBox: SecretBox;
  readonly logger: Logger;
}

/**
 * Opens the database chosen by the configuration, applies migrations, and loads the secret key, refusing one that
 * cannot decrypt the stored webhook secrets (`checkSecretKey`).
 */
export async function openRuntime(config: Config, logger: Logger): Promise<Runtime> {
  // On SQLite, the writes run on a thread whose module is the receiver's (src/ingest/writer-thread.ts).
  const database = createDatabase(config, new URL('./ingest/writer-thread.js', import.meta.url));
  try {
    const applied = await migrateToLatest(database);
    if (applied.length > 0) logger.info({ applied, database: database.location }, 'migrations applied');
    const { key, source } = loadSecretKey(config);
    const secretBox = createSecretBox(key);
    await checkSecretKey(database.db, secretBox, source);
    logger.info(
      { keySource: source.startsWith('/') ? 'key file' : source, database: database.location },
      'storage ready',
    );
    return { config, database, secretBox, logger };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * The first start with no SHIPWATCH_ADMIN_TOKEN and no token makes one: printed once to a terminal, otherwise
 * written to <data dir>/admin-token (mode 0600) with only that path logged.
 */
export async function announceFirstToken(
  runtime: Runtime,
  output: { isTTY: boolean; write(text: string): void },
): Promise<void> {
  const token = await ensureFirstToken(runtime.database.db, { adminToken: runtime.config.adminToken, now: Date.now() });
  if (token === null) return;
  if (output.isTTY) {
    output.write(`\nShipwatch made your first API token (shown once; sign in with it):\n\n  ${token}\n\n`);
    return;
  }
  mkdirSync(runtime.config.dataDir, { recursive: true, mode: 0o700 });
  const path = join(runtime.config.dataDir, 'admin-token');
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  runtime.logger.warn({ path }, 'first API token written to this file (read it once, then delete it)');
}
