import { beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

describeEachDatabase('metrics windows and series are bounded (issue 14)', ({ handle }) => {
  let t: TestApp;
  let projectId: string;
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: t.auth });

  beforeAll(async () => {
    t = await buildTestApp(handle());
    projectId = (
      await t.app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: t.auth,
        payload: { name: 'Bounds', timeZone: 'Europe/Paris' },
      })
    ).json().id;
  });

  it('a day series over 0001 to 9999 is a 400 naming the 100-year bound, answered at once', async () => {
    const started = performance.now();
    const res = await get(`/api/projects/${projectId}/metrics/series?from=0001-01-01&to=9999-12-31&interval=day`);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
    expect(res.json().error.message).toContain('100 years');
  });

  it('the metrics of a window over 100 years is a 400 naming the bound', async () => {
    const res = await get(`/api/projects/${projectId}/metrics?from=0001-01-01&to=9999-12-31`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_request' });
    expect(res.json().error.message).toContain('36,525 days (100 years)');
  });

  it('1,001 daily points is a 400 that suggests a coarser interval; the same window by week is answered', async () => {
    const over = await get(`/api/projects/${projectId}/metrics/series?from=2024-01-01&to=2026-09-28&interval=day`);
    expect(over.statusCode).toBe(400);
    expect(over.json().error.code).toBe('invalid_request');
    expect(over.json().error.message).toContain('at most 1,000 points');
    expect(over.json().error.message).toContain('interval=week');
    const byWeek = await get(`/api/projects/${projectId}/metrics/series?from=2024-01-01&to=2026-09-28&interval=week`);
    expect(byWeek.statusCode).toBe(200);
    expect(byWeek.json().points).toHaveLength(143);
    const thousand = await get(`/api/projects/${projectId}/metrics/series?from=2024-01-01&to=2026-09-27&interval=day`);
    expect(thousand.statusCode).toBe(200);
    expect(thousand.json().points).toHaveLength(1_000);
  });
});
