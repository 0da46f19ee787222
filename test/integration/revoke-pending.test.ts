import { beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { finishUnfinishedRevokes } from '../../src/ingest/finish-revoke.js';
import { createRequestReceiver, type RequestReceiver } from '../../src/ingest/receive-request.js';
import { createProject } from '../../src/manage/projects.js';
import { revokeWebhook } from '../../src/manage/revoke-webhook.js';
import { createWebhook } from '../../src/manage/webhooks.js';
import { listDeployments } from '../../src/reports/deployments.js';
import { getMetrics } from '../../src/reports/metrics.js';
import { createSecretBox } from '../../src/secrets/secret-box.js';
import { genericDeployment, genericHeaders } from '../factories/generic.js';
import { TEST_KEY } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

const config = loadConfig({ SHIPWATCH_PUBLIC_URL: 'http://shipwatch.test', SHIPWATCH_DATA_DIR: '/tmp/unused' });
const secretBox = createSecretBox(TEST_KEY);
const NOW = Date.parse('2026-03-02T12:00:00Z');

// Issue 14, item 3: what a revoke deletes is hidden in the transaction that marks it; an unfinished revoke is
// finished later, idempotently; pull requests only the revoked webhook delivered go too.
describeEachDatabase('a revoke in two phases', ({ handle, db }) => {
  let receiver: RequestReceiver;
  let projectId: string;
  const hooks: { id: string; secret: string }[] = [];

  beforeAll(async () => {
    receiver = createRequestReceiver({ config, database: handle(), secretBox, now: () => NOW });
    projectId = (await createProject(db(), { name: 'revoke', actor: 'test', now: NOW })).id;
    for (let i = 0; i < 2; i += 1) {
      const made = await createWebhook(
        { db: db(), secretBox, publicUrl: config.publicUrl },
        { projectId, provider: 'generic', actor: 'test', now: NOW },
      );
      hooks.push({ id: made.id, secret: made.secret });
    }
    const send = async (hook: { id: string; secret: string }, deploymentId: string) => {
      const body = JSON.stringify(genericDeployment({ deploymentId, finishedAt: '2026-03-01T10:00:00Z' }));
      const answer = await receiver.receive({
        webhookId: hook.id,
        headers: genericHeaders(body, hook.secret),
        body: Buffer.from(body),
        clientAddress: '10.0.0.1',
      });
      expect(answer.ok).toBe(true);
    };
    const [a, b] = hooks as [{ id: string; secret: string }, { id: string; secret: string }];
    for (const id of ['a1', 'a2', 'a3']) await send(a, id);
    await send(b, 'b1');
    await send(b, 'a1'); // delivered by both: kept
    // Pull requests (stored by issue 15's wiring): one only `a` delivered, one both delivered.
    for (const [id, number, webhooks] of [
      ['pr_only_a', 1, [a.id]],
      ['pr_both', 2, [a.id, b.id]],
    ] as const) {
      await db()
        .insertInto('pull_requests')
        .values({
          id,
          project_id: projectId,
          repository: 'acme/checkout',
          number,
          title: 't',
          labels: '[]',
          source_branch: 'f',
          target_branch: 'main',
          opened_at: NOW,
          merged_at: null,
          head_sha: null,
          merge_commit_sha: null,
          state: 'open',
          updated_at: NOW,
          url: null,
          created_at: NOW,
        })
        .execute();
      for (const webhookId of webhooks)
        await db()
          .insertInto('lineage')
          .values({
            record_type: 'pull_request',
            record_id: id,
            webhook_id: webhookId,
            project_id: projectId,
            created_at: NOW,
          })
          .execute();
    }
  });

  const visible = async () => ({
    listed: (await listDeployments(db(), projectId, { limit: 100 })).deployments.length,
    counted: (await getMetrics(db(), projectId, { from: '2026-02-20', to: '2026-03-02' }, NOW)).deploymentFrequency
      .deployments,
  });

  it('hides at the mark, finishes after a crash, and a second finish deletes nothing more', async () => {
    const a = hooks[0] as { id: string };
    expect(await visible()).toEqual({ listed: 4, counted: 4 });
    let seenAtMark: { listed: number; counted: number } | null = null;
    // The process "dies" after the mark: afterMark throws, the deletions never run.
    await expect(
      revokeWebhook(
        db(),
        { id: a.id, actor: 'test', now: NOW },
        {
          afterMark: async () => {
            seenAtMark = await visible();
            throw new Error('killed');
          },
        },
      ),
    ).rejects.toThrow('killed');
    expect(seenAtMark).toEqual({ listed: 2, counted: 2 });
    expect(
      await db().selectFrom('deployments').select('id').where('project_id', '=', projectId).execute(),
    ).toHaveLength(4);
    await expect(revokeWebhook(db(), { id: a.id, actor: 'test', now: NOW })).rejects.toMatchObject({ statusCode: 409 });

    expect(await finishUnfinishedRevokes(db())).toEqual([a.id]);
    const left = await db()
      .selectFrom('deployments')
      .select(['provider_deployment_id', 'pending_delete'])
      .where('project_id', '=', projectId)
      .orderBy('provider_deployment_id')
      .execute();
    expect(left.map((r) => [r.provider_deployment_id, Number(r.pending_delete)])).toEqual([
      ['a1', 0],
      ['b1', 0],
    ]);
    const prs = await db().selectFrom('pull_requests').select('id').where('project_id', '=', projectId).execute();
    expect(prs.map((r) => r.id)).toEqual(['pr_both']);
    expect(await visible()).toEqual({ listed: 2, counted: 2 });
    expect(await finishUnfinishedRevokes(db())).toEqual([]);
  });

  it('a whole revoke counts the pull requests it deleted', async () => {
    const b = hooks[1] as { id: string };
    const result = await revokeWebhook(db(), { id: b.id, actor: 'test', now: NOW });
    expect(result.deleted).toMatchObject({ deployments: 2, pullRequests: 1 });
    expect(await visible()).toEqual({ listed: 0, counted: 0 });
  });
});
