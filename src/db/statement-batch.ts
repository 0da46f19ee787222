import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  type PostgresPool,
  type PostgresPoolClient,
  type QueryResult,
} from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.js';
import { withLiterals } from './sql-literals.js';
import { isDatabaseUnavailable } from './unavailable.js';

/** What Kysely's PostgreSQL driver calls on a pooled client. */
export interface BatchingClient {
  query(text: string, values?: readonly unknown[]): Promise<pg.QueryResult>;
  release(destroy?: boolean): void;
  /** Fails what waits to be sent, and every later query, with `error` (the connection is gone). */
  close(error: unknown): void;
}

interface Pending {
  readonly text: string;
  readonly values: readonly unknown[];
  resolve(result: pg.QueryResult): void;
  reject(error: unknown): void;
}

/**
 * A pooled client whose statements issued in the same turn of the event loop go to PostgreSQL in one round trip.
 *
 * The write queue (src/db/write-queue.ts) runs the jobs of a batch at once on one connection: each job awaits its
 * statements one after another, so the jobs move in step and issue their next statement in the same turn. Those
 * statements are sent as one multi-statement text (the simple query protocol), their values written in as
 * literals, and PostgreSQL runs them in order, in the batch's transaction, and answers each: one round trip for
 * the step of every job instead of one per job. A statement alone in its turn, or with a value that is not a
 * plain string, number, boolean or null, is sent as it came (a named prepared statement, src/db/prepared.ts).
 *
 * Statements issued while a round trip is under way wait for it and go together in the next one (pg would queue
 * them anyway: a connection answers one query at a time).
 *
 * A failing statement fails every statement sent with it (PostgreSQL skips the rest of the text and the
 * transaction is aborted): the write queue then runs each job of the batch again in a transaction of its own.
 */
export function batchingClient(client: pg.PoolClient, onFailure?: (error: unknown) => void): BatchingClient {
  let pending: Pending[] = [];
  /** A flush is scheduled, or its round trips are under way: what is issued meanwhile waits for the next one. */
  let busy = false;
  let closedBy: { error: unknown } | null = null;

  /** Sends one group (one round trip) and settles its members; pg is given one query at a time. */
  async function send(members: readonly Pending[], texts: readonly string[]): Promise<void> {
    const first = members[0] as Pending;
    try {
      if (members.length === 1) {
        first.resolve(await client.query(first.text, [...first.values]));
        return;
      }
      // One result per statement, in order (pg gives an array when the text holds more than one).
      const results = (await client.query(texts.join(';\n'))) as unknown as pg.QueryResult[];
      members.forEach((member, i) => {
        const result = results[i];
        if (result === undefined) member.reject(new Error('A batched statement got no result'));
        else member.resolve(result);
      });
    } catch (error) {
      onFailure?.(error);
      for (const member of members) member.reject(error);
    }
  }

  async function flush(): Promise<void> {
    const queries = pending;
    pending = [];
    if (closedBy !== null) {
      for (const query of queries) query.reject(closedBy.error);
      busy = false;
      return;
    }
    let members: Pending[] = [];
    let texts: string[] = [];
    for (const query of queries) {
      const text = query.values.length === 0 ? query.text : withLiterals(query.text, query.values);
      if (text === null) {
        // Sent on its own, after what came before it and before what comes after: the order is kept.
        if (members.length > 0) await send(members, texts);
        await send([query], []);
        members = [];
        texts = [];
      } else {
        members.push(query);
        texts.push(text);
      }
    }
    if (members.length > 0) await send(members, texts);
    if (pending.length > 0) setImmediate(flush);
    else busy = false;
  }

  return {
    query(text, values = []) {
      return new Promise<pg.QueryResult>((resolve, reject) => {
        pending.push({ text, values, resolve, reject });
        if (!busy) {
          busy = true;
          setImmediate(flush);
        }
      });
    },
    release: (destroy) => client.release(destroy),
    close(error) {
      closedBy ??= { error };
      const queries = pending;
      pending = [];
      for (const query of queries) query.reject(error);
    },
  };
}

/** One batch of the write queue on PostgreSQL: one connection, in a transaction (src/db/write-queue.ts). */
export interface WriteBatch {
  /**
   * The batch's connection, for its jobs to run on at once: unlike a Kysely transaction, which runs one statement
   * at a time, it sends every statement as soon as it is issued, so the jobs' statements of one turn go together.
   */
  readonly db: Kysely<Database>;
  commit(): Promise<void>;
  /** Rolls back and gives the connection back (destroyed if the rollback failed). */
  rollback(): Promise<void>;
  /**
   * Gives the connection back destroyed, with no round trip: for a connection that lost its database or timed out
   * (PostgreSQL rolls back the transaction of a connection that goes).
   */
  discard(): void;
}

