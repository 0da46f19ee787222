import { userInfo } from 'node:os';
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

/** Opens the database with the server's configuration, runs a command with it, and closes it. */
export async function withRuntime<T>(run: (runtime: Runtime) => Promise<T>): Promise<T> {
  const config = configFromEnv();
  const runtime = await openRuntime(config, createLogger(process.env.SHIPWATCH_LOG_LEVEL ?? 'warn'));
  try {
    return await run(runtime);
  } finally {
    await runtime.database.close();
  }
}
