import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export type JobOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: unknown };

// The statements are given as SQL: they are the same on every run.
const SAVEPOINT = CompiledQuery.raw('savepoint job');
const RELEASE = CompiledQuery.raw('release savepoint job');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint job');

/**
 * One group commit on SQLite's single writer: the jobs one after another in one transaction, each in a savepoint
 * of its own (a job that fails is rolled back alone), then one commit, so one fsync for the batch. Gives each
 * job's outcome once committed; throws, with nothing committed, when the transaction cannot begin or commit. The
 * main thread's write queue (src/db/write-queue.ts) and the writer thread (src/db/sqlite-thread/) both run it.
 */
export async function commitInSavepoints<J>(
  db: Kysely<Database>,
  jobs: readonly J[],
  run: (trx: Kysely<Database>, job: J) => Promise<unknown>,
): Promise<JobOutcome[]> {
  const trx = await db.startTransaction().execute();
  const outcomes: JobOutcome[] = [];
  try {
    for (const job of jobs) {
      await trx.executeQuery(SAVEPOINT);
      try {
        const value = await run(trx, job);
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
    throw error;
  }
  return outcomes;
}
