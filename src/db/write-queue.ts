import type { Kysely } from 'kysely';
import type { DatabaseHandle } from './create-db.js';
import { commitInSavepoints, type JobOutcome } from './savepoint-batch.js';
import type { Database } from './schema.js';
import type { WriteBatch } from './statement-batch.js';
import { isDatabaseUnavailable } from './unavailable.js';

/** Runs write jobs, each atomically; its promise settles only after the job's data is committed. */
export interface WriteQueue {
  run<T>(job: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * A job that can travel as data: with a SQLite writer thread (`DatabaseHandle.runJob`) it runs there, as `kind`
   * with `payload`, in the thread's group commit; elsewhere `inline` runs through this queue. Same answer either way.
   */
  job<T>(kind: string, payload: unknown, inline: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
}

interface Job {
  fn(trx: Kysely<Database>): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

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
 * Group commit: the jobs that arrive while a batch is under way share the next transaction and its one commit, and
 * every job's promise settles after that commit, so nothing is acknowledged before it is durable. How a batch runs
 * is the dialect's (`Dialect.groupCommit`):
 *
 * - SQLite (`savepoints`): one job after another, each inside a savepoint of its own (a job that fails is rolled
 *   back alone); with `synchronous=FULL` that is one fsync for the whole batch instead of one per delivery.
 * - PostgreSQL (`interleaved`): the jobs at once on one connection (`handle.openWriteBatch`), which sends the
 *   statements they issue in the same turn of the event loop in one round trip (src/db/statement-batch.ts): the
 *   round trips are paid per batch, not per job. Conflicts between jobs, and with other processes, are settled
 *   by the database (ON CONFLICT DO NOTHING), as between concurrent transactions. A failed statement aborts the
 *   whole transaction, so if any job fails the batch is rolled back and each of its jobs runs again in a
 *   transaction of its own (they are idempotent, and nothing of the batch was committed): a job never fails
 *   because another of its batch did. If the database is out of reach, every job fails at once (503).
 */
export function createWriteQueue(handle: DatabaseHandle, options: WriteQueueOptions = {}): WriteQueue {
  const arriving = options.arriving ?? (() => 0);
  const gatherMs = options.gatherMs ?? GATHER_MS;
  let pending: Job[] = [];
  let draining = false;
  let scheduled = false;
  let gatherStarted = 0;

  async function runInterleaved(batch: Job[]): Promise<void> {
    const rejectAll = (error: unknown) => {
      for (const job of batch) job.reject(error);
    };
    let writeBatch: WriteBatch;
    try {
      if (handle.openWriteBatch === undefined) throw new Error('This database opens no write batch');
      writeBatch = await handle.openWriteBatch();
    } catch (error) {
      // No connection, or no transaction on it: a transaction per job would fare no better.
      rejectAll(error);
      return;
    }
    const outcomes = await Promise.allSettled(batch.map((job) => job.fn(writeBatch.db)));
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    const lost = failures.find(isDatabaseUnavailable);
    if (lost !== undefined) {
      // The database is out of reach (or a statement timed out): nothing was committed, and a transaction per job
      // would only wait for the same timeouts again. Each job fails with it (503), at once.
      writeBatch.discard();
      rejectAll(lost);
      return;
    }
    if (failures.length === 0) {
      try {
        await writeBatch.commit();
        batch.forEach((job, i) => {
          job.resolve((outcomes[i] as PromiseFulfilledResult<unknown>).value);
        });
        return;
      } catch (error) {
        // Whether a commit cut off by a lost connection took effect is unknown: not acknowledged (503).
        if (isDatabaseUnavailable(error)) {
          rejectAll(error);
          return;
        }
      }
    } else {
      await writeBatch.rollback().catch(() => {});
    }
    // A job failed (refused, a constraint, a deadlock with another process): each job again, in a transaction of
    // its own, so that none fails because another did.
    await Promise.all(batch.map((job) => handle.db.transaction().execute(job.fn).then(job.resolve, job.reject)));
  }

  async function runWithSavepoints(batch: Job[]): Promise<void> {
    let outcomes: JobOutcome[];
    try {
      outcomes = await commitInSavepoints(handle.db, batch, (trx, job) => job.fn(trx));
    } catch (error) {
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
      await (handle.dialect.groupCommit === 'interleaved' ? runInterleaved(batch) : runWithSavepoints(batch));
    } finally {
      draining = false;
      // The next batch gathers too: requests that arrived during this one's statements reach the queue now.
      if (pending.length > 0) schedule();
    }
  }

  function run<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      schedule();
    });
  }
  const runJob = handle.runJob;
  return {
    run,
    job:
      runJob === undefined
        ? (_kind, _payload, inline) => run(inline)
        : (kind, payload) => runJob(kind, payload) as never,
  };
}
