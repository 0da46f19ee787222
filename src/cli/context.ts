import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openRuntime, type Runtime } from '../runtime.js';

/** The audit log's name for a command run from the shell. */
export function cliActor(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no user entry (some containers)
  }
  return `cli:${user}`;
}

/** A one-line failure for the shell: the message, exit code 1 (2 for configuration). */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

export function configFromEnv(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 2);
    throw error;
  }
}

/**
 * Opens the database with the server's configuration, runs a command with it, and closes it. The SQLite file must
 * already exist unless `create` is set (`demo`): a command run in the wrong folder would otherwise make an empty
 * database and secret key there, then report that the project does not exist.
 */
export async function withRuntime<T>(
  run: (runtime: Runtime) => Promise<T>,
  options: { readonly create?: boolean } = {},
): Promise<T> {
  const config = configFromEnv();
  if (config.databaseUrl === null && options.create !== true) {
    const file = join(config.dataDir, 'shipwatch.db');
    if (!existsSync(file)) throw new CliError(noDatabaseMessage(file));
  }
  const runtime = await openRuntime(config, createLogger(process.env.SHIPWATCH_LOG_LEVEL ?? 'warn'));
  try {
    return await run(runtime);
  } finally {
    await runtime.database.close();
  }
}

export function noDatabaseMessage(file: string): string {
  return [
    `no Shipwatch database at ${file}. Either point the command at a running server:`,
    '  shipwatch --server https://shipwatch.example.com --token <api token> ...',
    '  (or set SHIPWATCH_SERVER and SHIPWATCH_TOKEN)',
    "or at the server's own data: run it on the server's host with SHIPWATCH_DATA_DIR set to its data directory",
    '(or DATABASE_URL for PostgreSQL). To start a new one here, run: shipwatch migrate',
  ].join('\n');
}
