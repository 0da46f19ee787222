import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { attachDialect, type Dialect } from './dialect/dialect.js';
import { postgresDialect } from './dialect/postgres.js';
import { sqliteDialect } from './dialect/sqlite.js';
import { postgresStatementNames } from './prepared.js';
import type { Database } from './schema.js';
import { openThreadedSqlite } from './sqlite-thread/main-side.js';
import { openWriteBatch, sharedBatchingPool, type WriteBatch } from './statement-batch.js';

// Each driver is loaded when a database of its kind is opened, not at start: a SQLite server never loads pg and
// a PostgreSQL one never loads better-sqlite3 (both are CommonJS, so a synchronous require does it).
const require = createRequire(import.meta.url);
const loadSqlite = () => require('better-sqlite3') as typeof SQLite;
const loadPg = () => require('pg') as typeof pg;

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  /**
   * For reads on the receiver's hot path (the webhook behind a URL). On a SQLite file it is a second connection:
   * in WAL mode it reads while the writer's group-commit transaction is open, so deliveries keep queueing up for
   * the next batch instead of waiting behind it. On PostgreSQL it is one connection that every request shares, whose
   * look-ups issued in one turn of the event loop go in one round trip (src/db/statement-batch.ts). In memory it
   * is `db`. Never for decisions that must see the
   * latest write: the receiver re-checks the webhook inside its transaction.
   */
  readonly reader: Kysely<Database>;
  /**
   * PostgreSQL: opens a batch of the write queue, a connection in a transaction whose jobs run at once and whose
   * statements issued in one turn of the event loop go together (src/db/statement-batch.ts). Undefined where the
   * dialect's group commit uses savepoints (`Dialect.groupCommit`).
   */
  readonly openWriteBatch?: () => Promise<WriteBatch>;
  /**
   * SQLite with a writer thread: runs a job of a kind the thread's module registered (src/ingest/writer-thread.ts)
   * with this data, in the thread's next group commit, and settles once it is committed. Undefined elsewhere: the
   * caller runs the same job through the write queue (src/db/write-queue.ts).
   */
  readonly runJob?: (kind: string, payload: unknown) => Promise<unknown>;
  /** What differs between the databases (src/db/dialect/): ask it, never which database this is. */
  readonly dialect: Dialect;
  /** Where the data lives, for logs: the SQLite file, or the PostgreSQL host and database (no password). */
  readonly location: string;
  /**
   * The PostgreSQL schema given to `openPostgres` (tests give each file its own), for the migrator: Kysely looks for
   * its own tables in every schema of the database unless told which one (src/db/migrate.ts).
   */
  readonly schema?: string;
  close(): Promise<void>;
}

export interface SqliteOptions {
  /** A file path, or ':memory:'. */
  readonly filename: string;
  readonly synchronous: 'full' | 'normal';
  /** The module that serves the writer thread (file URL), from the composition root; none: writes inline. */
  readonly writerThread?: URL;
  /** `inline` keeps the writes on the main thread even on a file (SHIPWATCH_SQLITE_WRITER). */
  readonly writer?: 'thread' | 'inline';
}

export interface PostgresOptions {
  readonly connectionString: string;
  readonly poolSize: number;
  /** The schema to work in (tests give each file its own); `public` by default. */
  readonly schema?: string;
  /** Named prepared statements for the receiver's statements (default on; off for an old PgBouncer). */
  readonly preparedStatements?: boolean;
}

/**
 * SQLite's page cache per connection, in KiB: SQLite's own default (2 MiB), where better-sqlite3 builds it with
 * 16 MiB. The pages the cache drops stay in the operating system's file cache; measured on the ingestion and
 * metrics benches, the smaller cache cut the peak RSS under the ingestion load by about 30 MB and left the reads'
 * times where they were (docs/PERFORMANCE.md).
 */
const SQLITE_CACHE_KIB = 2000;

/**
 * A connection to the SQLite file: WAL, foreign keys on, a busy timeout, the chosen durability, and SQLite's own
 * page-cache size.
 */
export function openSqliteConnection(filename: string, synchronous: 'full' | 'normal'): SQLite.Database {
  const Sqlite = loadSqlite();
  const sqlite = new Sqlite(filename);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  return sqlite;
}

/** Kysely on one SQLite connection, with its prepared statements kept, and the SQLite dialect attached. */
export function sqliteKysely(sqlite: SQLite.Database): Kysely<Database> {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  attachDialect(db, sqliteDialect);
  return db;
}

/**
 * Opens the embedded database. On a file, with `writerThread` (the module that serves the writer thread,
 * src/ingest/writer-thread.ts) and unless `writer` is `inline`, every write runs on a thread of its own
 * (src/db/sqlite-thread/): one writer, off the event loop. In memory, or `inline`, on the main thread.
 */
