#!/usr/bin/env node
// The architecture rules of docs/ARCHITECTURE.md, checked on the sources (run by `npm run lint`):
//
// 1. src/cli, src/demo and src/history-import reach the delivery pipeline through src/ingest: no file there imports
//    src/http or calls `inject(` (building the whole app to post to it).
// 2. Only src/db knows which database is in use: no file outside it imports `pg` or `better-sqlite3`, or tests the
//    dialect (`isPostgres`, a comparison with 'postgres' or 'sqlite', `instanceof PostgresAdapter`). It asks the
//    dialect seam (src/db/dialect/) instead.
// 3. src/providers, src/metrics and src/domain are pure: they import no I/O layer (src/db, src/http, src/ingest,
//    src/manage, src/reports, src/cli, src/demo, src/history-import, src/runtime, src/main) and no Node.js
//    built-in module, except node:crypto in src/providers (signatures).
// 5. The use cases point down: src/ingest imports nothing from src/manage, src/reports or an adapter (src/http,
//    src/cli, src/demo, src/history-import, src/main); src/manage and src/reports import no adapter.
// 4. No file under src/ is over 300 lines, but the CI reporter src/reporter/reporter.mjs (one file by design),
//    which is type-checked: it starts with `// @ts-check` (after its #! line).
//
// Usage: node scripts/check-architecture.mjs [root]   (root: the project folder, by default this script's parent's)
// Prints one line per violation, `<file>:<line>: <rule>: <what>`, and exits 1 if there is any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAX_LINES = 300;
export const REPORTER = 'src/reporter/reporter.mjs';

const SOURCE = /\.(?:ts|tsx|mts|cts|js|mjs|cjs)$/;
const PIPELINE_CALLERS = ['src/cli/', 'src/demo/', 'src/history-import/'];
const PURE = ['src/providers/', 'src/metrics/', 'src/domain/'];
const IO_LAYERS = [
  'src/db',
  'src/http',
  'src/ingest',
  'src/manage',
  'src/reports',
  'src/cli',
  'src/demo',
  'src/history-import',
  'src/runtime',
  'src/main',
];
const ADAPTERS = ['src/http', 'src/cli', 'src/demo', 'src/history-import', 'src/main'];
/** What each use-case layer may not import (rule 5). */
const USE_CASE_BANS = [
  ['src/ingest/', ['src/manage', 'src/reports', ...ADAPTERS]],
  ['src/manage/', ADAPTERS],
  ['src/reports/', ADAPTERS],
];
const DRIVERS = ['pg', 'better-sqlite3'];
const DIALECT_TESTS = [
  /\bisPostgres\b/,
  /\bisSqlite\b/,
  /[!=]==?\s*['"`](?:postgres|postgresql|sqlite)['"`]/,
  /['"`](?:postgres|postgresql|sqlite)['"`]\s*[!=]==?/,
  /\bcase\s+['"`](?:postgres|postgresql|sqlite)['"`]\s*:/,
  /\binstanceof\s+(?:Postgres|Sqlite)(?:Adapter|Dialect)\b/,
];
const NODE_BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith('_')));

/** Every source file under `dir`, as paths relative to `root` with forward slashes. */
function sourceFiles(root, dir) {
  const out = [];
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(root, path));
    else if (SOURCE.test(entry.name)) out.push(path);
  }
  return out.sort();
}

/**
 * The text without comments, line breaks kept (so line numbers hold). A `//` after a space or `;,)}` starts a
 * comment (not the one in 'postgres://', after a colon).
 */
function withoutComments(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/(^|[\s;,)}])\/\/.*$/gm, '$1');
}

/** The module specifiers a file imports (static, dynamic, re-exports, require), with their line numbers. */
function importsOf(code) {
  const found = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      found.push({ specifier: match[1], line: code.slice(0, match.index).split('\n').length });
    }
  }
  return found;
}

/** Where a relative specifier points, relative to the root (`src/http/app.js`); null for a package. */
function target(file, specifier) {
  if (!specifier.startsWith('.')) return null;
  return posix.normalize(posix.join(posix.dirname(file), specifier));
}

