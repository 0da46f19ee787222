import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHttpClient, type HttpClient } from './http.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'index.js');
export const ADMIN_TOKEN = 'reliability-admin-token-0123456789';
/** The base64 text of 32 bytes, as SHIPWATCH_SECRET_KEY wants it (PostgreSQL runs). */
export const SECRET_KEY = Buffer.alloc(32, 9).toString('base64');

export function assertBuilt(): void {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run the suite with \`npm run test:reliability\` (it builds first).`);
}

/** A port free right now on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no port'));
        else resolve(address.port);
      });
    });
  });
}

export function tempDir(prefix: string, parent: string = tmpdir()): { path: string; remove(): void } {
  const path = mkdtempSync(join(parent, prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface ServerOptions {
  /** SQLite data folder; ignored when databaseUrl is set. */
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly env?: Record<string, string>;
  readonly port?: number;
  /** How long to wait for /readyz (ms). */
  readonly readyTimeoutMs?: number;
}

export interface ServerProcess {
  readonly port: number;
  readonly base: string;
  readonly pid: number;
  readonly child: ChildProcess;
  readonly client: HttpClient;
  /** The last 64 KiB the process printed, for diagnostics. */
  output(): string;
  alive(): boolean;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), then SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** Resident set size now and its peak (VmRSS, VmHWM) in bytes, from /proc. */
  memory(): { rss: number; peak: number } | null;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
}

/** Starts `node dist/cli/index.js serve` as a real process and waits for /readyz 200. */
export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  assertBuilt();
  const port = options.port ?? (await freePort());
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    SHIPWATCH_ADMIN_TOKEN: ADMIN_TOKEN,
    SHIPWATCH_LOG_LEVEL: 'warn',
    SHIPWATCH_PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...(options.databaseUrl === undefined
      ? { SHIPWATCH_DATA_DIR: options.dataDir ?? tempDir('shipwatch-rel-').path }
      : { DATABASE_URL: options.databaseUrl, SHIPWATCH_SECRET_KEY: SECRET_KEY, SHIPWATCH_DATA_DIR: tmpdir() }),
    ...options.env,
  };
  const child = spawn(process.execPath, [CLI, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-65536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const client = createHttpClient(base, { connections: 64 });
  const pid = child.pid as number;
  const server: ServerProcess = {
    port,
    base,
    pid,
    child,
    client,
    output: () => out,
    alive: () => running,
    exited,
    async kill() {
      if (running) child.kill('SIGKILL');
      await exited;
      client.destroy();
    },
    async stop() {
      if (running) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      client.destroy();
    },
    memory: () => readMemory(pid),
    async api(method, path, body) {
      const res = await client.request({
        method,
        path,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: res.body.length > 0 ? JSON.parse(res.body.toString('utf8')) : null };
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (true) {
    if (!running) throw new Error(`the server exited before it was ready:\n${out}`);
    try {
      const res = await client.request({ method: 'GET', path: '/readyz', timeoutMs: 2000 });
      if (res.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.kill();
      throw new Error(`the server was not ready within the timeout:\n${out}`);
    }
    await sleep(25);
  }
}

export function readMemory(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return null;
  }
}

export interface Hook {
  readonly projectId: string;
  readonly id: string;
  readonly path: string;
  readonly secret: string;
}

/** A project (optionally reused) and a webhook of a provider, through the management API. */
export async function createHook(server: ServerProcess, provider: string, projectId?: string): Promise<Hook> {
  let project = projectId;
  if (project === undefined) {
    const made = await server.api<{ id: string }>('POST', '/api/projects', {
      name: `reliability ${randomBytes(3).toString('hex')}`,
    });
    if (made.status !== 201) throw new Error(`POST /api/projects answered ${made.status}`);
    project = made.json.id;
  }
  const hook = await server.api<{ id: string; url: string; secret: string }>(
    'POST',
    `/api/projects/${project}/webhooks`,
    { provider },
  );
  if (hook.status !== 201) throw new Error(`POST webhooks answered ${hook.status}: ${JSON.stringify(hook.json)}`);
  return { projectId: project, id: hook.json.id, path: new URL(hook.json.url).pathname, secret: hook.json.secret };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
