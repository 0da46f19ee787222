import type { Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { createWriteQueue, type WriteQueue } from '../../src/db/write-queue.js';
import type { DeploymentEvent, NormalizedEvent } from '../../src/domain/index.js';
import { HttpError } from '../../src/errors.js';
import { receiveDelivery, type VerifiedDelivery } from '../../src/ingest/receive-delivery.js';
import { createProject } from '../../src/manage/projects.js';
import { createWebhook } from '../../src/manage/webhooks.js';
import { createSecretBox } from '../../src/secrets/secret-box.js';
import { TEST_KEY } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';

const NOW = Date.parse('2026-03-02T12:00:00Z');
const secretBox = createSecretBox(TEST_KEY);

/** A write queue that records the transaction each job was given: one object for all, one batch and one commit. */
function recording(writes: WriteQueue): { queue: WriteQueue; seen: Set<unknown> } {
  const seen = new Set<unknown>();
  const run: WriteQueue['run'] = (job) =>
    writes.run(async (trx) => {
      seen.add(trx);
      return job(trx);
    });
  return { seen, queue: { run, job: (_kind, _payload, inline) => run(inline) } };
}

function deployment(id: number, status: 'in_progress' | 'success', at: number): NormalizedEvent {
  const event: DeploymentEvent = {
    providerDeploymentId: String(id),
    instance: 'github.com',
    repository: 'acme/checkout',
    environment: 'production',
    productionHint: null,
    sha: 'a'.repeat(40),
    ref: "main's 'quoted' \\ ref",
    url: null,
    commitUrl: null,
    startedAt: at - 60_000,
    status: { status, at, key: `${id}:${status}`, providerState: status },
  };
  return { kind: 'deployment', deployment: event };
}

// The deliveries of one batch, through the real apply use cases (src/db/write-queue.ts): on PostgreSQL they run at
// once and their statements go together (src/db/statement-batch.ts); on SQLite one after another in savepoints.
describeEachDatabase('deliveries stored in one batch', ({ handle, db }) => {
  let webhook: VerifiedDelivery['webhook'];
  let revoked: VerifiedDelivery['webhook'];
  const verified = (hook: VerifiedDelivery['webhook'], key: string, normalized: NormalizedEvent): VerifiedDelivery => ({
    webhook: hook,
    event: 'deployment_status',
    deliveryKey: key,
    normalized,
    rawBody: JSON.stringify({ key, quote: "it's", backslash: '\\' }),
    keptHeaders: { 'x-github-event': 'deployment_status' },
    now: NOW,
  });
  const receive = (queue: WriteQueue, delivery: VerifiedDelivery) =>
    receiveDelivery(db(), queue, handle().dialect, delivery, { rawBodyRetentionDays: 30 });
  const stored = async (d: Kysely<Database>) => ({
    deployments: (await d.selectFrom('deployments').select('provider_deployment_id').execute()).length,
    events: (await d.selectFrom('deployment_events').select('id').execute()).length,
    deliveries: (await d.selectFrom('deliveries').select('id').where('webhook_id', '=', webhook.id).execute()).length,
  });

  beforeAll(async () => {
    const project = await createProject(db(), { name: 'batch', actor: 'test', now: NOW });
    const ctx = { db: db(), secretBox, publicUrl: 'http://shipwatch.test' };
    const a = await createWebhook(ctx, { projectId: project.id, provider: 'github', actor: 'test', now: NOW });
    const b = await createWebhook(ctx, { projectId: project.id, provider: 'github', actor: 'test', now: NOW });
    await db().updateTable('webhooks').set({ verified_at: NOW }).execute();
    await db().updateTable('webhooks').set({ revoked_at: NOW }).where('id', '=', b.id).execute();
    webhook = { id: a.id, project_id: project.id, provider: 'github', verified_at: NOW };
    revoked = { id: b.id, project_id: project.id, provider: 'github', verified_at: NOW };
  });

  it('stores deliveries that arrive together in one transaction, copies and two statuses of one deployment included', async () => {
    const { queue, seen } = recording(createWriteQueue(handle()));
    const deliveries = [
      ...Array.from({ length: 10 }, (_, i) => verified(webhook, `key-${i}`, deployment(100 + i, 'success', NOW - i))),
      // A copy of the first, under another key: nothing new.
      verified(webhook, 'key-copy', deployment(100, 'success', NOW)),
      // A second delivery with the first's key: a duplicate.
      verified(webhook, 'key-0', deployment(100, 'success', NOW)),
      // An earlier status of the second deployment, arriving after its success.
      verified(webhook, 'key-earlier', deployment(101, 'in_progress', NOW - 120_000)),
    ];
    const results = await Promise.all(deliveries.map((d) => receive(queue, d)));
    // One batch, committed once: no job was run again on its own.
    expect(seen.size).toBe(1);
    expect(results.map((r) => r.outcome)).toEqual([
      ...Array.from({ length: 10 }, () => 'accepted'),
      'duplicate',
      'duplicate',
      'accepted',
    ]);
    expect(await stored(db())).toEqual({ deployments: 10, events: 11, deliveries: 13 });
    const second = await db()
      .selectFrom('deployments')
      .select(['status', 'finished_at', 'ref'])
      .where('provider_deployment_id', '=', '101')
      .executeTakeFirstOrThrow();
    expect(second).toEqual({ status: 'success', finished_at: NOW - 1, ref: "main's 'quoted' \\ ref" });
  });

  it('stores the others of a batch when one of its deliveries is refused', async () => {
    const { queue, seen } = recording(createWriteQueue(handle()));
    const before = await stored(db());
    const deliveries = [
      verified(webhook, 'key-b1', deployment(200, 'success', NOW)),
      verified(revoked, 'key-gone', deployment(201, 'success', NOW)),
      verified(webhook, 'key-b2', deployment(202, 'success', NOW)),
    ];
    const results = await Promise.allSettled(deliveries.map((d) => receive(queue, d)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const refusal = (results[1] as PromiseRejectedResult).reason;
    expect(refusal).toBeInstanceOf(HttpError);
    expect((refusal as HttpError).code).toBe('gone');
    const after = await stored(db());
    expect(after).toEqual({
      deployments: before.deployments + 2,
      events: before.events + 2,
      deliveries: before.deliveries + 2,
    });
    // SQLite rolled the refused one back alone, in the batch; PostgreSQL ran each again in a transaction of its own.
    expect(seen.size).toBe(handle().dialect.groupCommit === 'savepoints' ? 1 : 4);
  });
});
