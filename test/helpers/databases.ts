import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { type DatabaseHandle, openPostgres, openSqlite } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';

/**
 * One test suite, every database (STYLE.md habit 8): SQLite in memory, and PostgreSQL when
 * SHIPWATCH_TEST_DATABASE_URL is set, each test file in a schema of its own so parallel workers never meet.
 * Without the variable the PostgreSQL runs skip with a visible message; with SHIPWATCH_REQUIRE_POSTGRES=1
 * (set by .ci/run) a missing variable fails the run instead.
 */
export const POSTGRES_URL = process.env.SHIPWATCH_TEST_DATABASE_URL;
const REQUIRE_POSTGRES = process.env.SHIPWATCH_REQUIRE_POSTGRES === '1';

let warned = false;
function warnSkip(): void {
  if (warned) return;
  warned = true;
  console.warn(
    '\n[shipwatch tests] SHIPWATCH_TEST_DATABASE_URL is not set: the PostgreSQL runs of the storage tests are SKIPPED.\n',
  );
}

/**
 * SHIPWATCH_TEST_SQLITE_WRITER=thread: the SQLite runs use a file in a temporary folder with its writes on the
 * writer thread (src/db/sqlite-thread/), as a server on a file does, instead of an in-memory database.
 */
const SQLITE_WRITER_THREAD = process.env.SHIPWATCH_TEST_SQLITE_WRITER === 'thread';

/** The writer thread's module, from the sources (its .js name: the thread loads the .ts through tsx). */
export const WRITER_THREAD_MODULE = new URL('../../src/ingest/writer-thread.js', import.meta.url);

/** A SQLite file in a folder of its own, with its writes on the writer thread. */
export async function openThreadedTestDatabase(
  options: { migrate?: boolean; writerThread?: URL } = {},
): Promise<TestDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'shipwatch-thread-'));
  const handle = openSqlite({
    filename: join(folder, 'shipwatch.db'),
    synchronous: 'normal',
    writerThread: options.writerThread ?? WRITER_THREAD_MODULE,
  });
  if (options.migrate !== false) await migrateToLatest(handle);
  return {
    handle,
    async destroy() {
      await handle.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export type DialectName = 'sqlite' | 'postgres';

export interface TestDatabase {
  readonly handle: DatabaseHandle;
  /** Drops what the database holds (the PostgreSQL schema) and closes it. */
  destroy(): Promise<void>;
}

export async function openTestDatabase(
  dialect: DialectName,
  options: { migrate?: boolean; preparedStatements?: boolean } = {},
): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    if (SQLITE_WRITER_THREAD) return openThreadedTestDatabase(options);
    const handle = openSqlite({ filename: ':memory:', synchronous: 'normal' });
    if (options.migrate !== false) await migrateToLatest(handle);
    return { handle, destroy: () => handle.close() };
  }
  if (POSTGRES_URL === undefined) throw new Error('SHIPWATCH_TEST_DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = openPostgres({
    connectionString: POSTGRES_URL,
    poolSize: 5,
    schema,
    ...(options.preparedStatements === undefined ? {} : { preparedStatements: options.preparedStatements }),
  });
  if (options.migrate !== false) await migrateToLatest(handle);
  return {
    handle,
    async destroy() {
      await handle.close();
      await dropSchema(schema);
    },
  };
}

/** The dialects this run covers. */
export function dialects(): DialectName[] {
  if (POSTGRES_URL !== undefined) return ['sqlite', 'postgres'];
  if (REQUIRE_POSTGRES)
    throw new Error(
      'SHIPWATCH_REQUIRE_POSTGRES=1 but SHIPWATCH_TEST_DATABASE_URL is not set: PostgreSQL tests would be skipped.',
    );
  warnSkip();
  return ['sqlite'];
}

/**
 * `describe` once per database, with a migrated database opened before and destroyed after the block.
 * Without PostgreSQL, the postgres block is declared skipped, so the skip shows in the report.
 */
export interface DatabaseContext {
  readonly dialect: DialectName;
  handle(): DatabaseHandle;
  db(): Kysely<Database>;
}

export function describeEachDatabase(title: string, body: (ctx: DatabaseContext) => void): void {
  const covered = dialects();
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const run = covered.includes(dialect) ? describe : describe.skip;
    run(`${title} [${dialect}]`, () => {
      let test: TestDatabase | undefined;
      beforeAll(async () => {
        test = await openTestDatabase(dialect);
      });
      afterAll(async () => {
        await test?.destroy();
      });
      const handle = () => {
        if (test === undefined) throw new Error('database not open yet');
        return test.handle;
      };
      body({ dialect, handle, db: () => handle().db });
    });
  }
}

/**
 * Drops a test file's PostgreSQL schema: at the end of the run when vitest's global setup keeps the list
 * (./schema-teardown.ts), so that no schema disappears while another file's migrator reads every schema's tables;
 * at once when run without it.
 */
export async function dropSchema(schema: string): Promise<void> {
  const list = process.env.SHIPWATCH_TEST_SCHEMA_LIST;
  if (list !== undefined) {
    appendFileSync(list, `${schema}\n`);
    return;
  }
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await admin.end();
  }
}
