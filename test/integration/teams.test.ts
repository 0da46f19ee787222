import { beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describeEachDatabase('teams: create, list, change, delete; who sees which', ({ handle }) => {
  let t: TestApp;
  let a: string;
  let b: string;
  const as = (headers: Record<string, string>) => ({
    send: (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) }),
  });
  const admin = () => as(t.auth);
  const tokenFor = async (body: object) => {
    const res = await admin().send('POST', '/api/tokens', body);
    expect(res.statusCode, res.body).toBe(201);
    return bearer(res.json().token);
  };

  beforeAll(async () => {
    t = await buildTestApp(handle());
    a = (await admin().send('POST', '/api/projects', { name: 'A', timeZone: 'Europe/Paris' })).json().id;
    b = (await admin().send('POST', '/api/projects', { name: 'B' })).json().id;
  });

  it("creates a team with the first listed project's time zone by default, or the one given", async () => {
    const res = await admin().send('POST', '/api/teams', { name: '  Payments ', projectIds: [a, b, a] });
    expect(res.statusCode, res.body).toBe(201);
    const team = res.json();
    expect(team).toEqual({
      id: expect.stringMatching(/^team_[A-Za-z0-9_-]{22}$/),
      name: 'Payments',
      projectIds: [a, b],
      timeZone: 'Europe/Paris',
      createdAt: new Date(t.now()).toISOString(),
    });
    const other = (
      await admin().send('POST', '/api/teams', { name: 'B only', projectIds: [b], timeZone: 'Asia/Tokyo' })
    ).json();
    expect(other.timeZone).toBe('Asia/Tokyo');
    expect((await admin().send('GET', `/api/teams/${team.id}`)).json()).toEqual(team);
    const list = (await admin().send('GET', '/api/teams')).json().teams.map((x: { id: string }) => x.id);
    expect(list).toEqual(expect.arrayContaining([team.id, other.id]));
  });

  it('answers 400 naming the field for an empty name, no or unknown projects, a bad time zone', async () => {
    for (const [payload, field] of [
      [{ name: ' ', projectIds: [a] }, /name/],
      [{ name: 'x', projectIds: [] }, /projectIds/],
      [{ name: 'x', projectIds: [a, 'prj_nope'] }, /projectIds.*prj_nope/],
      [{ name: 'x', projectIds: [a], timeZone: 'Mars/Olympus' }, /timeZone/],
      [{ name: 'x' }, /projectIds/],
    ] as const) {
      const res = await admin().send('POST', '/api/teams', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
      expect(res.json().error.message).toMatch(field);
    }
    const team = (await admin().send('POST', '/api/teams', { name: 'T', projectIds: [a] })).json();
    const bad = await admin().send('PATCH', `/api/teams/${team.id}`, { projectIds: ['prj_nope'] });
    expect(bad.statusCode).toBe(400);
    expect((await admin().send('GET', `/api/teams/${team.id}`)).json().projectIds).toEqual([a]);
  });

  it('renames, replaces the projects, changes the zone; deletes with 204; unknown teams are 404 naming them', async () => {
    const team = (await admin().send('POST', '/api/teams', { name: 'Old', projectIds: [a] })).json();
    const changed = await admin().send('PATCH', `/api/teams/${team.id}`, {
      name: 'New',
      projectIds: [b, a],
      timeZone: 'UTC',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({ ...team, name: 'New', projectIds: [b, a], timeZone: 'UTC' });
    expect((await admin().send('GET', `/api/teams/${team.id}`)).json()).toEqual(changed.json());
    expect((await admin().send('DELETE', `/api/teams/${team.id}`)).statusCode).toBe(204);
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await admin().send(method, `/api/teams/${team.id}`, method === 'PATCH' ? { name: 'x' } : undefined);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.message).toContain(team.id);
    }
    expect((await admin().send('GET', `/api/teams/${team.id}/metrics`)).statusCode).toBe(404);
    // The projects stay.
    expect((await admin().send('GET', `/api/projects/${a}`)).statusCode).toBe(200);
  });

  it('lets a viewer read teams and their figures, not write (403 naming the role); a maintainer writes', async () => {
    const viewer = as(await tokenFor({ name: 'v', role: 'viewer' }));
    const maintainer = as(await tokenFor({ name: 'm', role: 'maintainer' }));
    const made = await maintainer.send('POST', '/api/teams', { name: 'M', projectIds: [a, b] });
    expect(made.statusCode).toBe(201);
    const id = made.json().id;
    for (const url of [
      '/api/teams',
      `/api/teams/${id}`,
      `/api/teams/${id}/metrics`,
      `/api/teams/${id}/metrics/series`,
      '/api/metrics',
    ]) {
      expect((await viewer.send('GET', url)).statusCode, url).toBe(200);
    }
    for (const [method, url, payload] of [
      ['POST', '/api/teams', { name: 'V', projectIds: [a] }],
      ['PATCH', `/api/teams/${id}`, { name: 'V' }],
      ['DELETE', `/api/teams/${id}`, undefined],
    ] as const) {
      const res = await viewer.send(method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('maintainer') });
    }
    expect((await maintainer.send('PATCH', `/api/teams/${id}`, { name: 'M2' })).json().name).toBe('M2');
    expect((await maintainer.send('DELETE', `/api/teams/${id}`)).statusCode).toBe(204);
  });

  it('shows a project-limited token only the teams all of whose projects it sees, and only its projects', async () => {
    const both = (await admin().send('POST', '/api/teams', { name: 'both', projectIds: [a, b] })).json();
    const onlyA = (await admin().send('POST', '/api/teams', { name: 'only A', projectIds: [a] })).json();
    const limited = as(await tokenFor({ name: 'A', role: 'maintainer', projectIds: [a] }));
    const ids = (await limited.send('GET', '/api/teams')).json().teams.map((x: { id: string }) => x.id);
    expect(ids).toContain(onlyA.id);
    expect(ids).not.toContain(both.id);
    for (const url of [
      `/api/teams/${both.id}`,
      `/api/teams/${both.id}/metrics`,
      `/api/teams/${both.id}/metrics/series`,
    ]) {
      expect((await limited.send('GET', url)).statusCode, url).toBe(404);
    }
    expect((await limited.send('PATCH', `/api/teams/${both.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await limited.send('DELETE', `/api/teams/${both.id}`)).statusCode).toBe(404);
    expect((await limited.send('GET', `/api/teams/${onlyA.id}/metrics`)).statusCode).toBe(200);
    // It may not put a project it cannot see into a team: the same 400 as for an unknown one.
    const refused = await limited.send('POST', '/api/teams', { name: 'x', projectIds: [a, b] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain(b);
    const overview = (await limited.send('GET', '/api/metrics')).json();
    expect(overview.projects.map((p: { projectId: string }) => p.projectId)).toEqual([a]);
    const all = (await admin().send('GET', '/api/metrics')).json();
    expect(all.projects.map((p: { projectId: string }) => p.projectId)).toEqual(expect.arrayContaining([a, b]));
  });

  it('keeps a team when one of its projects is deleted, and when a webhook of it is revoked', async () => {
    const c = (await admin().send('POST', '/api/projects', { name: 'C' })).json().id;
    const team = (await admin().send('POST', '/api/teams', { name: 'with C', projectIds: [c, a] })).json();
    const hook = (await admin().send('POST', `/api/projects/${a}/webhooks`, { provider: 'generic' })).json();
    expect((await admin().send('POST', `/api/webhooks/${hook.id}/revoke`)).statusCode).toBe(200);
    expect((await admin().send('GET', `/api/teams/${team.id}`)).json().projectIds).toEqual([c, a]);
    expect((await admin().send('DELETE', `/api/projects/${c}`)).statusCode).toBe(204);
    const after = (await admin().send('GET', `/api/teams/${team.id}`)).json();
    expect(after).toEqual({ ...team, projectIds: [a] });
    expect((await admin().send('GET', `/api/teams/${team.id}/metrics`)).statusCode).toBe(200);
  });
});
