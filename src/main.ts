import { type Config, ConfigError, loadConfig } from './config.js';
import { buildApp } from './http/app.js';
import { startMaintenance } from './ingest/maintenance.js';
import { createLogger } from './logger.js';
import { announceFirstToken, openRuntime } from './runtime.js';

/**
 * The composition root: config → logger → database → migrations → app → listen → graceful close.
 * SIGTERM and SIGINT stop accepting connections, finish the requests in flight, then close the database.
 */
export async function serve(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const runtime = await openRuntime(config, logger);
  const maintenance = startMaintenance(runtime.database.db, logger);
  const app = await buildApp({ ...runtime, now: Date.now, afterDelivery: maintenance.nudge });
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    const timer = setTimeout(() => {
      logger.error('requests did not finish within 10 s; exiting');
      process.exit(1);
    }, 10_000);
    timer.unref();
    try {
      await app.close();
      await maintenance.stop();
      await runtime.database.close();
      process.exitCode = 0;
    } catch (error) {
      logger.error({ err: error }, 'error while shutting down');
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', () => void close('SIGTERM'));
  process.once('SIGINT', () => void close('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  await announceFirstToken(runtime, { isTTY: process.stdout.isTTY === true, write: (t) => process.stdout.write(t) });
  logger.info({ url: config.publicUrl }, 'Shipwatch is ready');
}

/** `node dist/main.js`: serve with the environment's configuration; a bad value stops with one line. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`shipwatch: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  try {
    await serve(config);
  } catch (error) {
    process.stderr.write(`shipwatch: could not start: ${startError(error)}\n`);
    process.exit(1);
  }
}

function startError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') return `the port is already in use (${error.message}); set PORT to another one.`;
    if (code === 'ECONNREFUSED') return `the database refused the connection (${error.message}); check DATABASE_URL.`;
    return error.message;
  }
  return String(error);
}
