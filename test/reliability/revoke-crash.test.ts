import { afterAll, describe, expect, it } from 'vitest';
import { githubSuccess } from './support/deliveries.js';
import { createHook, type ServerProcess, sleep, startServer, tempDir } from './support/server.js';

// Issue 14, item 3: the revoke committed `revoked_at`, then deleted in batches; a process that died in between left
// the revoked webhook's deployments counting for good, and a second revoke answered 409. The server is started
// with SHIPWATCH_TEST_REVOKE_PAUSE_MS, which makes a revoke wait that long after its first transaction, and is
// killed with SIGKILL while it waits.
const dir = tempDir('shipwatch-revoke-crash-');
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.kill();
  dir.remove();
});

interface Figures {
  deploymentFrequency: { deployments: number };
}

describe('a revoke cut by a crash', () => {
  it('hides what it deletes at once, finishes at the next start, and a second revoke is still 409', async () => {
    const first = await startServer({ dataDir: dir.path, env: { SHIPWATCH_TEST_REVOKE_PAUSE_MS: '120000' } });
    server = first;
    const revoked = await createHook(first, 'github');
    const kept = await createHook(first, 'github', revoked.projectId);
    const send = async (hook: typeof revoked, index: number) => {
      const d = githubSuccess(hook.secret, index, { base: hook === revoked ? 1_000 : 2_000 });
      const res = await first.client.request({ method: 'POST', path: hook.path, headers: d.headers, body: d.body });
      expect(res.status).toBe(200);
    };
    for (let i = 0; i < 30; i += 1) await send(revoked, i);
    for (let i = 0; i < 5; i += 1) await send(kept, i);
    const metrics = async (s: ServerProcess) =>
      (await s.api<Figures>('GET', `/api/projects/${revoked.projectId}/metrics`)).json.deploymentFrequency.deployments;
    expect(await metrics(first)).toBe(35);

    // The revoke starts and pauses after its first transaction.
    const revoking = first.api('POST', `/api/webhooks/${revoked.id}/revoke`).catch(() => null);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const hook = await first.api<{ revokedAt: string | null }>('GET', `/api/webhooks/${revoked.id}`);
      if (hook.json.revokedAt !== null) break;
      if (Date.now() > deadline) throw new Error('the revoke did not mark the webhook within 20 s');
      await sleep(50);
    }
    // Marked, nothing deleted yet: what it will delete no longer counts.
    expect(await metrics(first)).toBe(5);
    await first.kill();
    await revoking;

    // Started again (no pause): the revoke was finished at start, and a second one is refused.
    const second = await startServer({ dataDir: dir.path });
    server = second;
    expect(await metrics(second)).toBe(5);
    const deployments = await second.api<{ deployments: unknown[] }>(
      'GET',
      `/api/projects/${revoked.projectId}/deployments?limit=100`,
    );
    expect(deployments.json.deployments.length).toBe(5);
    // The maintenance task finishes the revoke at start: the revoked webhook's deliveries go.
    const until = Date.now() + 15_000;
    let left = -1;
    while (Date.now() < until) {
      const d = await second.api<{ deliveries: unknown[] }>('GET', `/api/webhooks/${revoked.id}/deliveries`);
      left = d.json.deliveries.length;
      if (left === 0) break;
      await sleep(100);
    }
    expect(left).toBe(0);
    const again = await second.api<{ error: { code: string } }>('POST', `/api/webhooks/${revoked.id}/revoke`);
    expect([again.status, again.json.error.code]).toEqual([409, 'conflict']);
  });
});
