import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type QueryResult,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { DatabaseHandle } from '../create-db.js';
import { openSqliteConnection, sqliteKysely, statementCache } from '../create-db.js';
import { attachDialect } from '../dialect/dialect.js';
import { sqliteDialect } from '../dialect/sqlite.js';
import type { Database } from '../schema.js';
import {
  type Answer,
  type FromWriter,
  type StatementResult,
  type ToWriter,
  type ToWriterMessage,
  WRITER_GONE,
  type WriterData,
} from './protocol.js';

type Request = ToWriter extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never;

/** The writer thread's young generation (see `#start`). */
const WRITER_YOUNG_GENERATION_MB = 8;

/** An error the writer thread answered with, rebuilt: its name, message and `code` are the thread's. */
export class WriterThreadError extends Error {
  readonly code: string | undefined;
  constructor(name: string, message: string, code: string | undefined) {
    super(message);
    this.name = name;
    this.code = code;
  }
}

/**
 * The main thread's end of the writer thread: it starts the thread, numbers each request and settles it with the
 * answer. If the thread stops (a crash, an out-of-memory), every request waiting fails as unavailable (503) and
 * the next request starts a new thread.
 */
class WriterClient {
  #worker: Worker | null = null;
  #next = 1;
  #jobs: ToWriter[] = [];
  readonly #waiting = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  readonly #data: WriterData;
  readonly #script: URL;

  constructor(data: WriterData, script: URL) {
    this.#data = data;
    this.#script = script;
  }

  #start(): Worker {
    // The thread's young generation capped at 8 MB (V8's default lets it grow to 48): its objects are short-lived
    // and small, and the default cost about 30 MB of peak RSS under load (docs/PERFORMANCE.md).
    const worker = new Worker(this.#script, {
      workerData: this.#data,
      resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB },
    });
    const settle = (message: Answer) => {
      const waiting = this.#waiting.get(message.id);
      if (waiting === undefined) return;
      this.#waiting.delete(message.id);
      if (message.ok) waiting.resolve(message.value);
      else waiting.reject(new WriterThreadError(message.error.name, message.error.message, message.error.code));
    };
    worker.on('message', (message: FromWriter) => {
      if (Array.isArray(message)) for (const answer of message) settle(answer);
      else settle(message as Answer);
    });
    const stopped = (error: unknown) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      const reason = new WriterThreadError(
        'WriterThreadError',
        `The SQLite writer thread stopped: ${error instanceof Error ? error.message : String(error)}`,
        WRITER_GONE,
      );
      for (const waiting of this.#waiting.values()) waiting.reject(reason);
      this.#waiting.clear();
    };
    worker.on('error', stopped);
    worker.on('exit', (code) => stopped(new Error(`exit code ${code}`)));
    return worker;
  }

  /** Starts the thread now, so that it loads while the main thread does (the first write then waits for nothing). */
  start(): void {
    this.#worker ??= this.#start();
  }

  send(request: Request): Promise<unknown> {
    this.#worker ??= this.#start();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker?.postMessage({ ...request, id } as ToWriter);
    });
  }

  /** A job: sent with the others of this turn of the event loop, in one message, once the turn's I/O is read. */
  job(kind: string, payload: unknown): Promise<unknown> {
    this.#worker ??= this.#start();
    const id = this.#next++;
    if (this.#jobs.length === 0) setImmediate(() => this.#flushJobs());
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#jobs.push({ type: 'job', id, kind, payload });
    });
  }

  #flushJobs(): void {
    const jobs = this.#jobs;
    this.#jobs = [];
    if (this.#worker === null) this.#worker = this.#start();
    this.#worker.postMessage(jobs satisfies ToWriterMessage);
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    if (worker === null) return;
    await this.send({ type: 'close' }).catch(() => {});
    this.#worker = null;
    await worker.terminate();
  }
}

/**
 * A Kysely driver over the writer thread. Outside a transaction, a select runs on the main thread's own read
 * connection (WAL: it sees every committed write, and never waits for the writer); every other statement goes to
 * the writer thread. A transaction is a lease on the writer: its statements, reads included, all run there.
 */
class WriterThreadDriver implements Driver {
  #leases = 0;
  private readonly client: WriterClient;
  private readonly local: LocalReads;
  constructor(client: WriterClient, local: LocalReads) {
    this.client = client;
    this.local = local;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new WriterThreadConnection(this.client, this.local);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = ++this.#leases;
    await this.client.send({ type: 'begin', lease });
    (connection as WriterThreadConnection).lease = lease;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#end(connection as WriterThreadConnection, true);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#end(connection as WriterThreadConnection, false);
  }

  async #end(connection: WriterThreadConnection, commit: boolean): Promise<void> {
    const lease = connection.lease;
    connection.lease = null;
    if (lease !== null) await this.client.send({ type: 'end', lease, commit });
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.client.close();
    this.local.sqlite.close();
  }
}

/** The main thread's read connection, with its prepared statements kept by SQL text. */
class LocalReads {
  readonly sqlite: SQLite.Database;
  readonly #prepare: (text: string) => SQLite.Statement;
  constructor(sqlite: SQLite.Database) {
    this.sqlite = sqlite;
    this.#prepare = statementCache(sqlite);
  }

  all(sql: string, parameters: readonly unknown[]): unknown[] {
    return this.#prepare(sql).all(parameters);
  }
}

class WriterThreadConnection implements DatabaseConnection {
  lease: number | null = null;
  private readonly client: WriterClient;
  private readonly local: LocalReads;
  constructor(client: WriterClient, local: LocalReads) {
    this.client = client;
    this.local = local;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (this.lease === null && SelectQueryNode.is(compiled.query)) {
      return { rows: this.local.all(compiled.sql, compiled.parameters) as R[] };
    }
    const result = (await this.client.send({
      type: 'query',
      sql: compiled.sql,
      parameters: compiled.parameters,
      lease: this.lease,
    })) as StatementResult;
    return result as QueryResult<R>;
  }

  // biome-ignore lint/correctness/useYield: no row is streamed; the error says so
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported on the SQLite writer thread');
  }
}

/**
 * The script the thread runs: the entry's compiled `.js`; from the TypeScript sources (the tests), a boot file
 * that loads TypeScript (tsx, a development dependency) and then the entry.
 */
function threadScript(entry: URL): { script: URL; entry: string } {
  if (existsSync(fileURLToPath(entry))) return { script: entry, entry: entry.href };
  const source = new URL(entry.href.replace(/\.js$/, '.ts'));
  if (!existsSync(fileURLToPath(source)))
    throw new Error(`The SQLite writer thread's module is missing: ${entry.href}`);
  return { script: new URL('./boot.mjs', import.meta.url), entry: source.href };
}

/** The embedded database with its writes on a thread of their own (src/db/create-db.ts, `openSqlite`). */
export function openThreadedSqlite(filename: string, synchronous: 'full' | 'normal', entry: URL): DatabaseHandle {
  const { script, entry: entryHref } = threadScript(entry);
  const client = new WriterClient({ filename, synchronous, entry: entryHref }, script);
  const local = openSqliteConnection(filename, synchronous);
  client.start();
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new WriterThreadDriver(client, new LocalReads(local)),
      createIntrospector: (kysely) => new SqliteIntrospector(kysely),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
  attachDialect(db, sqliteDialect);
  const reader = sqliteKysely(local);
  return {
    db,
    reader,
    dialect: sqliteDialect,
    location: filename,
    runJob: (kind, payload) => client.job(kind, payload),
    close: async () => {
      await db.destroy();
    },
  };
}
