import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkArchitecture } from '../../scripts/check-architecture.mjs';

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'check-architecture.mjs');
const roots: string[] = [];

/** A project folder holding `files` (path → text). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'shipwatch-arch-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const lines = (count: number) => Array.from({ length: count }, (_, i) => `export const a${i} = ${i};`).join('\n');

/** Code that follows every rule, and says so in comments that name what the rules forbid. */
const CLEAN = {
  'src/cli/import-commands.ts': "import { receiveRequest } from '../ingest/receive-request.js';\n",
  'src/demo/create-demo.ts':
    "// not app.inject( but the use case; no '../http/app.js'\nimport { x } from '../ingest/x.js';\n",
  'src/db/dialect/postgres.ts': "import pg from 'pg';\nexport const isPg = (name: string) => name === 'postgres';\n",
  'src/db/create-db.ts': "import SQLite from 'better-sqlite3';\n",
  'src/ingest/receive-delivery.ts':
    "import type { Dialect } from '../db/dialect/dialect.js';\nconst f = (d: Dialect) => d.locksRowsForShare;\n",
  'src/config.ts': "const url = /^postgres(ql)?:\\/\\//; // a dialect === 'postgres' test in a comment is fine\n",
  'src/providers/github/verify.ts': "import { createHmac } from 'node:crypto';\nimport { x } from '../shared/x.js';\n",
  'src/metrics/lead-time.ts': "import { median } from './median.js';\nimport type { P } from '../domain/index.js';\n",
  'src/domain/events.ts': 'export const ZERO = 0;\n',
  'src/manage/revoke-webhook.ts': "import { finishRevoke } from '../ingest/finish-revoke.js';\n",
  'src/reports/deployments.ts': "import { getProjectRow } from '../manage/projects.js';\n",
  'src/http/api-types.ts': "import type { DeploymentView } from '../reports/deployment-views.js';\n",
  'src/reports/metrics.ts': `${lines(300)}\n`,
  'src/reporter/reporter.mjs': `#!/usr/bin/env node\n// @ts-check\n${lines(600)}\n`,
};

/** One violation of each kind. */
const BROKEN = {
  'src/cli/import-commands.ts': "import { buildApp } from '../http/app.js';\n",
  'src/demo/create-demo.ts': "const app = make();\nawait app.inject({ method: 'POST', url: '/hooks/x' });\n",
  'src/reports/read.ts': "import pg from 'pg';\n",
  'src/history-import/open.ts': "import Database from 'better-sqlite3';\n",
  'src/ingest/receive-delivery.ts': "const pick = (handle) => (handle.dialect === 'postgres' ? 1 : 2);\n",
  'src/http/plugins/receiver.ts': "import { isPostgres } from '../../db/is-postgres.js';\nisPostgres(db);\n",
  'src/metrics/lead-time.ts': "import { getProjectRow } from '../manage/projects.js';\n",
  'src/metrics/clock.ts': "import { readFileSync } from 'node:fs';\n",
  'src/domain/hash.ts': "import { createHash } from 'node:crypto';\n",
  'src/providers/github/parse.ts':
    "import { Deployment } from '../../http/schemas.js';\nimport { join } from 'path';\n",
  'src/reports/metrics.ts': `${lines(301)}\n`,
  'src/reporter/reporter.mjs': `#!/usr/bin/env node\n${lines(10)}\n`,
  'src/ingest/maintenance.ts':
    "import { finishRevoke } from '../manage/finish-revoke.js';\nimport { getMetrics } from '../reports/metrics.js';\n",
  'src/reports/excluded-lead-times.ts': "import type { Deployment } from '../http/api-types.js';\n",
  // The same two in other spellings: an import over several lines, a type named by import().
  'src/ingest/revoke-sweep.ts':
    "import {\n  finishUnfinishedRevokes,\n  type RevokeCounts,\n} from '../manage/finish-revoke.js';\n",
  'src/reports/deployment-commits.ts': "type Page = import('../http/api-types.js').CommitsPage;\n",
  'src/manage/webhooks.ts': "import { runCli } from '../cli/index.js';\n",
};

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('scripts/check-architecture.mjs', () => {
  it('finds nothing wrong in code that follows the rules', () => {
    expect(checkArchitecture(tree(CLEAN))).toEqual([]);
  });

  it('reports each kind of violation, on its line', () => {
    const found = checkArchitecture(tree(BROKEN)).map((v) => `${v.file}:${v.line} ${v.rule}`);
    expect(found).toEqual([
      'src/cli/import-commands.ts:1 pipeline',
      'src/demo/create-demo.ts:2 pipeline',
      'src/domain/hash.ts:1 pure',
      'src/history-import/open.ts:1 dialect',
      'src/http/plugins/receiver.ts:1 dialect',
      'src/http/plugins/receiver.ts:2 dialect',
      'src/ingest/maintenance.ts:1 layers',
      'src/ingest/maintenance.ts:2 layers',
      'src/ingest/receive-delivery.ts:1 dialect',
      'src/ingest/revoke-sweep.ts:1 layers',
      'src/manage/webhooks.ts:1 layers',
      'src/metrics/clock.ts:1 pure',
      'src/metrics/lead-time.ts:1 pure',
      'src/providers/github/parse.ts:1 pure',
      'src/providers/github/parse.ts:2 pure',
      'src/reporter/reporter.mjs:1 size',
      'src/reports/deployment-commits.ts:1 layers',
      'src/reports/excluded-lead-times.ts:1 layers',
      'src/reports/metrics.ts:301 size',
      'src/reports/read.ts:1 dialect',
    ]);
  });

  it('as a command: a line per violation and exit 1; exit 0 on a clean tree', () => {
    const broken = spawnSync(process.execPath, [SCRIPT, tree(BROKEN)], { encoding: 'utf8' });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(
      'src/reports/read.ts:1: dialect: imports pg: only src/db talks to a database driver\n',
    );
    expect(broken.stdout).toContain('check-architecture: 20 violation(s)');
    const clean = spawnSync(process.execPath, [SCRIPT, tree(CLEAN)], { encoding: 'utf8' });
    expect(clean.stdout).toContain('follows the rules');
    expect(clean.status).toBe(0);
  });
});
