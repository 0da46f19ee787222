// The SQLite writer thread's first module when Shipwatch runs from its TypeScript sources (the tests): Node.js 20
// cannot load TypeScript in a worker thread, so this registers tsx (a development dependency) in the thread, then
// loads the entry. A built server starts the thread on the entry's compiled JavaScript and never loads this.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
