import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reporterPath } from '../../src/reporter/reporter-path.js';
import { gitEnv, gitRepository, missingPrograms, type Ran, run } from '../factories/generic.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

const missing = await missingPrograms(['git', 'curl']);
if (missing.length > 0)
  console.warn(`\n[shipwatch tests] ${missing.join(', ')} missing: the reporter tests are SKIPPED.\n`);
const describeIfTools = missing.length === 0 ? describeEachDatabase : (title: string) => describe.skip(title, () => {});

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const seconds = (a: string, b: string) => (Date.parse(a) - Date.parse(b)) / 1000;
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

describeIfTools('the reporter, fetched from a live server, against real git history', ({ handle }) => {
  let t: TestApp;
  let base: string;
  let tmp: string;
  let reporter: string;
  let projectId: string;
  let hook: { id: string; secret: string };
  let origin: Awaited<ReturnType<typeof gitRepository>>;
  const dates = new Map<string, string>();

  const api = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: t.auth });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** A fresh shallow clone of origin's main (CI's default checkout). */
  const shallowClone = async (name: string) => {
    const dir = join(tmp, name);
    const ran = await run('git', ['clone', '--quiet', '--depth', '1', `file://${origin.dir}`, dir], {
      env: gitEnv(tmp),
    });
    expect(ran.code, ran.stderr).toBe(0);
    return dir;
  };
  const report = (cwd: string, args: string[], env: Record<string, string> = {}): Promise<Ran> =>
    run(process.execPath, [reporter, '--url', `${base}/hooks/${hook.id}`, ...args], {
      cwd,
      env: { ...gitEnv(tmp), SHIPWATCH_SECRET: hook.secret, ...env },
    });
  const deploymentOf = async (sha: string, environment = 'production') => {
    const list = await api(`/api/projects/${projectId}/deployments?environment=${environment}&limit=500`);
    return list.deployments.find((d: { sha: string }) => d.sha === sha);
  };
  const writeStream = async (text: string) => {
    const file = join(tmp, `stream-${Math.random().toString(36).slice(2)}.txt`);
    await writeFile(file, text);
    return file;
  };
  const commitAt = async (date: string) => {
    const sha = await origin.commit(date);
    dates.set(sha, date);
    return sha;
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'shipwatch-reporter-'));
    t = await buildTestApp(handle(), { start: Date.now() });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    projectId = (
      await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'Reporter' } })
    ).json().id;
    hook = (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${projectId}/webhooks`,
        headers: t.auth,
        payload: { provider: 'generic' },
      })
    ).json();
    // The reporter is fetched from the live server, as a CI would.
    reporter = join(tmp, 'reporter.mjs');
    const fetched = await run('curl', ['-fsS', '-o', reporter, `${base}/reporter.mjs`]);
    expect(fetched.code, fetched.stderr).toBe(0);
    origin = await gitRepository(join(tmp, 'origin'), tmp);
  });

  afterAll(async () => {
    await t?.app.close();
    if (tmp !== undefined) await rm(tmp, { recursive: true, force: true });
  });

  it('serves itself at /reporter.mjs as JavaScript, byte for byte the file the CLI runs', async () => {
    const res = await fetch(`${base}/reporter.mjs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const served = await res.text();
    expect(served).toBe(await readFile(reporterPath(), 'utf8'));
    expect(await readFile(reporter, 'utf8')).toBe(served);
    // Dependency-free: it imports Node built-ins only.
    const imports = [...served.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.every((name) => name?.startsWith('node:'))).toBe(true);
  });

  it('first deployment: sends the deployed commit only, and its lead time is exactly the timestamps apart', async () => {
    await commitAt('2026-01-01T10:00:00Z');
    const c2 = await commitAt('2026-01-02T09:00:00+01:00');
    const work = await shallowClone('work-1');
    const ran = await report(work, [
      '--environment',
      'production',
      '--status',
      'success',
      '--repository',
      'acme/checkout',
      '--git',
      '--finished-at',
      '2026-01-02T12:00:00Z',
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toContain('no earlier successful deployment');
    expect(ran.stdout).toMatch(/Reported success of acme\/checkout@[0-9a-f]{12} to production .*1 commit\): accepted/);
    const d = await deploymentOf(c2);
    expect(d).toMatchObject({ status: 'success', commits: 1, leadTimeSeconds: 4 * 3600 });
  });

  it('deepens a shallow clone until it finds the previous deployment, then sends every commit since', async () => {
    const start = Date.parse('2026-01-05T00:00:00Z');
    const newer: string[] = [];
    for (let i = 0; i < 120; i += 1) {
      // Every 37 minutes, alternately written in UTC and at +02:00.
      const at = start + i * 37 * 60_000;
      const date = i % 2 === 0 ? iso(at) : `${iso(at + 2 * 3600_000).slice(0, -1)}+02:00`;
      newer.push(await commitAt(date));
    }
    const work = await shallowClone('work-2');
    expect((await run('git', ['rev-parse', '--is-shallow-repository'], { cwd: work })).stdout.trim()).toBe('true');
    const finishedAt = '2026-01-09T00:00:00Z';
    const ran = await report(work, [
      '--environment',
      'production',
      '--status',
      'success',
      '--repository',
      'acme/checkout',
      '--git',
      '--finished-at',
      finishedAt,
      '--deployment-id',
      'deploy-2',
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toContain('sending 120 commits since');
    // 121 commits below HEAD: three rounds of 50 reached the previous deployment's commit.
    const depth = Number((await run('git', ['rev-list', '--count', 'HEAD'], { cwd: work })).stdout.trim());
    expect(depth).toBeGreaterThanOrEqual(122);

    const head = newer.at(-1) as string;
    const d = await deploymentOf(head);
    const leadTimes = newer.map((sha) => seconds(finishedAt, dates.get(sha) as string));
    expect(d).toMatchObject({ status: 'success', commits: 120, leadTimeSeconds: Math.max(...leadTimes) });
    expect(d.leadTimeSeconds).toBe(4 * 86_400);

    // /metrics over January: the 121 brought commits, median exactly as the timestamps imply.
    const metrics = await api(`/api/projects/${projectId}/metrics?from=2026-01-01&to=2026-02-01`);
    expect(metrics.leadTimeForChanges).toMatchObject({
      commits: 121,
      deploymentsWithCommits: 2,
      medianSeconds: median([4 * 3600, ...leadTimes]),
    });
    expect(metrics.deploymentFrequency.deployments).toBe(2);
  });

  it('a redeployment of the same commit brings nothing', async () => {
    const work = await shallowClone('work-3');
    const ran = await report(work, [
      '--environment',
      'Production',
      '--status',
      'success',
      '--repository',
      'acme/checkout',
      '--git',
      '--finished-at',
      '2026-01-10T00:00:00Z',
      '--deployment-id',
      'deploy-3',
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('0 commits');
    const list = await api(`/api/projects/${projectId}/deployments?environment=production&limit=500`);
    const redeploy = list.deployments.find((d: { finishedAt: string }) => d.finishedAt === '2026-01-10T00:00:00.000Z');
    expect(redeploy).toMatchObject({ status: 'success', leadTimeSeconds: null });
    // It counts as a deployment, and brings no commit: the lead time figures are those of the first two.
    const metrics = await api(`/api/projects/${projectId}/metrics?from=2026-01-01&to=2026-02-01`);
    expect(metrics.deploymentFrequency.deployments).toBe(3);
    expect(metrics.leadTimeForChanges).toMatchObject({ commits: 121, deploymentsWithCommits: 2 });
  });

  it('exits 2 with a clear message when the previous deployment is not in the history', async () => {
    const stranger = 'f'.repeat(40);
    const first = await report(tmp, [
      '--environment',
      'staging',
      '--status',
      'success',
      '--repository',
      'acme/checkout',
      '--sha',
      stranger,
      '--finished-at',
      '2026-01-06T00:00:00Z',
    ]);
    expect(first.code, first.stderr).toBe(0);
    const work = await shallowClone('work-4');
    const ran = await report(work, [
      '--environment',
      'staging',
      '--status',
      'success',
      '--repository',
      'acme/checkout',
      '--git',
    ]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`previous deployment's commit ${stranger} is not in this repository's history`);
    // It deepened all the way before giving up.
    expect((await run('git', ['rev-parse', '--is-shallow-repository'], { cwd: work })).stdout.trim()).toBe('false');
  });

  it('gives up, exit status 2, after deepening a bounded number of times', async () => {
    const long = await gitRepository(join(tmp, 'origin-long'), tmp);
    const previous = await long.commit('2026-01-01T00:00:00Z');
    // 1,100 commits on top, written at once with git fast-import.
    const start = Date.parse('2026-01-02T00:00:00Z') / 1000;
    let stream = '';
    for (let i = 0; i < 1100; i += 1) {
      stream += `commit refs/heads/main\ncommitter Ada <ada@example.com> ${start + i * 60} +0000\ndata 2\nc\n`;
      stream += i === 0 ? `from ${previous}\n\n` : '\n';
    }
    const imported = await run('sh', ['-c', 'git fast-import --quiet --force < "$0"', await writeStream(stream)], {
      cwd: long.dir,
      env: gitEnv(tmp),
    });
    expect(imported.code, imported.stderr).toBe(0);
    const deployedBefore = await report(tmp, [
      '--environment',
      'production',
      '--status',
      'success',
      '--repository',
      'acme/long',
      '--sha',
      previous,
      '--finished-at',
      '2026-01-01T01:00:00Z',
    ]);
    expect(deployedBefore.code, deployedBefore.stderr).toBe(0);
    const work = join(tmp, 'work-long');
    expect(
      (await run('git', ['clone', '--quiet', '--depth', '1', `file://${long.dir}`, work], { env: gitEnv(tmp) })).code,
    ).toBe(0);
    const ran = await report(work, [
      '--environment',
      'production',
      '--status',
      'success',
      '--repository',
      'acme/long',
      '--git',
    ]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`previous deployment's commit ${previous} is not within the 1000 commits fetched`);
    expect(ran.stderr).toContain('fetch-depth: 0');
    // 1 + 20 rounds of 50.
    expect(Number((await run('git', ['rev-list', '--count', 'HEAD'], { cwd: work })).stdout.trim())).toBe(1001);
  });

  it("exits 1 with the server's message on a 4xx, and does not retry it", async () => {
    const ran = await report(
      tmp,
      ['--environment', 'production', '--status', 'success', '--repository', 'a/b', '--sha', 'a'.repeat(40)],
      { SHIPWATCH_SECRET: 'not the secret' },
    );
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('HTTP 401');
    expect(ran.stderr).toContain('X-Shipwatch-Signature-256 header does not match');
    expect(ran.stderr).not.toContain('retry');
  });

  it('the CLI command runs the same reporter', async () => {
    const { buildProgram } = await import('../../src/cli/index.js');
    const before = process.exitCode;
    // What an earlier command in this worker left must not be read as this one's status.
    process.exitCode = undefined;
    await buildProgram().parseAsync([
      'node',
      'shipwatch',
      'report-deployment',
      '--url',
      `${base}/hooks/${hook.id}`,
      '--secret',
      hook.secret,
      '--environment',
      'qa',
      '--status',
      'failure',
      '--repository',
      'acme/checkout',
      '--sha',
      'b'.repeat(40),
      '--finished-at',
      '2026-01-11T00:00:00Z',
      '--deployment-id',
      'cli-1',
    ]);
    expect(process.exitCode ?? 0).toBe(0);
    process.exitCode = before;
    expect(await deploymentOf('b'.repeat(40), 'qa')).toMatchObject({ status: 'failure', environment: 'qa' });
  });
});

describe('the reporter retries', () => {
  const secret = 'a secret for the fake server';
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  let answers: number[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      const status = answers.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          status === 200
            ? { outcome: 'accepted', deliveryId: 'dl_fake' }
            : { error: { code: 'not_ready', message: 'The database is unreachable right now.' } },
        ),
      );
    });
  });
  let url: string;
  const reporterArgs = (target: string) => [
    reporterPath(),
    '--url',
    target,
    '--secret',
    secret,
    '--environment',
    'production',
    '--status',
    'success',
    '--repository',
    'acme/checkout',
    '--sha',
    'c'.repeat(40),
    '--finished-at',
    '2026-01-02T00:00:00Z',
    '--retry-base-ms',
    '5',
  ];

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/wh_fake`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('retries 5xx answers with the same body, signature and X-Shipwatch-Delivery', async () => {
    received.length = 0;
    answers = [503, 502];
    const ran = await run(process.execPath, reporterArgs(url), { env: { PATH: process.env.PATH } });
    expect(ran.code, ran.stderr).toBe(0);
    expect(received).toHaveLength(3);
    expect(ran.stderr.match(/retry \d of 4/g)).toEqual(['retry 1 of 4', 'retry 2 of 4']);
    const [first] = received;
    for (const r of received) {
      expect(r.body).toBe(first?.body);
      expect(r.headers['x-shipwatch-delivery']).toBe(first?.headers['x-shipwatch-delivery']);
      expect(r.headers['x-shipwatch-signature-256']).toBe(
        `sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`,
      );
    }
    expect(JSON.parse(first?.body ?? '{}')).toMatchObject({ deploymentId: expect.any(String), sha: 'c'.repeat(40) });
  });

  it('gives up after 5 tries of 5xx, exit status 1, with the last message', async () => {
    received.length = 0;
    answers = [500, 500, 500, 500, 500, 500];
    const ran = await run(process.execPath, reporterArgs(url), { env: { PATH: process.env.PATH } });
    expect(ran.code).toBe(1);
    expect(received).toHaveLength(5);
    expect(ran.stderr).toContain('could not reach Shipwatch after 5 tries: HTTP 500');
  });

  it('retries network errors too, and gives up after 5 tries', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const ran = await run(process.execPath, reporterArgs(`http://127.0.0.1:${port}/hooks/wh_x`), {
      env: { PATH: process.env.PATH },
    });
    expect(ran.code).toBe(1);
    expect(ran.stderr.match(/retry \d of 4/g)).toHaveLength(4);
    expect(ran.stderr).toContain('could not reach Shipwatch after 5 tries');
    expect(ran.stderr).toContain('ECONNREFUSED');
  });

  it('exits 2 on bad options, naming the option', async () => {
    const ran = await run(process.execPath, [reporterPath(), '--url', url, '--secret', 's', '--environment', 'p'], {
      env: { PATH: process.env.PATH },
    });
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('--status must be one of success, failure, in_progress, canceled');
    const notHook = await run(
      process.execPath,
      [reporterPath(), '--url', 'https://example.com/x', '--secret', 's', '--environment', 'p', '--status', 'success'],
      { env: { PATH: process.env.PATH } },
    );
    expect(notHook.code).toBe(2);
    expect(notHook.stderr).toContain('/hooks/<id>');
    // A generated secret may begin with a dash (URL-safe base64): it is the value of --secret, not an option.
    const dashed = await run(
      process.execPath,
      [reporterPath(), '--url', url, '--secret', '-Xy_z', '--environment', 'p'],
      {
        env: { PATH: process.env.PATH },
      },
    );
    expect(dashed.code).toBe(2);
    expect(dashed.stderr).not.toContain('ambiguous');
    expect(dashed.stderr).toContain('--status must be one of success, failure, in_progress, canceled');
  });
});
