import { expect, it } from 'vitest';
import { expireRawBodies, startMaintenance } from '../../src/ingest/maintenance.js';
import { createLogger } from '../../src/logger.js';
import { githubHeaders, githubPush } from '../factories/github.js';
import { buildTestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

describeEachDatabase('maintenance', ({ handle, db }) => {
  it('keeps raw bodies for the retention period, then drops them; a nudge refreshes the lead-time cache', async () => {
    const t = await buildTestApp(handle(), { env: { SHIPWATCH_RAW_BODY_RETENTION_DAYS: '2' } });
    const project = (
      await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'm' } })
    ).json().id;
    const hook = (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${project}/webhooks`,
        headers: t.auth,
        payload: { provider: 'github' },
      })
    ).json();
    const body = JSON.stringify(
      githubPush({
        before: 'a'.repeat(40),
        after: 'b'.repeat(40),
        commits: [{ id: 'b'.repeat(40), timestamp: '2026-03-01T10:00:00Z' }],
      }),
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/hooks/${hook.id}`,
      headers: githubHeaders('push', body, hook.secret),
      payload: body,
    });
    expect(res.json().outcome).toBe('accepted');
    const kept = await db()
      .selectFrom('deliveries')
      .select(['raw_body', 'body_expires_at'])
      .where('webhook_id', '=', hook.id)
      .executeTakeFirstOrThrow();
    expect(kept.raw_body).toBe(body);
    expect(kept.body_expires_at).toBe(t.now() + 2 * 86_400_000);
    expect(await expireRawBodies(db(), t.now() + 86_400_000)).toBe(0);
    expect(await expireRawBodies(db(), t.now() + 2 * 86_400_000)).toBe(1);
    const dropped = await db()
      .selectFrom('deliveries')
      .select(['raw_body', 'outcome'])
      .where('webhook_id', '=', hook.id)
      .executeTakeFirstOrThrow();
    expect(dropped).toEqual({ raw_body: null, outcome: 'accepted' });

    const stale = async () =>
      (
        await db()
          .selectFrom('repositories')
          .select('stale_from')
          .where('project_id', '=', project)
          .executeTakeFirstOrThrow()
      ).stale_from;
    expect(await stale()).not.toBeNull();
    const maintenance = startMaintenance(db(), createLogger('silent'), { debounceMs: 5 });
    maintenance.nudge(project);
    for (let i = 0; i < 200 && (await stale()) !== null; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(await stale()).toBeNull();
    await maintenance.stop();
  });
});
