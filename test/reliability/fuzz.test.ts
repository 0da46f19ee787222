import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pool } from './support/http.js';
import { seededRandom, seedFrom } from './support/random.js';
import { createHook, type Hook, ROOT, type ServerProcess, startServer, tempDir } from './support/server.js';

/**
 * Random and mutated requests against a running server, for every provider: bodies (JSON mutations, byte
 * mutations, wrong shapes, deep nesting), headers (content types, event names, delivery keys), signatures and
 * sizes. No answer may be a 5xx, the process must live, and its memory must stay flat.
 * SHIPWATCH_FUZZ_COUNT (default 100000 per provider) and SHIPWATCH_FUZZ_SEED replay a run.
 */
const PER_PROVIDER = Number(process.env.SHIPWATCH_FUZZ_COUNT ?? 100_000);
/** A bound on the run's length whatever the machine's speed; past it the run stops early, with a warning. */
const MAX_SECONDS = Number(process.env.SHIPWATCH_FUZZ_MAX_SECONDS ?? 420);
const CONNECTIONS = 32;
const PROVIDERS = ['github', 'gitlab', 'azure-devops', 'generic'] as const;
type ProviderId = (typeof PROVIDERS)[number];
/** Memory may grow by this much after the warm-up, at most (V8 heap growth, SQLite page cache). */
const RSS_GROWTH_BOUND = 96 * 1024 * 1024;

interface Base {
  readonly event: string;
  readonly body: unknown;
}

function fixtures(provider: ProviderId): Base[] {
  const folder = join(ROOT, 'test', 'fixtures', provider);
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json') && !f.endsWith('.headers.json'))
    .map((f) => {
      const body = JSON.parse(readFileSync(join(folder, f), 'utf8')) as Record<string, unknown>;
      let event = f.split('.')[0] as string;
      if (provider === 'gitlab')
        event =
          body.object_kind === 'push'
            ? 'Push Hook'
            : body.object_kind === 'tag_push'
              ? 'Tag Push Hook'
              : 'Deployment Hook';
      return { event, body };
    });
}

const hmac = (secret: string, body: Buffer) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** The headers a provider's real request carries, signed or authenticated with `secret`. */
function headersFor(provider: ProviderId, event: string, key: string, secret: string, body: Buffer) {
  switch (provider) {
    case 'github':
      return {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': key,
        'x-hub-signature-256': hmac(secret, body),
      } as Record<string, string>;
    case 'gitlab':
      return {
        'content-type': 'application/json',
        'x-gitlab-event': event,
        'x-gitlab-token': secret,
        'idempotency-key': key,
      } as Record<string, string>;
    case 'azure-devops':
      return { 'content-type': 'application/json; charset=utf-8', 'x-azure-token': secret } as Record<string, string>;
    case 'generic':
      return {
        'content-type': 'application/json',
        'x-shipwatch-delivery': key,
        'x-shipwatch-signature-256': hmac(secret, body),
      } as Record<string, string>;
  }
}

const WEIRD_STRINGS = [
  '',
  ' ',
  'null',
  '0',
  '-1',
  '1e309',
  'NaN',
  'true',
  '2026-02-30T25:61:61Z',
  '0001-01-01T00:00:00',
  '9999-12-31T23:59:59.9999999Z',
  '2021-04-28 21:50:00 +0200',
  '2021-04-28 21:50:00 UTC',
  '2025-03-03T14:01:47+99:99',
  '+275760-09-13T00:00:00.000Z',
  'refs/heads/',
  'refs/tags/v1',
  '0000000000000000000000000000000000000000',
  'ffffffffffffffffffffffffffffffffffffffff',
  'https://',
  'http://[::1',
  '__proto__',
  'constructor',
  '\u0000',
  '\ud800',
  'é'.repeat(50),
  '💥'.repeat(20),
  'production',
  'PRODUCTION',
  'success',
  'failure',
  'failed',
  'succeeded',
  'partiallySucceeded',
  'in_progress',
  'canceled',
  'x'.repeat(10_000),
];