/** The statements that change rows, whose count Kysely reports as `numAffectedRows` (as its own pg driver does). */
const COUNTED = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/**
 * Takes a connection from `pool` and begins the batch's transaction on it. `base` is the handle's Kysely: the
 * batch's shares its query compiler and adapter (so its dialect, src/db/dialect/, and its prepared queries,
 * src/db/prepared.ts), with the batch's connection in place of the pool.
 */
export async function openWriteBatch(pool: pg.Pool, base: Kysely<Database>, dialect: Dialect): Promise<WriteBatch> {
  const client = batchingClient(await pool.connect());
  let released = false;
  const release = (destroy: boolean) => {
    if (released) return;
    released = true;
    client.release(destroy);
  };
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const { command, rowCount, rows } = await client.query(query.sql, query.parameters);
      const result = { rows: (rows ?? []) as R[] };
      return COUNTED.has(command) ? { ...result, numAffectedRows: BigInt(rowCount ?? 0) } : result;
    },
    streamQuery() {
      throw new Error('A write batch does not stream');
    },
  };
  const db = new Kysely<Database>({
    config: { dialect },
    dialect,
    driver: refusingDriver,
    executor: base.getExecutor().withConnectionProvider({ provideConnection: (consume) => consume(connection) }),
  });
  try {
    await client.query('begin');
  } catch (error) {
    release(true);
    throw error;
  }
  return {
    db,
    async commit() {
      try {
        const result = await client.query('commit');
        // PostgreSQL completes COMMIT with a ROLLBACK tag if an earlier statement left the transaction aborted.
        if (result.command === 'ROLLBACK') throw new Error('The batch was rolled back: a statement of it failed');
        release(false);
      } catch (error) {
        release(true);
        throw error;
      }
    },
    async rollback() {
      try {
        await client.query('rollback');
        release(false);
      } catch (error) {
        release(true);
        throw error;
      }
    },
    discard: () => release(true),
  };
}

/** The batch's Kysely runs statements only: its jobs open no transaction of their own. */
const refusingDriver: Driver = {
  init: async () => {},
  acquireConnection: () => Promise.reject(new Error('A write batch runs statements only')),
  beginTransaction: () => Promise.reject(new Error('A write batch is already a transaction')),
  commitTransaction: () => Promise.reject(new Error('A write batch commits once, in the write queue')),
  rollbackTransaction: () => Promise.reject(new Error('A write batch rolls back once, in the write queue')),
  releaseConnection: async () => {},
  destroy: async () => {},
};

/**
 * A pool of one connection for the receiver's look-ups on PostgreSQL (`DatabaseHandle.reader`): every caller
 * shares it, so the look-ups of the requests that arrive in one turn of the event loop go to PostgreSQL in one
 * round trip, where each took a connection of the pool and a round trip of its own. It is taken from `pool` at
 * first use; one that loses its database is given back destroyed, and the next caller takes a new one.
 */
export function sharedBatchingPool(pool: pg.Pool): PostgresPool {
  let shared: Promise<{ retire: () => void; batching: PostgresPoolClient }> | null = null;
  const take = () => {
    const taking = pool.connect().then((client) => {
      let dropped = false;
      const drop = (error: unknown) => {
        if (dropped) return;
        dropped = true;
        if (shared === taking) shared = null;
        // The look-ups still waiting for it fail as the one that found it gone did (503), not as a closed client.
        batching.close(error);
        client.release(true);
      };
      // A connection that breaks while idle goes at once, as the pool drops its own idle ones; one that breaks
      // under a query goes when the query fails.
      client.once('error', drop);
      client.once('end', () => drop(new Error('Connection terminated')));
      const batching = batchingClient(client, (error) => {
        if (isDatabaseUnavailable(error)) drop(error);
      });
      // Kysely gives a connection back after each query: the shared one stays out of the pool.
      const retire = () => {
        if (dropped) return;
        dropped = true;
        client.release();
      };
      // pg's results are what Kysely's driver reads (it names only the commands it looks at); no cursors here.
      const kept = { query: batching.query, release: () => {} } as unknown as PostgresPoolClient;
      return { retire, batching: kept };
    });
    // A failed connect is not kept: the next caller tries again.
    taking.catch(() => {
      if (shared === taking) shared = null;
    });
    shared = taking;
    return taking;
  };
  return {
    connect: async () => (await (shared ?? take())).batching,
    async end() {
      const held = shared;
      shared = null;
      if (held !== null) (await held.catch(() => null))?.retire();
    },
  };
}
