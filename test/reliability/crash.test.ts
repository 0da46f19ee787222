import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { type GithubDelivery, githubSuccess } from './support/deliveries.js';
import { seededRandom, seedFrom } from './support/random.js';
import { createHook, type ServerProcess, sleep, startServer, tempDir } from './support/server.js';

const ROUNDS = 5;
const STREAMS = 16;
/** Bounds the deliveries of one round whatever the machine's speed. */
const MAX_PER_ROUND = 20_000;

describe('SIGKILL while a client streams deliveries (SQLite, synchronous=FULL default)', () => {
  const dir = tempDir('shipwatch-crash-');
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill();
    dir.remove();
  });

  it(`keeps every acknowledged delivery across ${ROUNDS} kills at random moments, and a resend gives the right totals`, async () => {
    const random = seededRandom(seedFrom('SHIPWATCH_CRASH_SEED'));
    server = await startServer({ dataDir: dir.path });
    const hook = await createHook(server, 'github');
    const sent: GithubDelivery[] = [];
    const acked = new Set<string>();
    const serverErrors: string[] = [];
    const now = Date.now();

    for (let round = 0; round < ROUNDS; round++) {
      const live: ServerProcess = server;
      let stop = false;
      let roundSent = 0;
      const streams = Array.from({ length: STREAMS }, async () => {
        while (!stop && roundSent < MAX_PER_ROUND) {
          roundSent++;
          const delivery = githubSuccess(hook.secret, sent.length, { now });
          sent.push(delivery);
          try {
            const res = await live.client.request({
              method: 'POST',
              path: hook.path,
              headers: delivery.headers,
              body: delivery.body,
              timeoutMs: 15_000,
            });
            if (res.status === 200) acked.add(delivery.key);
            else if (res.status >= 500) serverErrors.push(`${res.status} ${res.body.toString('utf8').slice(0, 200)}`);
          } catch {
            // the connection died with the server: not acknowledged
          }
        }
      });
      const killAfter = 200 + Math.floor(random() * 1800);
      await sleep(killAfter);
      await live.kill();
      stop = true;
      await Promise.all(streams);

      // The data file right after the kill: intact, and holding every acknowledged delivery.
      const sqlite = new Database(join(dir.path, 'shipwatch.db'));
      try {
        expect(sqlite.pragma('integrity_check', { simple: true }), `round ${round}`).toBe('ok');
        expect(sqlite.pragma('foreign_key_check'), `round ${round}`).toEqual([]);
        const keys = new Set(
          sqlite.prepare('select key from delivery_keys where webhook_id = ?').pluck().all(hook.id) as string[],
        );
        const deployments = new Set(
          sqlite
            .prepare('select provider_deployment_id from deployments where project_id = ?')
            .pluck()
            .all(hook.projectId) as string[],
        );
        const missing = sent.filter(
          (d) => acked.has(d.key) && (!keys.has(d.key) || !deployments.has(String(d.deploymentId))),
        );
        expect(
          missing.map((d) => d.key),
          `round ${round}: acknowledged but not stored (killed after ${killAfter} ms)`,
        ).toEqual([]);
        // Nothing half-written: a claimed key always comes with its deployment and its delivery record.
        const orphanKeys = sqlite
          .prepare(
            `select count(*) from delivery_keys k where k.webhook_id = ? and not exists
               (select 1 from deliveries d where d.id = k.delivery_id)`,
          )
          .pluck()
          .get(hook.id);
        expect(orphanKeys, `round ${round}: delivery keys without their delivery record`).toBe(0);
      } finally {
        sqlite.close();
      }
      server = await startServer({ dataDir: dir.path });
    }

    expect(serverErrors).toEqual([]);
    expect(acked.size).toBeGreaterThan(ROUNDS * 10);
    const live: ServerProcess = server;
    // Resend what was never acknowledged: each is stored now, or found already stored (the answer was lost).
    const unacked = sent.filter((d) => !acked.has(d.key));
    const outcomes: Record<string, number> = {};
    for (const delivery of unacked) {
      const res = await live.client.request({
        method: 'POST',
        path: hook.path,
        headers: delivery.headers,
        body: delivery.body,
      });
      expect(res.status, res.body.toString('utf8')).toBe(200);
      const outcome = JSON.parse(res.body.toString('utf8')).outcome as string;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    expect(Object.keys(outcomes).filter((o) => o !== 'accepted' && o !== 'duplicate')).toEqual([]);

    // The totals: one successful production deployment per delivery ever sent, none doubled.
    const metrics = await live.api<{ deploymentFrequency: { deployments: number } }>(
      'GET',
      `/api/projects/${hook.projectId}/metrics`,
    );
    expect(metrics.status).toBe(200);
    expect(metrics.json.deploymentFrequency.deployments).toBe(sent.length);
    const log = await live.api<{ deliveries: unknown[] }>(
      'GET',
      `/api/webhooks/${hook.id}/deliveries?limit=500&outcome=rejected`,
    );
    expect(log.json.deliveries).toEqual([]);
    await live.stop();
    const sqlite = new Database(join(dir.path, 'shipwatch.db'), { readonly: true });
    try {
      const counts = sqlite
        .prepare(
          `select (select count(*) from deployments where project_id = @p) as deployments,
                  (select count(*) from deployment_events where project_id = @p) as events,
                  (select count(*) from delivery_keys where webhook_id = @w) as keys`,
        )
        .get({ p: hook.projectId, w: hook.id });
      expect(counts).toEqual({ deployments: sent.length, events: sent.length, keys: sent.length });
    } finally {
      sqlite.close();
    }
    console.log(
      `[crash] ${sent.length} deliveries sent over ${ROUNDS} kills, ${acked.size} acknowledged before a kill; resent ${unacked.length}: ${JSON.stringify(outcomes)}`,
    );
  });
});
