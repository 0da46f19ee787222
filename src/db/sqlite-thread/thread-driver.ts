// The Kysely driver over the SQLite threads (src/db/sqlite-thread/main-side.ts builds the handle with it).
import type SQLite from 'better-sqlite3';
import { type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, SelectQueryNode } from 'kysely';
import { statementCache } from '../create-db.js';
import type { StatementResult } from './protocol.js';
import type { WriterClient } from './thread-client.js';

/**
 * A Kysely driver over the writer thread. Outside a transaction, a select runs where `reads` runs it: the main
 * thread's own read connection, or the reader thread (WAL: either sees every committed write, and never waits for
 * the writer); every other statement goes to the writer thread. A transaction is a lease on the writer: its
 * statements, reads included, all run there.
 */
export class WriterThreadDriver implements Driver {
  private readonly client: WriterClient;
  private readonly reads: Reads;
  /** Whether closing this driver stops the writer thread (the handle's `db`), or only its reads (`reports`). */
  private readonly ownsWriter: boolean;
  constructor(client: WriterClient, reads: Reads, ownsWriter: boolean) {
    this.client = client;
    this.reads = reads;
    this.ownsWriter = ownsWriter;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new WriterThreadConnection(this.client, this.reads);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = this.client.nextLease();
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
    if (this.ownsWriter) await this.client.close();
    await this.reads.close();
  }
}

/** Where the selects outside a transaction run. */
export interface Reads {
  all(sql: string, parameters: readonly unknown[]): unknown[] | Promise<unknown[]>;
  close(): Promise<void>;
}

/** The main thread's read connection, with its prepared statements kept by SQL text: for the short reads. */
export class LocalReads implements Reads {
  readonly sqlite: SQLite.Database;
  readonly #prepare: (text: string) => SQLite.Statement;
  constructor(sqlite: SQLite.Database) {
    this.sqlite = sqlite;
    this.#prepare = statementCache(sqlite);
  }

  all(sql: string, parameters: readonly unknown[]): unknown[] {
    return this.#prepare(sql).all(parameters);
  }

  async close(): Promise<void> {
    this.sqlite.close();
  }
}

/**
 * The reader thread's connection (src/db/sqlite-thread/reader-thread.ts): a select runs there while the main thread
 * goes on, for the long reads of the figures. Started at the first read, so a server that only receives never
 * pays for it.
 */
export class ThreadReads implements Reads {
  readonly #client: WriterClient;
  constructor(client: WriterClient) {
    this.#client = client;
  }

  async all(sql: string, parameters: readonly unknown[]): Promise<unknown[]> {
    const result = (await this.#client.send({ type: 'query', sql, parameters, lease: null })) as StatementResult;
    return result.rows;
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}

class WriterThreadConnection implements DatabaseConnection {
  lease: number | null = null;
  private readonly client: WriterClient;
  private readonly reads: Reads;
  constructor(client: WriterClient, reads: Reads) {
    this.client = client;
    this.reads = reads;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (this.lease === null && SelectQueryNode.is(compiled.query)) {
      return { rows: (await this.reads.all(compiled.sql, compiled.parameters)) as R[] };
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