export function openSqlite(options: SqliteOptions): DatabaseHandle {
  if (options.filename !== ':memory:' && options.writerThread !== undefined && options.writer !== 'inline')
    return openThreadedSqlite(options.filename, options.synchronous, options.writerThread);
  const open = () => sqliteKysely(openSqliteConnection(options.filename, options.synchronous));
  const db = open();
  // An in-memory database exists once per connection: there the reader is the same connection.
  const reader = options.filename === ':memory:' ? db : open();
  return {
    db,
    reader,
    dialect: sqliteDialect,
    location: options.filename,
    close: async () => {
      if (reader !== db) await reader.destroy();
      await db.destroy();
    },
  };
}

/** Prepared statements kept per connection, by SQL text. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; the receiver runs the same dozen statements for every
 * delivery. Preparing each SQL text once per connection saves that work (a bounded cache; the oldest goes).
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  return { close: () => sqlite.close(), prepare: statementCache(sqlite) };
}

/** `prepare` with the statements kept by SQL text, per connection (the writer thread's and the reads' too). */
export function statementCache(sqlite: SQLite.Database): (text: string) => SQLite.Statement {
  const cache = new Map<string, SQLite.Statement>();
  return (text) => {
    let statement = cache.get(text);
    if (statement === undefined) {
      statement = sqlite.prepare(text);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(text, statement);
    }
    return statement;
  };
}

/** int8 (count, bigint columns) and numeric come back as numbers, the same as on SQLite. */
function pgTypes(driver: typeof pg) {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === driver.types.builtins.INT8 || oid === driver.types.builtins.NUMERIC)
        return (value: string) => Number(value);
      // biome-ignore lint/suspicious/noExplicitAny: pg's overloads do not accept a union format
      return driver.types.getTypeParser(oid, format as any);
    },
  };
}

export function openPostgres(options: PostgresOptions): DatabaseHandle {
  const schema = options.schema;
  const driver = loadPg();
  const pool = new driver.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    types: pgTypes(driver),
    connectionTimeoutMillis: 5000,
    // A network partition leaves a query waiting for ever: past this, it fails and the request gets a 503.
    query_timeout: 5_000,
    keepAlive: true,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // A connection lost while idle in the pool, or while checked out between two queries, must not crash the
  // process: pg emits 'error' on the pool or on the client, and an unheard 'error' event throws. The next
  // query on that client fails and the request is answered 503 (src/db/unavailable.ts).
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
    if (options.preparedStatements !== false) namePreparedStatements(client);
  });
  const kyselyDialect = new PostgresDialect({ pool });
  const db = new Kysely<Database>({ dialect: kyselyDialect });
  attachDialect(db, postgresDialect);
  const reader = new Kysely<Database>({ dialect: new PostgresDialect({ pool: sharedBatchingPool(pool) }) });
  attachDialect(reader, postgresDialect);
  const url = new URL(options.connectionString);
  return {
    db,
    reader,
    openWriteBatch: () => openWriteBatch(pool, db, kyselyDialect),
    dialect: postgresDialect,
    location: `postgres://${url.host}${url.pathname}${schema === undefined ? '' : ` (schema ${schema})`}`,
    ...(schema === undefined ? {} : { schema }),
    close: async () => {
      // The reader's connection is given back to the pool first: ending the pool waits for its connections.
      await reader.destroy();
      await db.destroy();
    },
  };
}

/**
 * The receiver's statements (src/db/prepared.ts) run as named prepared statements on each connection: pg sends
 * the text once per connection and PostgreSQL keeps its parse and plan. Kysely passes text and values; this
 * gives the text its name.
 */
function namePreparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, values?: unknown, callback?: unknown) => {
    if (typeof text === 'string' && Array.isArray(values) && callback === undefined) {
      const name = postgresStatementNames.get(text);
      if (name !== undefined) return query({ name, text, values });
    }
    return callback === undefined ? query(text, values) : query(text, values, callback);
  };
}

/** The composition root's choice: PostgreSQL when DATABASE_URL is set, else SQLite under the data folder. */
export function createDatabase(
  config: {
    readonly databaseUrl: string | null;
    readonly dataDir: string;
    readonly sqliteSynchronous: 'full' | 'normal';
    readonly sqliteWriter: 'thread' | 'inline';
    readonly dbPoolSize: number;
    readonly pgPreparedStatements: boolean;
  },
  writerThread?: URL,
): DatabaseHandle {
  if (config.databaseUrl !== null) {
    return openPostgres({
      connectionString: config.databaseUrl,
      poolSize: config.dbPoolSize,
      preparedStatements: config.pgPreparedStatements,
    });
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const filename = join(config.dataDir, 'shipwatch.db');
  // Made 0600 before SQLite opens it: SQLite gives the -wal and -shm files the database file's mode.
  closeSync(openSync(filename, 'a', 0o600));
  return openSqlite({
    filename,
    synchronous: config.sqliteSynchronous,
    writer: config.sqliteWriter,
    ...(writerThread === undefined ? {} : { writerThread }),
  });
}
