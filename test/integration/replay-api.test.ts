import { beforeAll, expect, it } from 'vitest';
import { githubDeploymentStatus, githubHeaders } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

// Issue 14, item 4 (part): replay offered in the API, and the deliveries past their raw-body retention counted.
describeEachDatabase('POST /api/webhooks/:webhookId/replay', ({ handle, db }) => {
  let t: TestApp;
  let hook: { id: string; secret: string };
  beforeAll(async () => {
    t = await buildTestApp(handle());
    const project = (
      await t.app.inject({ method: 'POST', url: '/api/projects', headers: t.auth, payload: { name: 'r' } })
    ).json();
    hook = (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${project.id}/webhooks`,
        headers: t.auth,
        payload: { provider: 'github' },
      })
    ).json();
    for (let i = 1; i <= 3; i += 1) {
      const body = JSON.stringify(
        githubDeploymentStatus({ deploymentId: i, statusId: i, state: 'success', createdAt: '2026-03-01T10:00:00Z' }),
      );
      const res = await t.app.inject({
        method: 'POST',
        url: `/hooks/${hook.id}`,
        headers: githubHeaders('deployment_status', body, hook.secret),
        payload: body,
      });
      expect(res.json().outcome).toBe('accepted');
    }
    // One body past its retention, as the maintenance task leaves it.
    const oldest = await db()
      .selectFrom('deliveries')
      .select('id')
      .where('webhook_id', '=', hook.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await db()
      .updateTable('deliveries')
      .set({ raw_body: null, headers: null, body_expires_at: null })
      .where('id', '=', oldest.id)
      .execute();
  });

  it('replays the kept bodies and counts those past their retention', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/webhooks/${hook.id}/replay`, headers: t.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ replayed: 2, stored: 0, corrected: 0, removed: 0, ignored: 0, pastRetention: 1 });
  });

  it('needs a credential, and answers 404 for an unknown webhook', async () => {
    expect((await t.app.inject({ method: 'POST', url: `/api/webhooks/${hook.id}/replay` })).statusCode).toBe(401);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/webhooks/wh_nope/replay', headers: t.auth });
    expect(unknown.statusCode).toBe(404);
  });
});
