import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSuccess } from './support/deliveries.js';
import { createHook, type Hook, type ServerProcess, sleep, startServer, tempDir } from './support/server.js';

// Issue 14, item 2: ten connections that declare a 26 MiB push body (the unsigned X-GitHub-Event: push header is
// enough to get the push limit), send nearly all of it and stall, held the server-wide 256 MiB budget, and every
// valid delivery was answered 503, unrecorded. Each attacker here comes from its own address (X-Forwarded-For,
// with 127.0.0.1 the trusted proxy in front), as from ten machines; the valid delivery from GitHub's.
const PUSH_LIMIT = 26 * 1024 * 1024;
const dir = tempDir('shipwatch-stalled-');
let server: ServerProcess;
let hook: Hook;
beforeAll(async () => {
  server = await startServer({ dataDir: dir.path, env: { SHIPWATCH_TRUST_PROXY: '127.0.0.1' } });
  hook = await createHook(server, 'github');
});
afterAll(async () => {
  await server?.kill();
  dir.remove();
});

/** A push request declaring `PUSH_LIMIT` bytes that sends all but `missing` of them, then nothing. */
function stalledPush(port: number, address: string, missing: number): { socket: Socket; closed: Promise<number> } {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  socket.on('data', () => {});
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started)));
  socket.write(
    `POST ${hook.path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nx-github-event: push\r\n` +
      `x-forwarded-for: ${address}\r\ncontent-length: ${PUSH_LIMIT}\r\n\r\n`,
  );
  const chunk = Buffer.alloc(1024 * 1024, 32);
  let left = PUSH_LIMIT - missing;
  const pump = () => {
    while (left > 0) {
      const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= part.length;
      if (!socket.write(part)) return void socket.once('drain', pump);
    }
  };
  socket.once('connect', pump);
  return { socket, closed };
}

describe('stalled large bodies', () => {
  it('ten stalled 26 MiB bodies do not turn one valid delivery into a 503', async () => {
    const stalled = Array.from({ length: 10 }, (_, i) => stalledPush(server.port, `203.0.113.${i + 1}`, 420_000));
    // Let them send what they send (260 MiB over loopback) and hold it.
    await sleep(2_500);
    const delivery = githubSuccess(hook.secret, 0, { base: 9_000_000 });
    const started = Date.now();
    const valid = await server.client.request({
      method: 'POST',
      path: hook.path,
      headers: { ...delivery.headers, 'x-forwarded-for': '192.0.2.10' },
      body: delivery.body,
    });
    const validMs = Date.now() - started;
    const deadline = sleep(40_000).then(() => -1);
    const closedAfter = await Promise.all(stalled.map((s) => Promise.race([s.closed, deadline])));
    for (const s of stalled) s.socket.destroy();
    const rejected = await server.api<{ deliveries: { httpStatus: number; reason: string }[] }>(
      'GET',
      `/api/webhooks/${hook.id}/deliveries?limit=100&outcome=rejected`,
    );
    const statuses = rejected.json.deliveries.map((d) => d.httpStatus).sort();
    console.log(
      `[stalled-large] valid delivery ${valid.status} in ${validMs} ms; stalled closed after (ms): ${closedAfter.join(', ')}; rejected records: ${statuses.join(', ')}; rss peak ${Math.round((server.memory()?.peak ?? 0) / 2 ** 20)} MiB`,
    );
    expect(valid.status).toBe(200);
    expect(validMs).toBeLessThan(2_000);
    // Every stalled body is cut off, the large ones within their 5 s of silence (plus the time to send them).
    expect(closedAfter.filter((ms) => ms < 0)).toEqual([]);
    expect(Math.max(...closedAfter)).toBeLessThan(20_000);
    // Each refused one leaves a record with its reason: 503 (no room) or 408 (stalled), never unlogged.
    expect(statuses.length).toBe(10);
    expect(statuses.every((s) => s === 503 || s === 408)).toBe(true);
    expect(server.alive()).toBe(true);
  });
});
