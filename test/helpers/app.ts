import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/create-db.js';
import { buildApp } from '../../src/http/app.js';
import { createRequestReceiver, type RequestReceiver } from '../../src/ingest/receive-request.js';
import { createLogger } from '../../src/logger.js';
import { createToken } from '../../src/manage/tokens.js';
import { createSecretBox } from '../../src/secrets/secret-box.js';

export const TEST_KEY = Buffer.alloc(32, 7);
export const PUBLIC_URL = 'http://shipwatch.test';

export interface TestApp {
  readonly app: FastifyInstance;
  /** The receiver use case on the same database, secret key and clock (what `POST /hooks/<id>` runs), for imports. */
  readonly receiver: RequestReceiver;
  /** A valid bearer token. */
  readonly token: string;
  readonly auth: { authorization: string };
  /** Every log line the app wrote. */
  readonly logs: string[];
  /** Moves the test clock. */
  advance(ms: number): void;
  now(): number;
}

/** The real app on a test database, with a controllable clock and captured logs. */
export async function buildTestApp(
  handle: DatabaseHandle,
  options: { env?: Record<string, string>; start?: number } = {},
): Promise<TestApp> {
  let clock = options.start ?? Date.parse('2026-03-02T12:00:00Z');
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const config = loadConfig({
    SHIPWATCH_PUBLIC_URL: PUBLIC_URL,
    SHIPWATCH_DATA_DIR: '/tmp/shipwatch-test-unused',
    ...options.env,
  });
  const logger = createLogger('debug', sink);
  const deps = { config, database: handle, logger, secretBox: createSecretBox(TEST_KEY), now: () => clock };
  const app = await buildApp(deps);
  await app.ready();
  const made = await createToken(handle.db, { name: `test ${Math.random()}`, actor: 'test', now: clock });
  return {
    app,
    receiver: createRequestReceiver(deps),
    token: made.token,
    auth: { authorization: `Bearer ${made.token}` },
    logs,
    advance(ms) {
      clock += ms;
    },
    now: () => clock,
  };
}
