import { beforeAll, describe, expect, it } from 'vitest';
import { readProjectSettings } from '../../src/domain/index.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

const DEFAULTS = {
  leadTimeExcludedAuthors: ['*[bot]'],
  failureDetection: { rollback: true, revert: true, hotfixKeywords: ['hotfix'], incidents: true },
  incidentLabels: ['incident'],
  incidentWindowHours: 24,
  pagerdutyServices: {},
};

describe('readProjectSettings', () => {
  it('fills every missing key with its default and ignores unknown keys', () => {
    expect(readProjectSettings({ surprise: 1 })).toEqual({ ok: true, settings: DEFAULTS });
    const read = readProjectSettings({ failureDetection: { hotfixKeywords: [] }, incidentWindowHours: 0 });
    expect(read).toEqual({
      ok: true,
      settings: {
        ...DEFAULTS,
        failureDetection: { ...DEFAULTS.failureDetection, hotfixKeywords: [] },
        incidentWindowHours: 0,
      },
    });
  });

  it.each([
    [[], 'body'],
    [{ leadTimeExcludedAuthors: 'bot' }, 'leadTimeExcludedAuthors'],
    [{ leadTimeExcludedAuthors: ['ok', ''] }, 'leadTimeExcludedAuthors[1]'],
    [{ failureDetection: { rollback: 'yes' } }, 'failureDetection.rollback'],
    [{ failureDetection: { hotfixKeywords: [3] } }, 'failureDetection.hotfixKeywords[0]'],
    [{ incidentLabels: ['x'.repeat(201)] }, 'incidentLabels[0]'],
    [{ incidentWindowHours: 1.5 }, 'incidentWindowHours'],
    [{ incidentWindowHours: 721 }, 'incidentWindowHours'],
    [{ pagerdutyServices: { PABC: '' } }, 'pagerdutyServices.PABC'],
    [{ pagerdutyServices: ['acme/api'] }, 'pagerdutyServices'],
  ])('names the bad field of %j', (body, field) => {
    const read = readProjectSettings(body);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.field).toBe(field);
      expect(read.message).toContain(field === 'body' ? 'JSON object' : field);
    }
  });
});

describeEachDatabase('project settings API', ({ handle }) => {
  let t: TestApp;
  let projectId: string;
  beforeAll(async () => {
    t = await buildTestApp(handle());
    const made = await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'S' } });
    projectId = made.json().id;
  });

  it('answers the defaults until a PUT, then what was PUT, whole', async () => {
    const url = `/api/projects/${projectId}/settings`;
    expect((await t.app.inject({ method: 'GET', url, headers: t.auth })).json()).toEqual(DEFAULTS);
    const body = {
      leadTimeExcludedAuthors: ['renovate*', 'dependabot[bot]'],
      failureDetection: { rollback: false, revert: true, hotfixKeywords: ['hotfix', 'hot fix'], incidents: false },
      incidentLabels: ['sev1'],
      incidentWindowHours: 48,
      pagerdutyServices: { PABC123: 'acme/checkout' },
      unknown: true,
    };
    const put = await t.app.inject({ method: 'PUT', url, headers: t.auth, payload: body });
    expect(put.statusCode).toBe(200);
    const { unknown: _ignored, ...expected } = body;
    expect(put.json()).toEqual(expected);
    expect((await t.app.inject({ method: 'GET', url, headers: t.auth })).json()).toEqual(expected);
    // A PUT replaces whole: what it leaves out goes back to its default.
    const reset = await t.app.inject({ method: 'PUT', url, headers: t.auth, payload: { incidentLabels: ['x'] } });
    expect(reset.json()).toEqual({ ...DEFAULTS, incidentLabels: ['x'] });
    const audit = (
      await t.app.inject({ method: 'GET', url: `/api/projects/${projectId}/audit`, headers: t.auth })
    ).json();
    expect(audit.audit.filter((a: { action: string }) => a.action === 'settings.update')).toHaveLength(2);
  });

  it('answers 400 naming the field, and changes nothing', async () => {
    const url = `/api/projects/${projectId}/settings`;
    const before = (await t.app.inject({ method: 'GET', url, headers: t.auth })).json();
    const bad = await t.app.inject({ method: 'PUT', url, headers: t.auth, payload: { incidentWindowHours: -1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('incidentWindowHours');
    expect((await t.app.inject({ method: 'GET', url, headers: t.auth })).json()).toEqual(before);
  });

  it('answers 404 for an unknown project', async () => {
    for (const method of ['GET', 'PUT'] as const) {
      const res = await t.app.inject({ method, url: '/api/projects/nope/settings', headers: t.auth, payload: {} });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.message).toContain('nope');
    }
  });
});
