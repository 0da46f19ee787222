// The main thread's end of a SQLite thread (the writer, src/db/sqlite-thread/thread-side.ts, or the reader,
// reader-thread.ts): it starts the thread, numbers each request and settles it with the answer.
import { Worker } from 'node:worker_threads';
import {
  type Answer,
  type FromWriter,
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
export class WriterClient {
  #worker: Worker | null = null;
  #next = 1;
  #leases = 0;
  #jobs: ToWriter[] = [];
  readonly #waiting = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  readonly #data: WriterData;
  readonly #script: URL;
  /** `writer` or `reader`, for the error a stopped thread leaves. */
  readonly #name: string;

  constructor(data: WriterData, script: URL, name = 'writer') {
    this.#data = data;
    this.#script = script;
    this.#name = name;
  }

  /** A new transaction's number: every driver that sends to this thread takes it here, so no two share one. */
  nextLease(): number {
    this.#leases += 1;
    return this.#leases;
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
        `The SQLite ${this.#name} thread stopped: ${error instanceof Error ? error.message : String(error)}`,
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
