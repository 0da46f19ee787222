import { CompiledQuery, type Kysely } from 'kysely';
import type { DatabaseHandle } from './create-db.js';
import type { Database } from './schema.js';

/** Runs write jobs, each atomically; its promise settles only after the job's data is committed. */
export interface WriteQueue {
  run<T>(job: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
}

interface Job {
  fn(trx: Kysely<Database>): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

// Each job runs inside a savepoint of its own; the statements are given as SQL, they are the same on every run.
const SAVEPOINT = CompiledQuery.raw('savepoint job');
const RELEASE = CompiledQuery.raw('release savepoint job');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint job');

/** At most this many deliveries share one commit, so the first of a batch does not wait too long. */
export const MAX_BATCH = 256;

/**
 * The longest a batch waits for requests that are still on their way to the queue (body being read, signature
 * being checked). better-sqlite3 runs each statement, and the commit's fsync, synchronously on the event loop:
 * no request reaches the queue while a batch runs, so a batch that started at once would hold one delivery (one
 * fsync each). A batch waits only while requests are still arriving, and never longer than this.
 */
export const GATHER_MS = 2;

export interface WriteQueueOptions {
  /**
   * How many requests have been received but not yet queued their write (the receiver counts them). A batch
   * starts as soon as this is 0, or after GATHER_MS. Without it, a batch starts after one turn of the event loop.
   */
  readonly arriving?: () => number;
  /** The longest wait for them; GATHER_MS unless a test says otherwise. */
  readonly gatherMs?: number;
}

/**
 * Group commit, where the dialect asks for it (`Dialect.groupCommit`). On SQLite (one writer), the jobs that arrive while a commit is under way are run together in
 * the next transaction, each inside a savepoint of its own (a job that fails is rolled back alone), and the
 * transaction is committed once: with `synchronous=FULL` that is one fsync for the whole batch instead of one
 * per delivery. Every job's promise settles after that commit, so nothing is acknowledged before it is durable.
 * On PostgreSQL, each job is its own transaction: the pool runs them concurrently, and conflicts between them
 * are settled by the database (ON CONFLICT DO NOTHING), never by aborting another job.
 */
export function createWriteQueue(handle: DatabaseHandle, options: WriteQueueOptions = {}): WriteQueue {
  if (!handle.dialect.groupCommit) {
    return { run: (job) => handle.db.transaction().execute(job) };
  }
  const arriving = options.arriving ?? (() => 0);
  const gatherMs = options.gatherMs ?? GATHER_MS;
  let pending: Job[] = [];
  let draining = false;
  let scheduled = false;
  let gatherStarted = 0;

  async function runBatch(batch: Job[]): Promise<void> {
    let trx: Awaited<ReturnType<ReturnType<Kysely<Database>['startTransaction']>['execute']>>;
    try {
      trx = await handle.db.startTransaction().execute();
    } catch (error) {
      for (const job of batch) job.reject(error);
      return;
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      for (const job of batch) {
        await trx.executeQuery(SAVEPOINT);
        try {
          const value = await job.fn(trx);
          await trx.executeQuery(RELEASE);
          outcomes.push({ ok: true, value });
        } catch (error) {
          await trx.executeQuery(ROLLBACK_TO);
          await trx.executeQuery(RELEASE);
          outcomes.push({ ok: false, error });
        }
      }
      await trx.commit().execute();
    } catch (error) {
      await trx
        .rollback()
        .execute()
        .catch(() => {});
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok === true) job.resolve(outcome.value);
      else job.reject(outcome?.error);
    });
  }

  function schedule(): void {
    if (scheduled || draining) return;
    scheduled = true;
    gatherStarted = performance.now();
    setImmediate(gather);
  }

  /** Runs once per turn of the event loop, after its I/O: starts the batch when nothing more is on its way. */
  function gather(): void {
    if (pending.length < MAX_BATCH && arriving() > 0 && performance.now() - gatherStarted < gatherMs) {
      setImmediate(gather);
      return;
    }
    void drain();
  }

  async function drain(): Promise<void> {
    scheduled = false;
    draining = true;
    try {
      const batch = pending.slice(0, MAX_BATCH);
      pending = pending.slice(batch.length);
      await runBatch(batch);
    } finally {
      draining = false;
      // The next batch gathers too: requests that arrived during this one's statements reach the queue now.
      if (pending.length > 0) schedule();
    }
  }

  return {
    run<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
  };
}
