#!/usr/bin/env node
// The first thing `npm start` and `npm test` run, before node_modules may exist: only Node's built-ins here.
// It installs (npm ci) when node_modules is missing or older than package-lock.json, builds when the build is
// missing or older than its sources, then runs the command. A second start does neither and starts in about a second.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (text) => process.stderr.write(`[shipwatch] ${text}\n`);

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function newest(path) {
  let latest = mtime(path);
  let entries = [];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return latest;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const child = join(path, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(child) : mtime(child));
  }
  return latest;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function ensureInstalled() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && mtime(marker) >= mtime(join(root, 'package-lock.json'))) return;
  log(
    'installing dependencies with npm ci (the first time, better-sqlite3 builds from source: a couple of minutes)...',
  );
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) {
    log('npm ci failed; see the messages above.');
    process.exit(1);
  }
}

function ensureBuilt() {
  const stamp = join(root, 'dist', '.build-stamp');
  const sources = Math.max(
    newest(join(root, 'src')),
    newest(join(root, 'web')),
    mtime(join(root, 'package-lock.json')),
    mtime(join(root, 'tsconfig.json')),
    mtime(join(root, 'tsconfig.build.json')),
  );
  if (existsSync(stamp) && mtime(stamp) >= sources) return;
  log('building the server and the web page...');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (run(process.execPath, [tsc, '-p', 'tsconfig.build.json']) !== 0) process.exit(1);
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (existsSync(join(root, 'web', 'vite.config.ts'))) {
    if (run(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']) !== 0)
      process.exit(1);
  }
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(stamp, new Date().toISOString());
}

function vitest(args) {
  const bin = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  process.exit(run(process.execPath, [bin, ...args]));
}

const [command, ...rest] = process.argv.slice(2);
ensureInstalled();
switch (command) {
  case 'start': {
    ensureBuilt();
    const { runCli } = await import(pathToFileURL(join(root, 'dist', 'cli', 'index.js')).href);
    await runCli([process.argv[0], 'shipwatch', 'serve', ...rest]);
    break;
  }
  case 'build':
    ensureBuilt();
    break;
  case 'cli': {
    ensureBuilt();
    const { runCli } = await import(pathToFileURL(join(root, 'dist', 'cli', 'index.js')).href);
    await runCli([process.argv[0], 'shipwatch', ...rest]);
    break;
  }
  case 'test':
    vitest(['run', ...rest]);
    break;
  case 'test:e2e':
    ensureBuilt();
    vitest(['run', '--config', 'test/e2e/vitest.config.ts', ...rest]);
    break;
  case 'test:reliability':
    ensureBuilt();
    vitest(['run', '--config', 'test/reliability/vitest.config.ts', ...rest]);
    break;
  case 'bench':
    ensureBuilt();
    process.exit(run(process.execPath, [join(root, 'bench', 'run.mjs'), ...rest]));
    break;
  default:
    log(`unknown command ${command}; use start, build, cli, test, test:e2e, test:reliability or bench`);
    process.exit(2);
}
