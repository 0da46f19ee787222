import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key that encrypts webhook secrets: SHIPWATCH_SECRET_KEY when set; on embedded SQLite without it, a key
 * file in the data folder, made (mode 0600) at first start. With DATABASE_URL the variable is required
 * (config.ts refuses to start without it), because every process must read the same secrets.
 */
export function loadSecretKey(config: { secretKey: Buffer | null; dataDir: string }): { key: Buffer; source: string } {
  if (config.secretKey !== null) return { key: config.secretKey, source: 'SHIPWATCH_SECRET_KEY' };
  const path = join(config.dataDir, 'secret.key');
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${path} does not hold the base64 text of 32 bytes.`);
  return { key, source: path };
}
