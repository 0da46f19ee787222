// The SQLite reader thread's module (src/db/sqlite-thread/main-side.ts, `DatabaseHandle.reports`): a connection of
// its own that runs the long reads of the figures off the main thread. It serves the writer thread's protocol with
// no jobs, and is only ever sent selects outside a transaction; it never writes.
import { serveWriterThread } from './thread-side.js';

serveWriterThread({});
