// Shared by the benchmark's stages: spawning the real server, its memory, HTTP, PostgreSQL scratch databases, SQL run
// on a stage's database outside the server.
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'index.js');
export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
export const SECRET_KEY = Buffer.alloc(32, 5).toString('base64');
export const POSTGRES_URL = process.env.SHIPWATCH_BENCH_DATABASE_URL ?? process.env.SHIPWATCH_TEST_DATABASE_URL;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const log = (text) => process.stderr.write(`[bench] ${text}\n`);

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix) {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** VmRSS and VmHWM (peak) of a process, in bytes. */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return null;
  }
}

/**
 * CPU time (user + system) a process has used so far, in milliseconds, from /proc/<pid>/stat (clock ticks of
 * 10 ms on Linux). Unlike a rate, it hardly depends on what else the machine runs.
 */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

export function request(base, { method = 'GET', path, headers = {}, body, timeoutMs = 120_000 }) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, body: Buffer.concat(chunks), ms: performance.now() - started }),
      );
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Starts `node dist/cli/index.js serve` and waits for /readyz 200. `readyMs` is the time from spawn to the
 * first 200 (polled every 5 ms).
 */
export async function startShipwatch({
  dataDir,
  databaseUrl,
  env = {},
  // BENCH_PROFILE_DIR=<dir>: every server process writes a V8 CPU profile there when it stops (open it in
  // Chrome DevTools); the figures of such a run are slower than without.
  nodeArgs = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [],
}) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run bench\` (it builds first).`);
  const port = await freePort();
  const childEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    SHIPWATCH_ADMIN_TOKEN: ADMIN_TOKEN,
    // The server's own default log level (info: one access-log line per request) unless BENCH_LOG_LEVEL says.
    ...(process.env.BENCH_LOG_LEVEL ? { SHIPWATCH_LOG_LEVEL: process.env.BENCH_LOG_LEVEL } : {}),
    // BENCH_NODE_OPTIONS: node options for the server processes only (a preload that times statements, say).
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
    ...(databaseUrl === undefined
      ? { SHIPWATCH_DATA_DIR: dataDir }
      : { DATABASE_URL: databaseUrl, SHIPWATCH_SECRET_KEY: SECRET_KEY, SHIPWATCH_DATA_DIR: tmpdir() }),
    ...env,
  };
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, CLI, 'serve'], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString('utf8')).slice(-32768);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let running = true;
  const exited = new Promise((resolve) =>
    child.once('exit', () => {
      running = false;
      resolve();
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  const server = {
    base,
    port,
    pid: child.pid,
    readyMs: 0,
    output: () => output,
    memory: () => memoryOf(child.pid),
    cpuMs: () => cpuMsOf(child.pid),
    async stop() {
      if (running) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    async api(method, path, body) {
      const res = await request(base, {
        method,
        path,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return {
        status: res.status,
        ms: res.ms,
        json: res.body.length > 0 ? JSON.parse(res.body.toString('utf8')) : null,
      };
    },
  };
  const deadline = Date.now() + 120_000;
  while (true) {
    if (!running) throw new Error(`the server exited before it was ready:\n${output}`);
    try {
      const res = await request(base, { path: '/readyz', timeoutMs: 2000 });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`the server was not ready within 120 s:\n${output}`);
    }
    await sleep(5);
  }
  server.readyMs = performance.now() - started;
  return server;
}

export async function createProjectAndHook(server, provider = 'github') {
  const project = await server.api('POST', '/api/projects', { name: `bench ${randomBytes(3).toString('hex')}` });
  if (project.status !== 201) throw new Error(`POST /api/projects answered ${project.status}`);
  const hook = await server.api('POST', `/api/projects/${project.json.id}/webhooks`, { provider });
  if (hook.status !== 201) throw new Error(`POST webhooks answered ${hook.status}`);
  // GitHub pings a webhook when it is created: the ping verifies it before any deployment arrives.
  const ping = '{"zen":"Keep it logically awesome.","hook_id":1,"hook":{"events":["deployment_status","push"]}}';
  const path = new URL(hook.json.url).pathname;
  const pinged = await request(server.base, {
    method: 'POST',
    path,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': `ping-${randomBytes(8).toString('hex')}`,
      'x-hub-signature-256': `sha256=${createHmac('sha256', hook.json.secret).update(ping).digest('hex')}`,
    },
    body: ping,
  });
  if (pinged.status !== 200) throw new Error(`the ping answered ${pinged.status}`);
  return {
    projectId: project.json.id,
    id: hook.json.id,
    path: new URL(hook.json.url).pathname,
    secret: hook.json.secret,
  };
}

/** A scratch PostgreSQL database (`shipwatch_bench_<random>`), dropped after; never touches the cluster itself. */
export async function createScratchDatabase() {
  const { default: pg } = await import('pg');
  const name = `shipwatch_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * Runs hand-written SQL on the stage's database, outside the server: better-sqlite3 on the file (read only, each
 * statement prepared once) or a `pg` client. `run(sql, values)` answers the rows; `placeholder(n)` is the dialect's
 * n-th parameter (`?` on SQLite, positional: a value used twice is passed twice; `$n` on PostgreSQL).
 */
export async function sqlRunner(dialect, target) {
  if (dialect === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(target, { readonly: true });
    const cache = new Map();
    return {
      placeholder: () => '?',
      async run(sql, values) {
        let stmt = cache.get(sql);
        if (stmt === undefined) {
          stmt = db.prepare(sql);
          cache.set(sql, stmt);
        }
        return stmt.all(...values);
      },
      close: async () => db.close(),
    };
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  return {
    placeholder: (n) => `$${n}`,
    run: async (sql, values) => (await client.query(sql, values)).rows,
    close: () => client.end(),
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
