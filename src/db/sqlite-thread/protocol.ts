/**
 * The messages between the main thread and the SQLite writer thread (src/db/sqlite-thread/). Plain data: a
 * structured clone carries them. `lease` is a main-thread transaction: between its `begin` and its `end` the writer
 * runs nothing else.
 */
export type ToWriter =
  | {
      readonly type: 'query';
      readonly id: number;
      readonly sql: string;
      readonly parameters: readonly unknown[];
      readonly lease: number | null;
    }
  | { readonly type: 'begin'; readonly id: number; readonly lease: number }
  | { readonly type: 'end'; readonly id: number; readonly lease: number; readonly commit: boolean }
  | { readonly type: 'job'; readonly id: number; readonly kind: string; readonly payload: unknown }
  | { readonly type: 'close'; readonly id: number };

/** An error, as data: its name, message and the fields the main thread decides on (`code`). */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  readonly code?: string | undefined;
}

export type Answer =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: ErrorData };

/**
 * What the writer sends back: one answer, or the answers of a whole group commit in one message (one wake-up of
 * the main thread for the batch, not one per job).
 */
export type FromWriter = Answer | readonly Answer[];

/** The main thread sends the jobs of one turn of its event loop in one message, for the same reason. */
export type ToWriterMessage = ToWriter | readonly ToWriter[];

/** The result of one statement, as Kysely's SQLite driver makes it. */
export interface StatementResult {
  readonly rows: unknown[];
  readonly numAffectedRows?: bigint;
  readonly insertId?: bigint;
}

/** What the writer thread is started with. */
export interface WriterData {
  readonly filename: string;
  readonly synchronous: 'full' | 'normal';
  /** The module (file URL) that registers the job handlers and calls `serveWriterThread`. */
  readonly entry: string;
}

/** The most jobs that share one commit (as the main thread's write queue). */
export const MAX_JOBS_PER_COMMIT = 256;

/** The code of the error every request gets when the writer thread has stopped: a 503, never a 500. */
export const WRITER_GONE = 'SHIPWATCH_WRITER_GONE';

export function errorData(error: unknown): ErrorData {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, code: typeof code === 'string' ? code : undefined };
  }
  return { name: 'Error', message: String(error) };
}
