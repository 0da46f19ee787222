import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSuccess } from './support/deliveries.js';
import { percentile, pool } from './support/http.js';
import { createHook, type Hook, type ServerProcess, sleep, startServer, tempDir } from './support/server.js';

const dir = tempDir('shipwatch-backpressure-');
let server: ServerProcess;
let hook: Hook;
beforeAll(async () => {
  server = await startServer({ dataDir: dir.path });
  hook = await createHook(server, 'github');
});
afterAll(async () => {
  await server?.kill();
  dir.remove();
});

let counter = 0;
async function sendReal(): Promise<{ status: number; ms: number }> {
  const delivery = githubSuccess(hook.secret, counter++, { base: 5_000_000 });
  const res = await server.client.request({
    method: 'POST',
    path: hook.path,
    headers: delivery.headers,
    body: delivery.body,
  });
  return { status: res.status, ms: res.ms };
}

/** A raw connection that sends `text` and then nothing; resolves with when (ms) the server closed it. */
function stall(port: number, text: string): { socket: Socket; closed: Promise<number> } {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  socket.on('data', () => {});
  socket.write(text);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started)));
  return { socket, closed };
}

describe('back-pressure', () => {
  it('cuts off clients that stall mid-request while serving the others', async () => {
    const body = githubSuccess(hook.secret, 0, { base: 4_000_000 });
    const head = (length: number) =>
      `POST ${hook.path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
      `x-github-event: deployment_status\r\nx-github-delivery: ${body.key}\r\n` +
      `x-hub-signature-256: ${body.headers['x-hub-signature-256']}\r\ncontent-length: ${length}\r\n\r\n`;
    const stalled = [
      // Headers and part of the body, then silence.
      ...Array.from({ length: 10 }, () => stall(server.port, head(body.body.length) + body.body.slice(0, 1000))),
      // Part of the headers, then silence.
      ...Array.from({ length: 10 }, () => stall(server.port, head(body.body.length).slice(0, 60))),
    ];
    // The others are served, quickly, while those hang.
    const results: { status: number; ms: number }[] = [];
    await pool(200, 8, async () => {
      results.push(await sendReal());
    });
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    expect(
      percentile(
        results.map((r) => r.ms),
        99,
      ),
    ).toBeLessThan(2000);
    // Every stalled connection is closed by the server: a stalled body within the 30 s request timeout, stalled
    // headers within the 10 s headers timeout, each plus the 2 s check interval (and a margin for a busy machine).
    const deadline = sleep(45_000).then(() => -1);
    const closedAfter = await Promise.all(stalled.map((s) => Promise.race([s.closed, deadline])));
    for (const s of stalled) s.socket.destroy();
    console.log(`[stall] stalled connections closed after (ms): ${closedAfter.join(', ')}`);
    expect(closedAfter.filter((ms) => ms < 0).length, 'stalled connections still open after 45 s').toBe(0);
    const stalledBodies = closedAfter.slice(0, 10);
    const stalledHeaders = closedAfter.slice(10);
    expect(Math.max(...stalledBodies)).toBeLessThan(40_000);
    expect(Math.max(...stalledHeaders)).toBeLessThan(20_000);
    // Nothing was stored from the cut-off body.
    const log = await server.api<{ deliveries: { outcome: string }[] }>(
      'GET',
      `/api/webhooks/${hook.id}/deliveries?limit=500&outcome=accepted`,
    );
    expect(log.json.deliveries.length).toBe(200);
    expect(server.alive()).toBe(true);
  });

  it('answers forged requests 429 past the limit, and real deliveries neither get 429 nor slow down', async () => {
    const baseline: number[] = [];
    await pool(100, 4, async () => {
      const r = await sendReal();
      expect(r.status).toBe(200);
      baseline.push(r.ms);
    });

    const forged: { status: number; retryAfter: string | undefined }[] = [];
    let flooding = true;
    const flood = Promise.all(
      Array.from({ length: 8 }, async () => {
        const started = Date.now();
        while (flooding && Date.now() - started < 30_000 && forged.length < 50_000) {
          const d = githubSuccess('not-the-secret', counter++, { base: 6_000_000 });
          const res = await server.client.request({
            method: 'POST',
            path: hook.path,
            headers: d.headers,
            body: d.body,
          });
          forged.push({ status: res.status, retryAfter: res.headers['retry-after'] as string | undefined });
        }
      }),
    );
    await sleep(300);
    const during: { status: number; ms: number }[] = [];
    await pool(200, 4, async () => {
      during.push(await sendReal());
    });
    flooding = false;
    await flood;

    const base50 = percentile(baseline, 50);
    const during50 = percentile(
      during.map((r) => r.ms),
      50,
    );
    console.log(
      `[forged] ${forged.length} forged requests: ${forged.filter((f) => f.status === 401).length} x 401, ${forged.filter((f) => f.status === 429).length} x 429; real p50 ${base50.toFixed(1)} ms before, ${during50.toFixed(1)} ms during the flood`,
    );
    expect(during.filter((r) => r.status !== 200)).toEqual([]);
    expect(forged.filter((f) => f.status !== 401 && f.status !== 429)).toEqual([]);
    expect(forged.filter((f) => f.status === 401).length).toBeLessThanOrEqual(30);
    expect(forged.filter((f) => f.status === 429).length).toBeGreaterThan(forged.length / 2);
    expect(forged.filter((f) => f.status === 429 && !/^\d+$/.test(f.retryAfter ?? '')).length).toBe(0);
    expect(during50).toBeLessThan(Math.max(3 * base50, base50 + 25));
    // 429s leave no delivery record: the log holds the 401s only (and the 408s of the bodies stalled above).
    const rejected = await server.api<{ deliveries: { httpStatus: number }[] }>(
      'GET',
      `/api/webhooks/${hook.id}/deliveries?limit=500&outcome=rejected`,
    );
    expect(rejected.json.deliveries.filter((d) => d.httpStatus !== 408).length).toBe(
      forged.filter((f) => f.status === 401).length,
    );
  });
});
