// The SQLite writer thread's module (src/db/sqlite-thread/): the jobs the receiver sends it as data, run with the
// same use cases as on the main thread. src/runtime.ts and the CLI name this file when they open the database.
import { sqliteDialect } from '../db/dialect/sqlite.js';
import { serveWriterThread } from '../db/sqlite-thread/thread-side.js';
import { type DeliveryJob, type RejectedJob, storeDelivery, storeRejected } from './receive-delivery.js';

serveWriterThread({
  delivery: (trx, payload) => storeDelivery(trx, sqliteDialect, payload as DeliveryJob),
  rejected: (trx, payload) => storeRejected(trx, payload as RejectedJob),
});
