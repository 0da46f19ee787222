// Stage 1 and 3 of the benchmark: ingestion throughput against the machine's limit (a bare node:http server),
// peak memory of the server during it, and the time from process start to /readyz 200 on an existing database.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProjectAndHook,
  createScratchDatabase,
  log,
  median,
  POSTGRES_URL,
  ROOT,
  sqlRunner,
  startShipwatch,
  tempDir,
} from './lib/common.mjs';

function runChild(script, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench', 'lib', script), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(`${script} exited ${code}`)),
    );
  });
}

async function startBare() {
  const child = spawn(process.execPath, [join(ROOT, 'bench', 'lib', 'bare-server.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve) => {
    child.stdout.once('data', (c) => resolve(JSON.parse(String(c)).port));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Samples the peak RSS (VmHWM) of a process every 200 ms while `work` runs, and the CPU time it used meanwhile.
 */
async function withPeakMemory(server, work) {
  let peak = 0;
  const cpuBefore = server.cpuMs();
  const timer = setInterval(() => {
    peak = Math.max(peak, server.memory()?.peak ?? 0);
  }, 200);
  try {
    const result = await work();
    peak = Math.max(peak, server.memory()?.peak ?? 0);
    return { result, peak, cpuMs: server.cpuMs() - cpuBefore };
  } finally {
    clearInterval(timer);
  }
}

export async function benchIngest(settings) {
  const { connections, warmupSeconds, seconds, poolSize } = settings;
  const load = (base, path, secret, unique, ackFile) =>
    runChild('load.mjs', [
      JSON.stringify({
        base,
        path,
        secret,
        connections,
        warmupSeconds,
        seconds,
        unique,
        count: unique ? poolSize : Math.min(poolSize, 5000),
        ackFile,
      }),
    ]);
  const results = { settings, bare: [], targets: {} };
  // BENCH_INGEST_TARGETS=sqlite,inline,postgres (all three unless it says): the targets to load, for a quicker
  // before-and-after of one of them. The bare server runs before each target either way.
  const wanted = new Set((process.env.BENCH_INGEST_TARGETS ?? 'sqlite,inline,postgres').split(','));

  const bareRun = async () => {
    const bare = await startBare();
    try {
      const r = await load(bare.base, '/hooks/bare', 'bare-secret', false, undefined);
      log(`bare node:http: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms`);
      results.bare.push(r);
    } finally {
      await bare.stop();
    }
  };

  // SQLite with its defaults.
  await bareRun();
  if (wanted.has('sqlite')) {
    const dir = tempDir('shipwatch-bench-ingest-');
    try {
      const server = await startShipwatch({ dataDir: dir.path });
      results.targets.sqlite = await measureTarget(load, server, 'sqlite', join(dir.path, 'shipwatch.db'), dir.path);
      const { check } = results.targets.sqlite;

      // Start time on the existing database (it now holds the deliveries above).
      const starts = [];
      for (let i = 0; i < 5; i++) {
        const restarted = await startShipwatch({ dataDir: dir.path });
        starts.push(restarted.readyMs);
        await restarted.stop();
      }
      results.startMs = { median: median(starts), all: starts, deliveries: check.stored };
      log(
        `start to /readyz 200 on an existing database (${check.stored} deliveries): median ${median(starts).toFixed(0)} ms`,
      );
    } finally {
      dir.remove();
    }
  }
  if (wanted.has('inline')) await bareRun();

  // The same load with SQLite's writes on the main thread (SHIPWATCH_SQLITE_WRITER=inline: how version 2 wrote
  // before the writer thread), for the comparison in the same run.
  if (wanted.has('inline')) {
    const inlineDir = tempDir('shipwatch-bench-inline-');
    try {
      const server = await startShipwatch({ dataDir: inlineDir.path, env: { SHIPWATCH_SQLITE_WRITER: 'inline' } });
      results.targets['sqlite, writes inline'] = await measureTarget(
        load,
        server,
        'sqlite',
        join(inlineDir.path, 'shipwatch.db'),
        inlineDir.path,
      );
    } finally {
      inlineDir.remove();
    }
  }

  // PostgreSQL.
  if (!wanted.has('postgres')) return results;
  if (POSTGRES_URL === undefined) {
    log('SHIPWATCH_BENCH_DATABASE_URL / SHIPWATCH_TEST_DATABASE_URL unset: the PostgreSQL ingestion run is SKIPPED.');
    return results;
  }
  const scratch = await createScratchDatabase();
  const pgDir = tempDir('shipwatch-bench-pg-');
  try {
    const server = await startShipwatch({ databaseUrl: scratch.url });
    results.targets.postgres = await measureTarget(load, server, 'postgres', scratch.url, pgDir.path);
  } finally {
    pgDir.remove();
    await scratch.drop();
  }
  await bareRun();
  return results;
}

/**
 * The load (`load` of `benchIngest`) on a started server, to a new project's pinged webhook, with the server's peak
 * memory and CPU time; then the server is stopped and every delivery answered 200 (listed in a file in `dir`) is
 * looked up in its database (`sqlTarget`: the SQLite file or the PostgreSQL URL).
 */
async function measureTarget(load, server, dialect, sqlTarget, dir) {
  const hook = await createProjectAndHook(server);
  const ackFile = join(dir, 'acked.txt');
  const { result, peak, cpuMs } = await withPeakMemory(server, () =>
    load(server.base, hook.path, hook.secret, true, ackFile),
  );
  log(
    `Shipwatch on ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: ${result.rps.toFixed(0)} deliveries/s, p50 ${result.p50} ms, p99 ${result.p99} ms, peak RSS ${(peak / 2 ** 20).toFixed(0)} MB`,
  );
  await server.stop();
  const check = await verifyStored(dialect, sqlTarget, hook, ackFile);
  const cpuUsPerDelivery = (cpuMs * 1000) / check.acked;
  log(
    `  stored check: ${check.acked} acknowledged, ${check.missing} missing; server CPU ${cpuUsPerDelivery.toFixed(0)} µs per delivery`,
  );
  return { ...result, peakRss: peak, check, cpuUsPerDelivery };
}

/** Of the delivery keys in `ackFile` (answered 200), how many the webhook's `delivery_keys` lack. */
async function verifyStored(dialect, target, hook, ackFile) {
  const sql = await sqlRunner(dialect, target);
  try {
    const rows = await sql.run(`select key from delivery_keys where webhook_id = ${sql.placeholder(1)}`, [hook.id]);
    const stored = new Set(rows.map((r) => r.key));
    const text = readFileSync(ackFile, 'utf8');
    const acked = text === '' ? [] : text.split('\n');
    return { acked: acked.length, stored: stored.size, missing: acked.filter((k) => !stored.has(k)).length };
  } finally {
    await sql.close();
  }
}
