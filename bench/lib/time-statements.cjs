// A preload that times every SQLite statement the server runs, by SQL text, on each thread (the main thread and
// the writer thread): BENCH_NODE_OPTIONS="--require ./bench/lib/time-statements.cjs" (an absolute path is safer).
// Each thread writes what it measured to the system's temporary folder as statement-times-<pid>-<thread>.json,
// every 2 s and at exit: the statements by total time, with their count.
// The times are wall-clock: a COMMIT's includes its fsync. For measuring only; never loaded by the server itself.
const { performance } = require('node:perf_hooks');
const { threadId } = require('node:worker_threads');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

const Sqlite = require('better-sqlite3');
const probe = new Sqlite(':memory:');
const Statement = Object.getPrototypeOf(probe.prepare('select 1'));
probe.close();

const times = new Map();
for (const method of ['run', 'all', 'get', 'iterate']) {
  const original = Statement[method];
  Statement[method] = function timed(...args) {
    const started = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      const sql = this.source.replace(/\s+/g, ' ').slice(0, 200);
      const entry = times.get(sql) ?? { count: 0, ms: 0 };
      entry.count += 1;
      entry.ms += performance.now() - started;
      times.set(sql, entry);
    }
  };
}

const file = join(tmpdir(), `statement-times-${process.pid}-${threadId}.json`);
function write() {
  const rows = [...times].map(([sql, t]) => ({ sql, ...t })).sort((a, b) => b.ms - a.ms);
  writeFileSync(file, JSON.stringify(rows, null, 1));
}
process.on('exit', write);
setInterval(write, 2000).unref();
