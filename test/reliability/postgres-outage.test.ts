import { afterAll, describe, expect, it } from 'vitest';
import { type GithubDelivery, githubSuccess } from './support/deliveries.js';
import { createScratchDatabase, postgresAvailable, type ScratchDatabase } from './support/postgres.js';
import { createHook, type Hook, type ServerProcess, sleep, startServer } from './support/server.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const STREAMS = 8;

const run = postgresAvailable('the PostgreSQL outage test') ? describe : describe.skip;

interface Sent {
  readonly delivery: GithubDelivery;
  status: number | 'error' | 'pending';
  at: number;
  answeredAt?: number;
}

/** Sends deliveries on `STREAMS` connections until told to stop (bounded in count). */
function stream(server: ServerProcess, hook: Hook, sent: Sent[], limit: number) {
  let stop = false;
  const done = Promise.all(
    Array.from({ length: STREAMS }, async () => {
      while (!stop && sent.length < limit) {
        const record: Sent = { delivery: githubSuccess(hook.secret, sent.length), status: 'pending', at: Date.now() };
        sent.push(record);
        try {
          const res = await server.client.request({
            method: 'POST',
            path: hook.path,
            headers: record.delivery.headers,
            body: record.delivery.body,
            timeoutMs: 20_000,
          });
          record.status = res.status;
        } catch {
          record.status = 'error';
        }
        record.answeredAt = Date.now();
        // Under an outage answers come fast: do not spin.
        if (record.status !== 200) await sleep(20);
      }
    }),
  );
  return {
    async stop() {
      stop = true;
      await done;
    },
  };
}

async function readyStatus(server: ServerProcess): Promise<number | 'error'> {
  if (!server.alive()) throw new Error(`the server process died:\n${server.output().slice(-3000)}`);
  try {
    return (await server.client.request({ method: 'GET', path: '/readyz', timeoutMs: 10_000 })).status;
  } catch {
    return 'error';
  }
}

async function waitFor(what: string, deadlineMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    if (await check()) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`${what} did not happen within ${deadlineMs} ms`);
}

run('PostgreSQL unreachable under load (a TCP proxy cuts it)', () => {
  let scratch: ScratchDatabase | undefined;
  let proxy: TcpProxy | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill();
    await proxy?.close();
    await scratch?.drop();
  });

  it('answers 503 while the database is down, writes nothing by halves, and recovers without a restart', async () => {
    scratch = await createScratchDatabase();
    const target = new URL(scratch.url());
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    server = await startServer({ databaseUrl: scratch.url('127.0.0.1', proxy.port) });
    const live = server;
    const hook = await createHook(live, 'github');
    const sent: Sent[] = [];
    const load = stream(live, hook, sent, 20_000);
    await sleep(1000);

    const cutAt = Date.now();
    proxy.cut('reset');
    const notReadyAfter = await waitFor('/readyz failing', 10_000, async () => (await readyStatus(live)) === 503);
    await sleep(2000);
    proxy.restore();
    const restoredAt = Date.now();
    // Sent once the outage showed, and answered before it ended (a request that waited for a connection may
    // rightly succeed once the database is back).
    const during = sent.filter((s) => s.at > cutAt + notReadyAfter + 500 && (s.answeredAt ?? Infinity) < restoredAt);
    const readyAfter = await waitFor('/readyz passing again', 30_000, async () => (await readyStatus(live)) === 200);
    await waitFor('a delivery answered 200 again', 30_000, async () =>
      sent.some((s) => s.at > restoredAt && s.status === 200),
    );
    await sleep(500);
    await load.stop();

    const statuses = countBy(sent.map((s) => String(s.status)));
    console.log(
      `[outage] ${sent.length} deliveries: ${JSON.stringify(statuses)}; /readyz failed ${notReadyAfter} ms after the cut, passed ${readyAfter} ms after the restore`,
    );
    expect(live.alive(), 'the server process must survive the outage').toBe(true);
    // While the database is down, receivers answer 503, never 500 nor a hang.
    expect(during.length).toBeGreaterThan(0);
    expect(countBy(during.map((s) => String(s.status)))).toEqual({ 503: during.length });
    expect(Object.keys(statuses).filter((s) => !['200', '503'].includes(s))).toEqual([]);

    // Nothing half-written: every claimed key has its delivery record, every deployment its status event.
    const [orphans] = await scratch.query<{ keys: number; deployments: number; acked_missing: number }>(
      `select (select count(*) from delivery_keys k where not exists (select 1 from deliveries d where d.id = k.delivery_id))::int as keys,
              (select count(*) from deployments p where not exists (select 1 from deployment_events e where e.deployment_id = p.id))::int as deployments,
              0 as acked_missing`,
    );
    expect(orphans).toEqual({ keys: 0, deployments: 0, acked_missing: 0 });
    const stored = new Set((await scratch.query<{ key: string }>('select key from delivery_keys')).map((r) => r.key));
    const lost = sent.filter((s) => s.status === 200 && !stored.has(s.delivery.key));
    expect(lost.length, 'acknowledged but not stored').toBe(0);

    // A resend of everything not acknowledged completes the totals.
    for (const s of sent.filter((x) => x.status !== 200)) {
      const res = await live.client.request({
        method: 'POST',
        path: hook.path,
        headers: s.delivery.headers,
        body: s.delivery.body,
      });
      expect(res.status, res.body.toString('utf8')).toBe(200);
    }
    const [counts] = await scratch.query(
      `select (select count(*) from deployments)::int as deployments,
              (select count(*) from deployment_events)::int as events,
              (select count(*) from delivery_keys)::int as keys`,
    );
    expect(counts).toEqual({ deployments: sent.length, events: sent.length, keys: sent.length });
  });
});

