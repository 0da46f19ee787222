// What the read stages of the benchmark (bench/metrics.mjs, bench/overview.mjs) share: the run on each database
// (rows written through the storage layer, then the real server started on them), timing by median, and a GET that
// must answer 200.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createScratchDatabase, log, median, POSTGRES_URL, ROOT, request, startShipwatch, tempDir } from './common.mjs';

/** A module of the build (`dist/<path>`). */
export const dist = (path) => import(pathToFileURL(join(ROOT, 'dist', path)).href);

/**
 * The stage on SQLite (a file in a temporary folder), then on PostgreSQL (a scratch database; skipped with a message
 * without one). On each, `prepare(handle)` writes the rows through the storage layer (the database migrated) and
 * answers what `measure` needs, with `seconds`, the time it took to generate them; then the handle is closed, the
 * server started on the database, and `measure(dialect, server, sqlTarget, data)` answers `{ rows, ... }`
 * (`sqlTarget`: the SQLite file or the PostgreSQL URL, for `sqlRunner` of ./common.mjs). Answers every run's rows,
 * and per database the rest of what `measure` answered.
 */
export async function onEachDatabase({ stage, about, prepare, measure }) {
  const { openSqlite, openPostgres } = await dist('db/create-db.js');
  const { migrateToLatest } = await dist('db/migrate.js');
  const out = { rows: [], runs: {} };
  const run = async (dialect, handle, sqlTarget, serverOptions) => {
    await migrateToLatest(handle);
    const data = await prepare(handle);
    await handle.close();
    const server = await startShipwatch(serverOptions);
    try {
      const result = await measure(dialect, server, sqlTarget, data);
      out.rows.push(...result.rows);
      out.runs[dialect] = { generateSeconds: data.seconds, ...result, rows: undefined };
    } finally {
      await server.stop();
    }
  };

  log(`${stage} on SQLite (${about})`);
  const dir = tempDir(`shipwatch-bench-${stage}-`);
  try {
    const file = join(dir.path, 'shipwatch.db');
    await run('sqlite', openSqlite({ filename: file, synchronous: 'normal' }), file, { dataDir: dir.path });
  } finally {
    dir.remove();
  }

  if (POSTGRES_URL === undefined) {
    log(`SHIPWATCH_BENCH_DATABASE_URL / SHIPWATCH_TEST_DATABASE_URL unset: the PostgreSQL ${stage} run is SKIPPED.`);
    return out;
  }
  log(`${stage} on PostgreSQL (${about})`);
  const scratch = await createScratchDatabase();
  try {
    const handle = openPostgres({ connectionString: scratch.url, poolSize: 4 });
    await run('postgres', handle, scratch.url, { databaseUrl: scratch.url });
  } finally {
    await scratch.drop();
  }
  return out;
}

/** The median time of `calls` calls of `fn`, one after another, in milliseconds. */
export async function timeIt(calls, fn) {
  const times = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** GET `path` with the admin token; throws unless it answers 200. */
export async function getOk(server, path) {
  const res = await server.api('GET', path);
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.json)}`);
  return res;
}

/**
 * `GET /healthz` back to back until `work` settles: the longest answer, the number of answers, and `work`'s time. A
 * request that waits for the server's event loop waits for whatever holds it (on SQLite, the main thread's reads).
 */
export async function probeWhile(server, work) {
  let done = false;
  let longest = 0;
  let answers = 0;
  const probing = (async () => {
    while (!done) {
      const res = await request(server.base, { path: '/healthz' });
      longest = Math.max(longest, res.ms);
      answers += 1;
    }
  })();
  const started = performance.now();
  try {
    await work();
  } finally {
    done = true;
  }
  const ms = performance.now() - started;
  await probing;
  return { longest, answers, ms };
}