const under = (path, layer) => path === layer || path.startsWith(`${layer}/`) || path.startsWith(`${layer}.`);
const packageName = (specifier) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

/**
 * The violations in the project at `root`, each `{ file, line, rule, message }`, in file order.
 */
export function checkArchitecture(root) {
  const violations = [];
  const report = (file, line, rule, message) => violations.push({ file, line, rule, message });
  for (const file of sourceFiles(root, 'src')) {
    const text = readFileSync(join(root, file), 'utf8');
    const code = withoutComments(text);
    const imports = importsOf(code);
    const lines = code.split('\n');

    if (PIPELINE_CALLERS.some((prefix) => file.startsWith(prefix))) {
      const broken = [];
      for (const { specifier, line } of imports) {
        const to = target(file, specifier);
        if (to !== null && under(to, 'src/http')) broken.push([line, `imports ${specifier} (src/http)`]);
      }
      lines.forEach((content, i) => {
        if (/\binject\s*\(/.test(content))
          broken.push([i + 1, 'calls inject( (posts to the app instead of src/ingest)']);
      });
      for (const [line, message] of broken) report(file, line, 'pipeline', message);
    }

    if (!file.startsWith('src/db/')) {
      for (const { specifier, line } of imports) {
        if (DRIVERS.includes(packageName(specifier)))
          report(file, line, 'dialect', `imports ${specifier}: only src/db talks to a database driver`);
      }
      lines.forEach((content, i) => {
        if (DIALECT_TESTS.some((pattern) => pattern.test(content)))
          report(
            file,
            i + 1,
            'dialect',
            `tests which database is in use: ask src/db/dialect instead (${content.trim()})`,
          );
      });
    }

    if (PURE.some((prefix) => file.startsWith(prefix))) {
      for (const { specifier, line } of imports) {
        const to = target(file, specifier);
        const layer = to === null ? undefined : IO_LAYERS.find((l) => under(to, l));
        if (layer !== undefined) report(file, line, 'pure', `imports ${specifier} (${layer}, an I/O layer)`);
        const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
        const builtin = specifier.startsWith('node:') || NODE_BUILTINS.has(packageName(specifier));
        if (builtin && !(file.startsWith('src/providers/') && bare === 'crypto'))
          report(file, line, 'pure', `imports ${specifier} (a Node.js module; only node:crypto, in src/providers)`);
      }
    }

    for (const [prefix, banned] of USE_CASE_BANS) {
      if (!file.startsWith(prefix)) continue;
      for (const { specifier, line } of imports) {
        const to = target(file, specifier);
        const layer = to === null ? undefined : banned.find((l) => under(to, l));
        if (layer !== undefined)
          report(file, line, 'layers', `imports ${specifier} (${layer}: ${prefix.slice(0, -1)} may not depend on it)`);
      }
    }

    const count = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
    if (file === REPORTER) {
      const first = text.startsWith('#!') ? text.split('\n')[1] : text.split('\n')[0];
      if (first?.trim() !== '// @ts-check')
        report(file, 1, 'size', 'the reporter must start with // @ts-check (after its #! line)');
    } else if (count > MAX_LINES) {
      report(file, count, 'size', `${count} lines, over ${MAX_LINES}: split it by job`);
    }
  }
  return violations;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  if (!statSync(join(root, 'src'), { throwIfNoEntry: false })?.isDirectory()) {
    process.stderr.write(`check-architecture: no src/ folder under ${root}\n`);
    process.exit(2);
  }
  const violations = checkArchitecture(root);
  for (const v of violations) process.stdout.write(`${v.file}:${v.line}: ${v.rule}: ${v.message}\n`);
  if (violations.length > 0) {
    process.stdout.write(
      `check-architecture: ${violations.length} violation(s) (rules: scripts/check-architecture.mjs)\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`check-architecture: ${relative(process.cwd(), root) || '.'} follows the rules\n`);
}
