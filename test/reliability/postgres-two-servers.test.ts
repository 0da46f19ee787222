import { afterAll, describe, expect, it } from 'vitest';
import { type GithubDelivery, githubPing, githubSuccess } from './support/deliveries.js';
import { pool } from './support/http.js';
import { createScratchDatabase, POSTGRES_URL, postgresAvailable, type ScratchDatabase } from './support/postgres.js';
import { seededRandom, seedFrom } from './support/random.js';
import { createHook, type ServerProcess, startServer } from './support/server.js';

const DELIVERIES = 500;
const COPIES_PER_SERVER = 2;

const run = postgresAvailable('the two-server PostgreSQL test') ? describe : describe.skip;

run('two server processes on one PostgreSQL database', () => {
  let scratch: ScratchDatabase | undefined;
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill()));
    await scratch?.drop();
  });

  it(`accept each of ${DELIVERIES} deliveries once when both receive every one twice at the same time`, async () => {
    expect(POSTGRES_URL).toBeDefined();
    scratch = await createScratchDatabase();
    const url = scratch.url();
    // Both start at once: the migrations must be applied once.
    servers.push(...(await Promise.all([startServer({ databaseUrl: url }), startServer({ databaseUrl: url })])));
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const hook = await createHook(a, 'github');
    // GitHub pings a new webhook first. (Concurrent first deliveries to an unverified webhook are
    // pending/postgres-first-deliveries.ts.)
    const ping = githubPing(hook.secret);
    const pinged = await a.client.request({ method: 'POST', path: hook.path, headers: ping.headers, body: ping.body });
    expect(pinged.status).toBe(200);

    const deliveries: GithubDelivery[] = Array.from({ length: DELIVERIES }, (_, i) => githubSuccess(hook.secret, i));
    const sends: { delivery: GithubDelivery; server: ServerProcess }[] = [];
    for (const delivery of deliveries)
      for (const server of [a, b]) for (let c = 0; c < COPIES_PER_SERVER; c++) sends.push({ delivery, server });
    // Shuffle, but keep the copies of one delivery close together so that they really race.
    const random = seededRandom(seedFrom('SHIPWATCH_TWO_SERVERS_SEED'));
    const groups = new Map<number, typeof sends>();
    sends.forEach((s, i) => {
      const group = Math.floor(i / 40);
      groups.set(group, [...(groups.get(group) ?? []), s]);
    });
    const ordered: typeof sends = [];
    for (const group of groups.values()) {
      for (let i = group.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [group[i], group[j]] = [group[j] as (typeof sends)[number], group[i] as (typeof sends)[number]];
      }
      ordered.push(...group);
    }

    const outcomes = new Map<string, string[]>();
    const failures: string[] = [];
    await pool(ordered.length, 40, async (i) => {
      const { delivery, server } = ordered[i] as (typeof sends)[number];
      const res = await server.client.request({
        method: 'POST',
        path: hook.path,
        headers: delivery.headers,
        body: delivery.body,
      });
      if (res.status !== 200) {
        failures.push(`${res.status} from :${server.port}: ${res.body.toString('utf8').slice(0, 300)}`);
        return;
      }
      const outcome = JSON.parse(res.body.toString('utf8')).outcome as string;
      outcomes.set(delivery.key, [...(outcomes.get(delivery.key) ?? []), outcome]);
    });

    expect(failures.slice(0, 10), `${failures.length} requests were not answered 200`).toEqual([]);
    const wrong = [...outcomes].filter(
      ([, list]) =>
        list.length !== 2 * COPIES_PER_SERVER ||
        list.filter((o) => o === 'accepted').length !== 1 ||
        list.filter((o) => o === 'duplicate').length !== 2 * COPIES_PER_SERVER - 1,
    );
    expect(wrong.slice(0, 10), `${wrong.length} deliveries without exactly one accepted copy`).toEqual([]);
    expect(outcomes.size).toBe(DELIVERIES);

    const [counts] = await scratch.query<{ deployments: number; events: number; keys: number; accepted: number }>(
      `select (select count(*) from deployments)::int as deployments,
              (select count(*) from deployment_events)::int as events,
              (select count(*) from delivery_keys)::int as keys,
              (select count(*) from deliveries where outcome = 'accepted')::int as accepted`,
    );
    // The ping claimed a key and was accepted too.
    expect(counts).toEqual({
      deployments: DELIVERIES,
      events: DELIVERIES,
      keys: DELIVERIES + 1,
      accepted: DELIVERIES + 1,
    });
    const doubled = await scratch.query(
      `select provider_deployment_id, count(*) from deployments group by provider_deployment_id having count(*) > 1`,
    );
    expect(doubled).toEqual([]);
    for (const server of servers) expect(server.alive()).toBe(true);
  });
});
