import { existsSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubDeploymentStatus, githubHeaders, githubPush } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { shipwatch } from '../helpers/run-cli.js';

// The CLI's `--server` mode against a real listening server: it prints the API's own JSON, and never opens or makes
// a local database (the data folder below stays empty).
describeEachDatabase('shipwatch --server', (ctx) => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'shipwatch-cli-server-')), 'data');
  const saved = { ...process.env };
  let t: TestApp;
  let server: string;
  let projectId: string;
  const api = async (url: string) => {
    const response = await t.app.inject({ method: 'GET', url, headers: t.auth });
    expect(response.statusCode).toBe(200);
    return response.json() as unknown;
  };
  const remote = (...args: string[]) => shipwatch('--server', server, '--token', t.token, ...args);

  beforeAll(async () => {
    process.env.SHIPWATCH_DATA_DIR = dataDir;
    process.env.SHIPWATCH_LOG_LEVEL = 'silent';
    delete process.env.DATABASE_URL;
    delete process.env.SHIPWATCH_SERVER;
    delete process.env.SHIPWATCH_TOKEN;
    t = await buildTestApp(ctx.handle());
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    server = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    process.env = saved;
    await t?.app.close();
  });

  it('manages projects and webhooks and reads metrics with the JSON the API answers', async () => {
    const project = JSON.parse(await remote('project', 'create', 'Checkout', '--time-zone', 'Europe/Paris', '--json'));
    projectId = project.id;
    expect(project).toEqual(await api(`/api/projects/${projectId}`));
    expect(JSON.parse(await remote('project', 'list', '--json'))).toEqual(await api('/api/projects'));
    expect(await remote('project', 'list')).toContain(`${projectId}  Checkout  Europe/Paris`);

    const made = JSON.parse(
      await remote('webhook', 'create', '--project', projectId, '--provider', 'github', '--json'),
    );
    expect(made.url).toMatch(/^http:\/\/shipwatch\.test\/hooks\/wh_/);
    expect(made.secret).toHaveLength(43);

    // One push and one successful deployment, so the metrics have figures to compare.
    const day = 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
    const c = (n: number) => n.toString(16).padStart(40, '0');
    const send = async (event: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      const answer = await t.app.inject({
        method: 'POST',
        url: new URL(made.url).pathname,
        headers: githubHeaders(event, body, made.secret),
        payload: body,
      });
      expect(answer.json().outcome).toBe('accepted');
    };
    await send(
      'push',
      githubPush({ before: c(100), after: c(1), commits: [{ id: c(1), timestamp: iso(t.now() - 3 * day) }] }),
    );
    await send(
      'deployment_status',
      githubDeploymentStatus({
        deploymentId: 1,
        statusId: 1,
        state: 'success',
        createdAt: iso(t.now() - day),
        sha: c(1),
      }),
    );

    const webhooks = await api(`/api/projects/${projectId}/webhooks`);
    expect(JSON.parse(await remote('webhook', 'list', '--project', projectId, '--json'))).toEqual(webhooks);
    const listed = await remote('webhook', 'list', '--project', projectId);
    expect(listed).toContain(`${made.id}  github`);
    expect(listed).toContain(made.url);

    const metrics = await api(`/api/projects/${projectId}/metrics`);
    expect(metrics).toMatchObject({ leadTimeForChanges: { commits: 1, medianSeconds: 2 * 86_400 } });
    expect(JSON.parse(await remote('metrics', '--project', projectId, '--json'))).toEqual(metrics);
    expect(
      JSON.parse(
        await remote('metrics', '--project', projectId, '--from', '2026-02-01', '--to', '2026-03-01', '--json'),
      ),
    ).toEqual(await api(`/api/projects/${projectId}/metrics?from=2026-02-01&to=2026-03-01`));
    expect(await remote('metrics', '--project', projectId)).toMatch(/Lead time for changes\s+2\.0 days/);

    // Replay goes through the API too (issue 14, item 4): unchanged data, nothing to correct.
    expect(await remote('replay', '--webhook', made.id)).toBe(
      'Replayed 2 deliveries: 0 records stored, 0 corrected, 0 removed; 0 deliveries ignored.\n',
    );
    expect(JSON.parse(await remote('metrics', '--project', projectId, '--json'))).toEqual(metrics);

    const rotated = JSON.parse(await remote('webhook', 'rotate-secret', made.id, '--grace-seconds', '60', '--json'));
    expect(rotated.previousSecretExpiresAt).toBe(new Date(t.now() + 60_000).toISOString());
    const revoked = JSON.parse(await remote('webhook', 'revoke', made.id, '--yes', '--json'));
    expect(revoked.deleted).toMatchObject({ deployments: 1, commits: 1 });
    expect(await api(`/api/webhooks/${made.id}`)).toMatchObject({ revokedAt: expect.any(String) });

    // A deletion answers JSON too, with --json, and goes through the API.
    const doomed = JSON.parse(await remote('project', 'create', 'Doomed', '--json'));
    expect(JSON.parse(await remote('project', 'delete', doomed.id, '--yes', '--json'))).toEqual({ deleted: doomed.id });
    const projects = JSON.parse(await remote('project', 'list', '--json')).projects as { id: string }[];
    expect(projects.map((p) => p.id)).not.toContain(doomed.id);

    expect(existsSync(dataDir)).toBe(false);
  });

  it('takes the server and token from SHIPWATCH_SERVER and SHIPWATCH_TOKEN', async () => {
    process.env.SHIPWATCH_SERVER = server;
    process.env.SHIPWATCH_TOKEN = t.token;
    try {
      expect(JSON.parse(await shipwatch('token', 'list', '--json'))).toEqual(await api('/api/tokens'));
    } finally {
      delete process.env.SHIPWATCH_SERVER;
      delete process.env.SHIPWATCH_TOKEN;
    }
  });

  it("reports the server's refusal, and refuses commands the API does not offer", async () => {
    await expect(shipwatch('--server', server, '--token', 'swt_wrong', 'project', 'list')).rejects.toThrow(
      /answered 401 \(unauthorized\).*--token or SHIPWATCH_TOKEN/,
    );
    await expect(remote('metrics', '--project', 'prj_missing')).rejects.toThrow(/answered 404/);
    await expect(shipwatch('--server', server, 'project', 'list')).rejects.toThrow(/--server needs an API token/);
    await expect(remote('import', '--webhook', 'wh_x', 'history.jsonl')).rejects.toThrow(
      /`import` works on the server's own database/,
    );
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('shipwatch without --server and without a database', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'shipwatch-cli-none-')), 'data');
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.SHIPWATCH_DATA_DIR = dataDir;
    process.env.SHIPWATCH_LOG_LEVEL = 'silent';
    delete process.env.DATABASE_URL;
    delete process.env.SHIPWATCH_SERVER;
    delete process.env.SHIPWATCH_TOKEN;
  });
  afterAll(() => {
    process.env = saved;
  });

  it('makes no database or key for a read and says how to point it at the server or the data', async () => {
    for (const args of [
      ['metrics', '--project', 'prj_x'],
      ['project', 'list'],
      ['webhook', 'list', '--project', 'prj_x'],
      ['token', 'list'],
    ]) {
      await expect(shipwatch(...args)).rejects.toThrow(
        /no Shipwatch database at .*shipwatch\.db[\s\S]*--server[\s\S]*SHIPWATCH_SERVER[\s\S]*SHIPWATCH_DATA_DIR/,
      );
    }
    expect(existsSync(dataDir)).toBe(false);
  });
});