function randomValue(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * (depth > 3 ? 7 : 10));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return Math.floor(random() * 2 ** 53) * (random() < 0.5 ? -1 : 1);
    case 3:
      return [0, -0, 1.5, 1e308, -1e-308, 2 ** 63, Number.MAX_SAFE_INTEGER + 2][Math.floor(random() * 7)];
    case 4:
    case 5:
    case 6:
      return WEIRD_STRINGS[Math.floor(random() * WEIRD_STRINGS.length)];
    case 7:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 4); i > 0; i--) object[`k${i}`] = randomValue(random, depth + 1);
      return object;
    }
  }
}

/** Every (parent, key) pair of a JSON value, to pick a mutation point from. */
function slots(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = [], depth = 0) {
  if (depth > 8 || value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([value, i]);
      slots(v, out, depth + 1);
    });
  } else {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out.push([value as Record<string, unknown>, k]);
      slots(v, out, depth + 1);
    }
  }
  return out;
}

function mutateJson(random: () => number, base: unknown): unknown {
  const copy = structuredClone(base);
  const all = slots(copy);
  for (let n = 1 + Math.floor(random() * 4); n > 0 && all.length > 0; n--) {
    const [parent, key] = all[Math.floor(random() * all.length)] as [Record<string, unknown>, string];
    const action = random();
    if (action < 0.3) {
      if (Array.isArray(parent)) {
        // By hand (a mutated array may carry an own `constructor`, which splice would call); an earlier mutation
        // may have emptied the array already.
        if (Number(key) < parent.length) {
          for (let i = Number(key); i < parent.length - 1; i++) parent[i] = parent[i + 1];
          parent.length -= 1;
        }
      } else delete parent[key];
    } else if (action < 0.85) parent[key] = randomValue(random);
    else if (action < 0.95) parent[key] = [parent[key]];
    else if (!Array.isArray(parent)) {
      // An own key named like a prototype member, so that JSON.stringify writes it out.
      Object.defineProperty(parent, ['__proto__', 'constructor', 'toString'][Math.floor(random() * 3)] as string, {
        value: randomValue(random),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return copy;
}

function mutateBytes(random: () => number, body: Buffer): Buffer {
  const choice = Math.floor(random() * 9);
  switch (choice) {
    case 0:
      return body.subarray(0, Math.floor(random() * body.length));
    case 1: {
      const copy = Buffer.from(body);
      for (let i = 0; i < 1 + random() * 8; i++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      return copy;
    }
    case 2:
      return Buffer.alloc(0);
    case 3:
      return Buffer.from(
        ['[]', '"text"', '42', 'null', 'true', '{}', '{"a":', '\ufeff{}'][Math.floor(random() * 8)] as string,
      );
    case 4: {
      const depth = 1000 + Math.floor(random() * 20_000);
      return Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    }
    case 5: {
      const depth = 1000 + Math.floor(random() * 5_000);
      return Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
    }
    case 6:
      return Buffer.concat([body, body]);
    case 7:
      return Buffer.from(`payload=${encodeURIComponent(body.toString('utf8'))}`);
    default: {
      const at = Math.floor(random() * body.length);
      return Buffer.concat([body.subarray(0, at), Buffer.from([0xff, 0xfe, 0x00, 0xc3]), body.subarray(at)]);
    }
  }
}

const CONTENT_TYPES = [
  undefined,
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json;;;',
  'multipart/form-data; boundary=x',
  'application/vnd.github+json',
  '*/*',
  'application/json, text/plain',
];

interface Case {
  readonly body: Buffer;
  readonly headers: Record<string, string>;
  readonly kind: string;
}

function makeCase(random: () => number, provider: ProviderId, bases: Base[], secret: string, index: number): Case {
  const base = bases[Math.floor(random() * bases.length)] as Base;
  const key = random() < 0.1 ? `fuzz-key-${Math.floor(random() * 50)}` : `fuzz-${provider}-${index}`;
  const roll = random();
  let kind: string;
  let body: Buffer;
  let event = base.event;
  if (roll < 0.6) {
    kind = 'json';
    body = Buffer.from(JSON.stringify(mutateJson(random, base.body)));
  } else if (roll < 0.75) {
    kind = 'bytes';
    body = mutateBytes(random, Buffer.from(JSON.stringify(base.body)));
  } else if (roll < 0.999) {
    kind = 'headers';
    body = Buffer.from(JSON.stringify(random() < 0.5 ? base.body : mutateJson(random, base.body)));
    if (random() < 0.5)
      event = WEIRD_STRINGS[Math.floor(random() * WEIRD_STRINGS.length)]?.replace(/[^\x20-\x7e]/g, '?') ?? '';
  } else {
    kind = 'size';
    // Over the default 1 MiB (GitHub deployment events, GitLab deployments, generic) or just under it.
    const size = random() < 0.5 ? 1024 * 1024 + 10 : 900 * 1024;
    body = Buffer.from(JSON.stringify({ ...(base.body as object), padding: 'p'.repeat(size) }));
  }
  const headers = headersFor(provider, event, key, secret, body);
  if (kind === 'headers') {
    const h = Math.floor(random() * 6);
    if (h === 0) {
      const type = CONTENT_TYPES[Math.floor(random() * CONTENT_TYPES.length)];
      if (type === undefined) delete headers['content-type'];
      else headers['content-type'] = type;
    } else if (h === 1) {
      for (const name of ['x-github-event', 'x-gitlab-event']) if (name in headers) delete headers[name];
    } else if (h === 2) {
      for (const name of ['x-github-delivery', 'idempotency-key', 'x-shipwatch-delivery'])
        if (name in headers) headers[name] = random() < 0.5 ? '' : 'k'.repeat(4000);
    } else if (h === 3) {
      // Wrong or missing credentials (these soon meet the failure limit: 429).
      for (const name of ['x-hub-signature-256', 'x-shipwatch-signature-256', 'x-gitlab-token', 'x-azure-token'])
        if (name in headers) {
          if (random() < 0.3) delete headers[name];
          else headers[name] = random() < 0.5 ? 'sha256=00' : `${headers[name]} `;
        }
    } else if (h === 4) {
      headers['content-encoding'] = 'gzip';
    } else {
      headers['x-github-event'] = 'push';
      headers['x-gitlab-event'] = 'Push Hook';
    }
  }
  return { body, headers, kind };
}

// Durability is not under test here: the data lives in memory (tmpfs) where there is one, so the disk's fsync
// speed does not decide how long 400,000 requests take.
const dir = tempDir('shipwatch-fuzz-', existsSync('/dev/shm') ? '/dev/shm' : undefined);
let server: ServerProcess;
const hooks = new Map<ProviderId, Hook>();
beforeAll(async () => {
  server = await startServer({
    dataDir: dir.path,
    env: {
      SHIPWATCH_SQLITE_SYNCHRONOUS: 'normal',
      SHIPWATCH_RAW_BODY_RETENTION_DAYS: '0',
      SHIPWATCH_LOG_LEVEL: 'error',
    },
  });
  let projectId: string | undefined;
  for (const provider of PROVIDERS) {
    const hook = await createHook(server, provider, projectId);
    projectId = hook.projectId;
    hooks.set(provider, hook);
  }
});
afterAll(async () => {
  await server?.kill();
  dir.remove();
});

describe('fuzz', () => {
  it(
    `answers ${PER_PROVIDER} random and mutated requests per provider without a 5xx, a crash or a leak`,
    async () => {
      const random = seededRandom(seedFrom('SHIPWATCH_FUZZ_SEED'));
      const bases = new Map(PROVIDERS.map((p) => [p, fixtures(p)] as const));
      const total = PER_PROVIDER * PROVIDERS.length;
      const warmUp = Math.min(20_000, Math.floor(total / 10));
      const statuses = new Map<string, number>();
      const failures: string[] = [];
      let warmRss = 0;
      const started = Date.now();
      let genMs = 0;
      const latency = new Map<string, { n: number; ms: number }>();
      let sent = 0;
      await pool(total, CONNECTIONS, async (index) => {
        if (Date.now() - started > MAX_SECONDS * 1000) return;
        sent++;
        const provider = PROVIDERS[index % PROVIDERS.length] as ProviderId;
        const hook = hooks.get(provider) as Hook;
        const t0 = performance.now();
        const c = makeCase(random, provider, bases.get(provider) as Base[], hook.secret, index);
        genMs += performance.now() - t0;
        let status: number | string;
        try {
          const res = await server.client.request({
            method: 'POST',
            path: hook.path,
            headers: c.headers,
            body: c.body,
            timeoutMs: 30_000,
          });
          status = res.status;
          const lk = `${c.kind} ${res.status}`;
          const l = latency.get(lk) ?? { n: 0, ms: 0 };
          l.n++;
          l.ms += res.ms;
          latency.set(lk, l);
          if (res.status >= 500)
            failures.push(
              `#${index} ${provider} ${c.kind} -> ${res.status} ${res.body.toString('utf8').slice(0, 200)} headers=${JSON.stringify(c.headers).slice(0, 300)} body=${c.body.toString('utf8').slice(0, 300)}`,
            );
        } catch (error) {
          // A connection the server closes after a 413 is fine; a dead server is not (checked below).
          status = (error as Error).message;
          if (!server.alive()) failures.push(`#${index} ${provider} ${c.kind}: server died`);
        }
        statuses.set(`${provider} ${status}`, (statuses.get(`${provider} ${status}`) ?? 0) + 1);
        if (index === warmUp) warmRss = server.memory()?.rss ?? 0;
      });
      const seconds = (Date.now() - started) / 1000;
      if (sent < total)
        console.warn(
          `\n[fuzz] WARNING: only ${sent} of ${total} requests were sent within SHIPWATCH_FUZZ_MAX_SECONDS=${MAX_SECONDS}: this machine (or the server) is too slow for the full run.\n`,
        );
      const cpu = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      console.log(
        `[fuzz] generating took ${(genMs / 1000).toFixed(1)} s; test process CPU ${(process.cpuUsage().user / 1e6).toFixed(1)} s`,
      );
      console.log(
        `[fuzz] mean latency by kind: ${[...latency].map(([k, v]) => `${k}: ${v.n} x ${(v.ms / v.n).toFixed(1)} ms`).join('; ')}`,
      );
      console.log(`[fuzz] server CPU ${((Number(cpu[11]) + Number(cpu[12])) / 100).toFixed(1)} s`);
      const end = server.memory();
      console.log(
        `[fuzz] ${sent} requests in ${seconds.toFixed(0)} s (${(sent / seconds).toFixed(0)}/s); RSS after warm-up ${(warmRss / 2 ** 20).toFixed(0)} MB, at the end ${((end?.rss ?? 0) / 2 ** 20).toFixed(0)} MB, peak ${((end?.peak ?? 0) / 2 ** 20).toFixed(0)} MB\n` +
          [...statuses]
            .sort()
            .map(([k, v]) => `  ${k}: ${v}`)
            .join('\n'),
      );
      expect(failures.slice(0, 20), `${failures.length} requests failed`).toEqual([]);
      expect(server.alive()).toBe(true);
      const health = await server.client.request({ method: 'GET', path: '/healthz' });
      expect(health.status).toBe(200);
      expect(end).not.toBeNull();
      expect((end?.rss ?? 0) - warmRss, 'RSS growth after the warm-up').toBeLessThan(RSS_GROWTH_BOUND);
    },
    (MAX_SECONDS + 120) * 1000,
  );
});
