import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { importHistory } from '../../src/history-import/import-history.js';
import { createProgress } from '../../src/history-import/progress.js';
import { createLogger } from '../../src/logger.js';
import { createProject } from '../../src/manage/projects.js';
import { createWebhook } from '../../src/manage/webhooks.js';
import { openRuntime } from '../../src/runtime.js';
import { genericDeployment, shaOf } from '../factories/generic.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../helpers/databases.js';

async function* linesOf(text: string): AsyncIterable<string> {
  for (const line of text.split('\n')) yield line;
}

async function setUp(t: TestApp, name = 'Imported') {
  const projectId = (
    await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name } })
  ).json().id as string;
  const hook = (
    await t.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/webhooks`,
      headers: t.auth,
      payload: { provider: 'generic' },
    })
  ).json() as { id: string; secret: string };
  return { projectId, hook };
}

describeEachDatabase('importing history through a generic webhook', ({ handle }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(handle(), { start: Date.parse('2026-03-02T12:00:00Z') });
  });

  it('sends each line through the receiver, counts the outcomes, and a re-run stores nothing twice', async () => {
    const { projectId, hook } = await setUp(t);
    const lines = [
      JSON.stringify(
        genericDeployment({
          deploymentId: 'old-1',
          sha: shaOf(1),
          finishedAt: '2025-06-01T10:00:00Z',
          commits: [{ sha: shaOf(101), timestamp: '2025-06-01T08:00:00Z' }],
        }),
      ),
      '',
      JSON.stringify(genericDeployment({ deploymentId: 'old-2', sha: shaOf(2), finishedAt: '2025-06-02T10:00:00Z' })),
      // The same deployment again, written differently: stored once.
      JSON.stringify({
        ...genericDeployment({ deploymentId: 'old-2', sha: shaOf(2), finishedAt: '2025-06-02T10:00:00Z' }),
        ref: undefined,
      }).replace('{', '{ '),
      JSON.stringify({
        deploymentId: 'old-3',
        repository: 'acme/checkout',
        environment: 'production',
        status: 'success',
        sha: shaOf(3),
      }),
      'not json at all',
    ];
    const summary = await importHistory({
      receiver: t.receiver,
      webhookId: hook.id,
      secret: hook.secret,
      lines: linesOf(lines.join('\n')),
    });
    expect(summary).toMatchObject({ lines: 5, accepted: 2, duplicate: 1, ignored: 1, rejected: 1 });
    // The import leaves the caches built: nothing stale, what each deployment brought already stored.
    const db = handle().db;
    const stale = await db
      .selectFrom('repositories')
      .select('repository')
      .where('project_id', '=', projectId)
      .where('stale_from', 'is not', null)
      .execute();
    const staleVerdicts = await db
      .selectFrom('stale_verdicts')
      .select('repository_key')
      .where('project_id', '=', projectId)
      .execute();
    expect([...stale, ...staleVerdicts]).toEqual([]);
    const built = await db
      .selectFrom('deployment_commits')
      .select(['sha', 'lead_time_seconds'])
      .where('project_id', '=', projectId)
      .execute();
    expect(built).toEqual([{ sha: shaOf(101), lead_time_seconds: 7200 }]);
    expect(summary.problems).toEqual([
      {
        line: 5,
        outcome: 'ignored',
        reason: expect.stringContaining('finishedAt must be an RFC 3339 time (required when status is success)'),
      },
      { line: 6, outcome: 'rejected', reason: expect.stringMatching(/^HTTP 400: /) },
    ]);

    const again = await importHistory({
      receiver: t.receiver,
      webhookId: hook.id,
      secret: hook.secret,
      lines: linesOf(lines.join('\n')),
    });
    expect(again).toMatchObject({ lines: 5, accepted: 0, duplicate: 4, ignored: 0, rejected: 1 });

    const list = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/deployments`, headers: t.auth })
    ).json();
    expect(list.deployments).toHaveLength(2);
    expect(list.deployments.every((d: { webhookId: string }) => d.webhookId === hook.id)).toBe(true);
    const first = list.deployments.find((d: { sha: string }) => d.sha === shaOf(1));
    expect(first).toMatchObject({ commits: 1, leadTimeSeconds: 7200 });

    // The delivery log shows the import like any delivery.
    const log = (
      await t.app.inject({ method: 'GET', url: `/api/webhooks/${hook.id}/deliveries?limit=500`, headers: t.auth })
    ).json();
    expect(log.deliveries.filter((d: { outcome: string }) => d.outcome === 'accepted')).toHaveLength(2);
  });

  it('carries the webhook lineage: revoking the webhook removes what it imported', async () => {
    const { projectId, hook } = await setUp(t, 'Revoked import');
    const body = JSON.stringify(
      genericDeployment({ deploymentId: 'r-1', sha: shaOf(9), finishedAt: '2025-07-01T00:00:00Z' }),
    );
    const summary = await importHistory({
      receiver: t.receiver,
      webhookId: hook.id,
      secret: hook.secret,
      lines: linesOf(body),
    });
    expect(summary.accepted).toBe(1);
    const revoked = await t.app.inject({ method: 'POST', url: `/api/webhooks/${hook.id}/revoke`, headers: t.auth });
    expect(revoked.json().deleted.deployments).toBe(1);
    const list = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/deployments`, headers: t.auth })
    ).json();
    expect(list.deployments).toHaveLength(0);
    // A revoked webhook takes no more: every line is rejected with 410.
    const after = await importHistory({
      receiver: t.receiver,
      webhookId: hook.id,
      secret: hook.secret,
      lines: linesOf(body),
    });
    expect(after).toMatchObject({
      accepted: 0,
      rejected: 1,
      problems: [{ reason: expect.stringMatching(/^HTTP 410/) }],
    });
  });
});

/** 10,000 deployments over 2025, three repositories, production and staging, every 23rd one failing. */
function yearOfDeployments(): {
  text: string;
  productionSuccesses: number;
  productionFailures: number;
  leadTimes: number[];
} {
  const start = Date.parse('2025-01-01T00:00:00Z');
  const step = (365 * 86_400_000) / 10_000;
  const repositories = ['acme/web', 'acme/api', 'acme/worker'];
  const lines: string[] = [];
  let productionSuccesses = 0;
  let productionFailures = 0;
  const leadTimes: number[] = [];
  for (let i = 0; i < 10_000; i += 1) {
    const finished = Math.floor((start + i * step + 60_000) / 1000) * 1000;
    const environment = i % 4 === 0 ? 'staging' : 'production';
    const status = i % 23 === 0 ? 'failure' : 'success';
    const commits = Array.from({ length: (i % 3) + 1 }, (_, k) => ({
      sha: shaOf(1_000_000 + i * 10 + k),
      timestamp: new Date(finished - (k + 1) * 3_600_000).toISOString(),
    }));
    if (environment === 'production' && status === 'success') {
      productionSuccesses += 1;
      leadTimes.push(...commits.map((_, k) => (k + 1) * 3600));
    }
    if (environment === 'production' && status === 'failure') productionFailures += 1;
    lines.push(
      JSON.stringify(
        genericDeployment({
          deploymentId: `run-${i}`,
          repository: repositories[i % 3] as string,
          environment,
          status,
          sha: shaOf(i + 1),
          startedAt: new Date(finished - 300_000).toISOString(),
          finishedAt: new Date(finished).toISOString(),
          commits,
        }),
      ),
    );
  }
  return { text: `${lines.join('\n')}\n`, productionSuccesses, productionFailures, leadTimes };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

describe('a year of history from a 10,000-line file [sqlite]', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('imports every line and fills the year of figures', { timeout: 300_000 }, async () => {
    const t = await buildTestApp(db.handle, { start: Date.parse('2026-01-15T00:00:00Z') });
    const { projectId, hook } = await setUp(t, 'A year');
    const year = yearOfDeployments();
    let lastProgress = 0;
    const started = performance.now();
    const summary = await importHistory({
      receiver: t.receiver,
      webhookId: hook.id,
      secret: hook.secret,
      lines: linesOf(year.text),
      onProgress: (p) => {
        lastProgress = p.line;
      },
    });
    const importMs = performance.now() - started;
    expect(summary).toMatchObject({ lines: 10_000, accepted: 10_000, duplicate: 0, ignored: 0, rejected: 0 });
    expect(lastProgress).toBe(10_001);

    const metricsStarted = performance.now();
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}/metrics?from=2025-01-01&to=2026-01-01`,
      headers: t.auth,
    });
    const metricsMs = performance.now() - metricsStarted;
    expect(res.statusCode, res.body).toBe(200);
    const m = res.json();
    expect(m.deploymentFrequency).toMatchObject({ deployments: year.productionSuccesses, deploymentDays: 365 });
    expect(m.changeFailureRate).toMatchObject({
      deployments: year.productionSuccesses + year.productionFailures,
      failedDeployments: year.productionFailures,
    });
    expect(m.leadTimeForChanges).toMatchObject({
      commits: year.leadTimes.length,
      deploymentsWithCommits: year.productionSuccesses,
      medianSeconds: median(year.leadTimes),
    });
    expect(m.failedDeploymentRecoveryTime.failures).toBeGreaterThan(0);
    const environments = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/environments`, headers: t.auth })
    ).json().environments;
    expect(environments.map((e: { name: string; deployments: number }) => [e.name, e.deployments])).toEqual([
      ['production', 7500],
      ['staging', 2500],
    ]);
    console.info(
      `[import timing] 10,000 lines imported into SQLite in ${(importMs / 1000).toFixed(1)} s (${Math.round(10_000 / (importMs / 1000))} lines/s); first /metrics for the year ${(metricsMs / 1000).toFixed(1)} s`,
    );
  });
});

describe('the import command', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipwatch-import-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('imports a file with the server configuration, prints a summary, and shows progress lines off a terminal', async () => {
    const env = { SHIPWATCH_DATA_DIR: dir, SHIPWATCH_LOG_LEVEL: 'silent' };
    const runtime = await openRuntime(loadConfig(env), createLogger('silent'));
    const project = await createProject(runtime.database.db, { name: 'CLI import', actor: 'test', now: Date.now() });
    const hook = await createWebhook(
      { db: runtime.database.db, secretBox: runtime.secretBox, publicUrl: runtime.config.publicUrl },
      { projectId: project.id, provider: 'generic', actor: 'test', now: Date.now() },
    );
    const github = await createWebhook(
      { db: runtime.database.db, secretBox: runtime.secretBox, publicUrl: runtime.config.publicUrl },
      { projectId: project.id, provider: 'github', actor: 'test', now: Date.now() },
    );
    await runtime.database.close();
    const file = join(dir, 'history.jsonl');
    const body = (i: number) =>
      JSON.stringify(
        genericDeployment({ deploymentId: `cli-${i}`, sha: shaOf(i + 1), finishedAt: '2025-05-01T00:00:00Z' }),
      );
    await writeFile(file, `${Array.from({ length: 30 }, (_, i) => body(i)).join('\n')}\n{"deploymentId": 1}\n`);

    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const out: string[] = [];
    const err: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
    const wasTTY = process.stderr.isTTY;
    process.stderr.isTTY = false;
    const before = process.exitCode;
    try {
      const { buildProgram } = await import('../../src/cli/index.js');
      await buildProgram().parseAsync(['node', 'shipwatch', 'import', '--webhook', hook.id, file]);
      expect(process.exitCode).toBe(1);
      process.exitCode = before;
      // Again with --json: nothing new (a re-run is idempotent: every line, the ignored one too, was received before).
      const printed = out.length;
      const progressed = err.length;
      await buildProgram().parseAsync(['node', 'shipwatch', 'import', '--webhook', hook.id, file, '--json']);
      expect(JSON.parse(out.slice(printed).join(''))).toMatchObject({
        lines: 31,
        accepted: 0,
        duplicate: 31,
        ignored: 0,
        rejected: 0,
      });
      out.length = printed;
      err.length = progressed;
      process.exitCode = before;
      await expect(
        buildProgram().parseAsync(['node', 'shipwatch', 'import', '--webhook', github.id, file]),
      ).rejects.toThrow('import takes a generic one');
    } finally {
      process.stderr.isTTY = wasTTY;
      stdout.mockRestore();
      stderr.mockRestore();
      vi.unstubAllEnvs();
      process.exitCode = before;
    }
    expect(out.join('')).toContain(
      `Imported ${file}: 31 lines, 30 accepted, 0 duplicate, 1 ignored, 0 rejected.\n  line 31 ignored: generic deployment: repository must be`,
    );
    const progress = err
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('import: '));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toMatch(/^import: 100% \(line 3[12]\): 30 accepted, 0 duplicate, 1 ignored, 0 rejected$/);
  });
});

describe('the progress display', () => {
  it('redraws one bar in place on a terminal, at most ten times a second', () => {
    const written: string[] = [];
    let clock = 0;
    const progress = createProgress({ isTTY: true, columns: 100, write: (s) => written.push(s) }, 1000, () => clock);
    const at = (bytes: number) => ({
      line: bytes / 10,
      bytes,
      accepted: bytes / 10,
      duplicate: 0,
      ignored: 0,
      rejected: 0,
    });
    progress.update(at(100));
    clock += 50;
    progress.update(at(200)); // too soon: skipped
    clock += 100;
    progress.update(at(500));
    progress.update(at(1000)); // done: always drawn
    progress.finish();
    expect(written).toHaveLength(4);
    expect(written[0]).toMatch(/^\r\[###\.+\] {2}10% {2}line 10: 10 accepted/);
    expect(written[2]).toMatch(/^\r\[#{30}\] 100%/);
    expect(written[3]).toBe('\n');
  });
});