run('PostgreSQL partitioned under load (a TCP proxy forwards nothing)', () => {
  let scratch: ScratchDatabase | undefined;
  let proxy: TcpProxy | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill();
    await proxy?.close();
    await scratch?.drop();
  });

  it('answers 503 within seconds rather than hanging, and recovers without a restart', async () => {
    scratch = await createScratchDatabase();
    const target = new URL(scratch.url());
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    server = await startServer({ databaseUrl: scratch.url('127.0.0.1', proxy.port) });
    const live = server;
    const hook = await createHook(live, 'github');
    const sent: Sent[] = [];
    const load = stream(live, hook, sent, 20_000);
    await sleep(1000);
    proxy.cut('blackhole');
    const cutAt = Date.now();
    const notReadyAfter = await waitFor('/readyz failing', 10_000, async () => (await readyStatus(live)) === 503);
    // Fresh deliveries sent into the partition must be answered 503 within seconds, not hang.
    const probes = await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        const delivery = githubSuccess(hook.secret, 900_000 + i);
        const started = Date.now();
        try {
          const res = await live.client.request({
            method: 'POST',
            path: hook.path,
            headers: delivery.headers,
            body: delivery.body,
            timeoutMs: 15_000,
          });
          return { status: String(res.status), ms: Date.now() - started };
        } catch (error) {
          return { status: String(error), ms: Date.now() - started };
        }
      }),
    );
    console.log(`[partition] fresh deliveries during the partition: ${JSON.stringify(probes)}`);
    // Requests caught in flight by the partition must not hang either (no answer 12 s after the cut).
    await sleep(Math.max(0, cutAt + 12_000 - Date.now()));
    const hanging = sent.filter((s) => s.status === 'pending' && s.at < cutAt).length;
    console.log(`[partition] requests in flight at the cut still unanswered 12 s later: ${hanging}`);
    proxy.restore();
    const restoredAt = Date.now();
    const readyAfter = await waitFor('/readyz passing again', 30_000, async () => (await readyStatus(live)) === 200);
    await waitFor('a delivery answered 200 again', 30_000, async () =>
      sent.some((s) => s.at > restoredAt && s.status === 200),
    );
    await load.stop();
    console.log(
      `[partition] ${sent.length} deliveries: ${JSON.stringify(countBy(sent.map((s) => String(s.status))))}; /readyz failed ${notReadyAfter} ms after the cut, passed ${readyAfter} ms after the restore`,
    );
    expect(live.alive(), 'the server process must survive the partition').toBe(true);
    expect(hanging, 'requests in flight at the cut, unanswered 12 s later').toBe(0);
    for (const probe of probes) {
      expect(probe.status).toBe('503');
      expect(probe.ms).toBeLessThan(10_000);
    }
    const stored = new Set((await scratch.query<{ key: string }>('select key from delivery_keys')).map((r) => r.key));
    expect(sent.filter((s) => s.status === 200 && !stored.has(s.delivery.key)).length).toBe(0);
  });
});

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
