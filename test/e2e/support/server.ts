import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'index.js');
const READY_WITHIN_MS = 30_000;
const STOP_WITHIN_MS = 5_000;

/** A real `shipwatch serve` process on a temporary SQLite database, with a random admin token. */
export interface E2eServer {
  /** http://127.0.0.1:<port>, also its SHIPWATCH_PUBLIC_URL. */
  readonly base: string;
  readonly adminToken: string;
  /** What the process printed (the last 64 KiB), for failure messages. */
  output(): string;
  /** The management API with the admin token as a bearer token. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
  /** SIGTERM, then SIGKILL after a bound; removes the data folder. */
  stop(): Promise<void>;
}

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

async function waitReady(base: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited before it was ready:\n${output()}`);
    }
    try {
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    // Poll again once the process has had a moment (bounded by the deadline above).
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server was not ready within ${READY_WITHIN_MS} ms:\n${output()}`);
}

/** `port` and `env`: for a test that must know the server's URL before it starts (an OpenID provider's client). */
export async function startServer(options: { port?: number; env?: Record<string, string> } = {}): Promise<E2eServer> {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} is missing: run the browser tests with \`npm run test:e2e\` (it builds first).`);
  }
  if (!existsSync(join(ROOT, 'dist', 'web', 'index.html'))) {
    throw new Error('dist/web/index.html is missing: run the browser tests with `npm run test:e2e` (it builds first).');
  }
  const port = options.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'shipwatch-e2e-'));
  const adminToken = randomBytes(16).toString('hex');
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? tmpdir(),
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      SHIPWATCH_DATA_DIR: dataDir,
      SHIPWATCH_PUBLIC_URL: base,
      SHIPWATCH_ADMIN_TOKEN: adminToken,
      SHIPWATCH_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-65_536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;

  const stop = async () => {
    if (running()) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (running()) child.kill('SIGKILL');
      }, STOP_WITHIN_MS);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitReady(base, child, () => out);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    base,
    adminToken,
    output: () => out,
    async api<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      return { status: res.status, json: (text ? JSON.parse(text) : null) as T };
    },
    stop,
  };
}
