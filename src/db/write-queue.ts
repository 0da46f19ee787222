import type { Kysely } from 'kysely';
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

/** At most this many deliveries share one commit, so the first of a batch does not wait too long. */
export const MAX_BATCH = 256;

/**
 * How long a batch gathers jobs before it starts. better-sqlite3 runs each statement, and the commit's fsync,
 * synchronously on the event loop: without a pause no other request reaches the queue while a batch runs, and
 * every batch would hold one delivery (one fsync each).
 */
export const GATHER_MS = 2;

/**
 * Group commit. On SQLite (one writer), the jobs that arrive while a commit is under way are run together in
 * the next transaction, each inside a savepoint of its own (a job that fails is rolled back alone), and the
 * transaction is committed once: with `synchronous=FULL` that is one fsync for the whole batch instead of one
 * per delivery. Every job's promise settles after that commit, so nothing is acknowledged before it is durable.
 * On PostgreSQL, each job is its own transaction: the pool runs them concurrently, and conflicts between them
 * are settled by the database (ON CONFLICT DO NOTHING), never by aborting another job.
 */
export function createWriteQueue(handle: DatabaseHandle): WriteQueue {
  if (handle.dialect === 'postgres') {
    return { run: (job) => handle.db.transaction().execute(job) };
  }
  let pending: Job[] = [];
  let draining = false;
  let scheduled = false;

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
        const point = await trx.savepoint('job').execute();
        try {
          const value = await job.fn(point);
          await point.releaseSavepoint('job').execute();
          outcomes.push({ ok: true, value });
        } catch (error) {
          await point.rollbackToSavepoint('job').execute();
          await point.releaseSavepoint('job').execute();
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
    setTimeout(() => void drain(), GATHER_MS);
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
