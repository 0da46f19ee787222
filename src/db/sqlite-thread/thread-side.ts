import { parentPort, workerData } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import { openSqliteConnection, sqliteKysely, statementCache } from '../create-db.js';
import { commitInSavepoints, type JobOutcome } from '../savepoint-batch.js';
import type { Database } from '../schema.js';
import {
  type Answer,
  errorData,
  type FromWriter,
  MAX_JOBS_PER_COMMIT,
  type StatementResult,
  type ToWriter,
  type ToWriterMessage,
  type WriterData,
} from './protocol.js';

/** A job the main thread sends as data, run inside the writer's transaction (in a savepoint of its own). */
export type JobHandler = (trx: Kysely<Database>, payload: unknown) => Promise<unknown>;

/**
 * The writer thread: the one connection that writes to the SQLite file. It runs, one at a time and in the order
 * they arrive: the main thread's statements outside a transaction; a main-thread transaction (a lease: from its
 * `begin` to its `end` nothing else runs); and group commits of jobs (the receiver's deliveries): the jobs that
 * arrived meanwhile, each in a savepoint, then one commit. Each answer goes back after its statement or commit,
 * so nothing is acknowledged before it is durable.
 */
export function serveWriterThread(handlers: Readonly<Record<string, JobHandler>>): void {
  const port = parentPort;
  if (port === null) throw new Error('serveWriterThread runs in a worker thread');
  const data = workerData as WriterData;
  const sqlite = openSqliteConnection(data.filename, data.synchronous);
  const db = sqliteKysely(sqlite);
  const prepare = statementCache(sqlite);
  const answer = (message: Answer) => port.postMessage(message);
  const answerAll = (answers: readonly Answer[]) => port.postMessage(answers satisfies FromWriter);
  const fail = (id: number, error: unknown) => answer({ id, ok: false, error: errorData(error) });

  // One turn at a time: a statement, a lease, or a batch of jobs. Each waits for the one before to end.
  let turn: Promise<void> = Promise.resolve();
  const inTurn = (work: () => Promise<void> | void): Promise<void> => {
    const next = turn.then(work, work);
    turn = next.catch(() => {});
    return next;
  };
  let leaseEnded: (() => void) | null = null;
  let leaseId: number | null = null;
  const jobs: { id: number; kind: string; payload: unknown }[] = [];
  let batchQueued = false;

  function run(sql: string, parameters: readonly unknown[]): StatementResult {
    const statement = prepare(sql);
    if (statement.reader) return { rows: statement.all(parameters) as unknown[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  }

  async function runBatch(): Promise<void> {
    batchQueued = false;
    const batch = jobs.splice(0, MAX_JOBS_PER_COMMIT);
    if (jobs.length > 0) queueBatch();
    let outcomes: JobOutcome[];
    try {
      outcomes = await commitInSavepoints(db, batch, (trx, job) => {
        const handler = handlers[job.kind];
        if (handler === undefined) throw new Error(`The writer thread has no job "${job.kind}"`);
        return handler(trx, job.payload);
      });
    } catch (error) {
      for (const job of batch) fail(job.id, error);
      return;
    }
    answerAll(
      outcomes.map((outcome, i): Answer => {
        const id = (batch[i] as { id: number }).id;
        return outcome.ok ? { id, ok: true, value: outcome.value } : { id, ok: false, error: errorData(outcome.error) };
      }),
    );
  }

  function queueBatch(): void {
    if (batchQueued) return;
    batchQueued = true;
    // After the messages already received: the jobs among them join this batch.
    setImmediate(() => void inTurn(runBatch));
  }

  port.on('message', (received: ToWriterMessage) => {
    if (Array.isArray(received)) for (const message of received) handle(message);
    else handle(received as ToWriter);
  });

  function handle(message: ToWriter): void {
    switch (message.type) {
      case 'query': {
        const execute = () => {
          try {
            answer({ id: message.id, ok: true, value: run(message.sql, message.parameters) });
          } catch (error) {
            fail(message.id, error);
          }
        };
        // A statement of the open lease runs now; any other waits for its turn.
        if (message.lease !== null && message.lease === leaseId) execute();
        else void inTurn(execute);
        return;
      }
      case 'begin':
        void inTurn(
          () =>
            new Promise<void>((ended) => {
              try {
                run('begin', []);
              } catch (error) {
                fail(message.id, error);
                ended();
                return;
              }
              leaseId = message.lease;
              leaseEnded = ended;
              answer({ id: message.id, ok: true, value: null });
            }),
        );
        return;
      case 'end': {
        if (message.lease !== leaseId) {
          fail(message.id, new Error('No such transaction is open on the writer thread'));
          return;
        }
        const ended = leaseEnded;
        leaseId = null;
        leaseEnded = null;
        try {
          run(message.commit ? 'commit' : 'rollback', []);
          answer({ id: message.id, ok: true, value: null });
        } catch (error) {
          // A failed commit leaves the transaction open in SQLite: roll it back so the next turn starts clean.
          if (sqlite.inTransaction) sqlite.exec('rollback');
          fail(message.id, error);
        }
        ended?.();
        return;
      }
      case 'job':
        jobs.push({ id: message.id, kind: message.kind, payload: message.payload });
        queueBatch();
        return;
      case 'close':
        void inTurn(async () => {
          await db.destroy();
          answer({ id: message.id, ok: true, value: null });
        });
        return;
    }
  }
}
