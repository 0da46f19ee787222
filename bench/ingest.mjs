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
  const dir = tempDir('shipwatch-bench-ingest-');
  try {
    let server = await startShipwatch({ dataDir: dir.path });
    const hook = await createProjectAndHook(server);
    const ackFile = join(dir.path, 'acked.txt');
    const { result, peak, cpuMs } = await withPeakMemory(server, () =>
      load(server.base, hook.path, hook.secret, true, ackFile),
    );
    log(
      `Shipwatch on SQLite: ${result.rps.toFixed(0)} deliveries/s, p50 ${result.p50} ms, p99 ${result.p99} ms, peak RSS ${(peak / 2 ** 20).toFixed(0)} MB`,
    );
    await server.stop();
    const check = await verifySqlite(join(dir.path, 'shipwatch.db'), hook, ackFile);
    const cpuUsPerDelivery = (cpuMs * 1000) / check.acked;
    log(
      `  stored check: ${check.acked} acknowledged, ${check.missing} missing; server CPU ${cpuUsPerDelivery.toFixed(0)} µs per delivery`,
    );
    results.targets.sqlite = { ...result, peakRss: peak, check, cpuUsPerDelivery };

    // Start time on the existing database (it now holds the deliveries above).
    const starts = [];
    for (let i = 0; i < 5; i++) {
      server = await startShipwatch({ dataDir: dir.path });
      starts.push(server.readyMs);
      await server.stop();
    }
    results.startMs = { median: median(starts), all: starts, deliveries: check.stored };
    log(
      `start to /readyz 200 on an existing database (${check.stored} deliveries): median ${median(starts).toFixed(0)} ms`,
    );
  } finally {
    dir.remove();
  }
  await bareRun();

  // PostgreSQL.
  if (POSTGRES_URL === undefined) {
    log('SHIPWATCH_BENCH_DATABASE_URL / SHIPWATCH_TEST_DATABASE_URL unset: the PostgreSQL ingestion run is SKIPPED.');
    return results;
  }
  const scratch = await createScratchDatabase();
  const pgDir = tempDir('shipwatch-bench-pg-');
  try {
    const server = await startShipwatch({ databaseUrl: scratch.url });
    const hook = await createProjectAndHook(server);
    const ackFile = join(pgDir.path, 'acked.txt');
    const { result, peak, cpuMs } = await withPeakMemory(server, () =>
      load(server.base, hook.path, hook.secret, true, ackFile),
    );
    log(
      `Shipwatch on PostgreSQL: ${result.rps.toFixed(0)} deliveries/s, p50 ${result.p50} ms, p99 ${result.p99} ms, peak RSS ${(peak / 2 ** 20).toFixed(0)} MB`,
    );
    await server.stop();
    const check = await verifyPostgres(scratch.url, hook, ackFile);
    const cpuUsPerDelivery = (cpuMs * 1000) / check.acked;
    log(
      `  stored check: ${check.acked} acknowledged, ${check.missing} missing; server CPU ${cpuUsPerDelivery.toFixed(0)} µs per delivery`,
    );
    results.targets.postgres = { ...result, peakRss: peak, check, cpuUsPerDelivery };
  } finally {
    pgDir.remove();
    await scratch.drop();
  }
  await bareRun();
  return results;
}

function ackedKeys(ackFile) {
  const text = readFileSync(ackFile, 'utf8');
  return text === '' ? [] : text.split('\n');
}

async function verifySqlite(file, hook, ackFile) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(file, { readonly: true });
  try {
    const stored = new Set(db.prepare('select key from delivery_keys where webhook_id = ?').pluck().all(hook.id));
    const acked = ackedKeys(ackFile);
    return { acked: acked.length, stored: stored.size, missing: acked.filter((k) => !stored.has(k)).length };
  } finally {
    db.close();
  }
}

async function verifyPostgres(url, hook, ackFile) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = (await client.query('select key from delivery_keys where webhook_id = $1', [hook.id])).rows;
    const stored = new Set(rows.map((r) => r.key));
    const acked = ackedKeys(ackFile);
    return { acked: acked.length, stored: stored.size, missing: acked.filter((k) => !stored.has(k)).length };
  } finally {
    await client.end();
  }
}
