import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { shipwatch } from '../helpers/run-cli.js';

const WINDOW = ['--from', '2026-02-01', '--to', '2026-03-01'];

// `shipwatch overview` and `shipwatch team ...` through a real listening server: the API's own JSON.
describeEachDatabase('shipwatch --server overview and team', (ctx) => {
  const saved = { ...process.env };
  let t: TestApp;
  let server: string;
  const api = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const response = await t.app.inject({
      method,
      url,
      headers: t.auth,
      ...(payload === undefined ? {} : { payload }),
    });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json();
  };
  const remote = (...args: string[]) => shipwatch('--server', server, '--token', t.token, ...args);

  beforeAll(async () => {
    process.env.SHIPWATCH_DATA_DIR = join(mkdtempSync(join(tmpdir(), 'shipwatch-cli-teams-')), 'data');
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

  it('creates, lists, shows, renames and deletes a team, and prints the figures as the API answers them', async () => {
    const a = (await api('POST', '/api/projects', { name: 'A', timeZone: 'Europe/Paris' })).id;
    const b = (await api('POST', '/api/projects', { name: 'B' })).id;
    const team = JSON.parse(await remote('team', 'create', 'Payments', '--project', a, '--project', b, '--json'));
    expect(team).toMatchObject({ name: 'Payments', projectIds: [a, b], timeZone: 'Europe/Paris' });
    expect(team).toEqual(await api('GET', `/api/teams/${team.id}`));
    expect(JSON.parse(await remote('team', 'list', '--json'))).toEqual(await api('GET', '/api/teams'));
    expect(await remote('team', 'show', team.id)).toContain(`${team.id}  Payments  Europe/Paris`);
    expect(JSON.parse(await remote('team', 'rename', team.id, 'Pay', '--json')).name).toBe('Pay');
    expect(JSON.parse(await remote('team', 'metrics', team.id, ...WINDOW, '--json'))).toEqual(
      await api('GET', `/api/teams/${team.id}/metrics?from=2026-02-01&to=2026-03-01`),
    );
    expect(await remote('team', 'metrics', team.id, ...WINDOW)).toMatch(
      /Deployment frequency[\s\S]*Pooled over 2 projects/,
    );
    expect(JSON.parse(await remote('overview', ...WINDOW, '--json'))).toEqual(
      await api('GET', '/api/metrics?from=2026-02-01&to=2026-03-01'),
    );
    expect(await remote('overview', ...WINDOW)).toMatch(new RegExp(`A\\s+0 on 0 days[^\\n]*${a}`));
    expect(await remote('team', 'delete', team.id, '--yes')).toContain('deleted');
    await expect(remote('team', 'show', team.id)).rejects.toThrow(/404.*Team .* does not exist/);
  });
});

describe('shipwatch overview and team on the local database (SQLite)', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.SHIPWATCH_DATA_DIR = mkdtempSync(join(tmpdir(), 'shipwatch-cli-teams-local-'));
    process.env.SHIPWATCH_LOG_LEVEL = 'silent';
    delete process.env.DATABASE_URL;
    delete process.env.SHIPWATCH_SERVER;
    delete process.env.SHIPWATCH_TOKEN;
  });
  afterAll(() => {
    process.env = saved;
  });

  it("gives each project's metrics in the overview, and a team of one that project's figures", async () => {
    await shipwatch('migrate');
    const project = JSON.parse(await shipwatch('project', 'create', 'Solo', '--time-zone', 'Asia/Tokyo', '--json'));
    const own = JSON.parse(await shipwatch('metrics', '--project', project.id, ...WINDOW, '--json'));
    const overview = JSON.parse(await shipwatch('overview', ...WINDOW, '--json'));
    expect(overview).toEqual({ projects: [{ projectId: project.id, name: 'Solo', ...own }] });
    const team = JSON.parse(await shipwatch('team', 'create', 'Solo team', '--project', project.id, '--json'));
    expect(team.timeZone).toBe('Asia/Tokyo');
    const { projects, ...pooled } = JSON.parse(await shipwatch('team', 'metrics', team.id, ...WINDOW, '--json'));
    expect(pooled).toEqual(own);
    expect(projects).toHaveLength(1);
    expect(JSON.parse(await shipwatch('team', 'list', '--json')).teams).toEqual([team]);
    expect(JSON.parse(await shipwatch('team', 'delete', team.id, '--yes', '--json'))).toEqual({ deleted: team.id });
    expect(JSON.parse(await shipwatch('team', 'list', '--json')).teams).toEqual([]);
  });
});
