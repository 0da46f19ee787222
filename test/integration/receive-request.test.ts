import { PassThrough } from 'node:stream';
import { Kysely, SqliteDialect } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/create-db.js';
import { attachDialect } from '../../src/db/dialect/dialect.js';
import type { Database } from '../../src/db/schema.js';
import { FAILED_VERIFICATIONS_PER_MINUTE } from '../../src/ingest/failure-limiter.js';
import {
  createRequestReceiver,
  type IncomingRequest,
  type ReceiveAnswer,
  type RequestReceiver,
} from '../../src/ingest/receive-request.js';
import { createProject } from '../../src/manage/projects.js';
import { createWebhook } from '../../src/manage/webhooks.js';
import { createSecretBox } from '../../src/secrets/secret-box.js';
import { githubHeaders } from '../factories/github.js';
import { TEST_KEY } from '../helpers/app.js';
import { describeEachDatabase, openTestDatabase } from '../helpers/databases.js';

const config = loadConfig({
  SHIPWATCH_PUBLIC_URL: 'http://shipwatch.test',
  SHIPWATCH_DATA_DIR: '/tmp/shipwatch-test-unused',
  SHIPWATCH_MAX_BODY_BYTES: '4096',
  SHIPWATCH_MAX_PUSH_BODY_BYTES: '8192',
});
const secretBox = createSecretBox(TEST_KEY);
const NOW = Date.parse('2026-03-02T12:00:00Z');
const PING = JSON.stringify({ zen: 'z', hook: { events: ['*'] } });

function refused(answer: ReceiveAnswer) {
  if (answer.ok) throw new Error(`expected a refusal, got ${JSON.stringify(answer)}`);
  return answer;
}

/** A body that arrives in chunks, as from a socket, with no Content-Length. */
function streamOf(text: string): PassThrough {
  const stream = new PassThrough();
  setImmediate(() => {
    for (let at = 0; at < text.length; at += 1000) stream.write(text.slice(at, at + 1000));
    stream.end();
  });
  return stream;
}

// The use case without HTTP: what the Fastify adapter, the import and the demo all call.
describeEachDatabase('the receive-request use case', ({ handle, db }) => {
  let receiver: RequestReceiver;
  const touched: string[] = [];
  let hook: { id: string; secret: string; projectId: string };
  const request = (body: string | PassThrough, headers: Record<string, string>, clientAddress = '10.0.0.1') =>
    ({
      webhookId: hook.id,
      headers,
      body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
      clientAddress,
    }) satisfies IncomingRequest;

  beforeAll(async () => {
    receiver = createRequestReceiver({
      config,
      database: handle(),
      secretBox,
      now: () => NOW,
      afterDelivery: (projectId) => touched.push(projectId),
    });
    const project = await createProject(db(), { name: 'use case', actor: 'test', now: NOW });
    const made = await createWebhook(
      { db: db(), secretBox, publicUrl: config.publicUrl },
      { projectId: project.id, provider: 'github', actor: 'test', now: NOW },
    );
    hook = { id: made.id, secret: made.secret, projectId: project.id };
  });

  const rejectedRecords = async () =>
    db()
      .selectFrom('deliveries')
      .select(['event', 'http_status', 'reason'])
      .where('webhook_id', '=', hook.id)
      .where('outcome', '=', 'rejected')
      .orderBy('id')
      .execute();

  it('answers 404 for an unknown webhook and 410 for a revoked one, recording nothing', async () => {
    const unknown = refused(await receiver.receive({ ...request(PING, {}), webhookId: 'wh_nope' }));
    expect([unknown.status, unknown.error.code]).toEqual([404, 'not_found']);
    const project = await createProject(db(), { name: 'revoked', actor: 'test', now: NOW });
    const other = await createWebhook(
      { db: db(), secretBox, publicUrl: config.publicUrl },
      { projectId: project.id, provider: 'gitlab', actor: 'test', now: NOW },
    );
    await db().updateTable('webhooks').set({ revoked_at: NOW }).where('id', '=', other.id).execute();
    const gone = refused(await receiver.receive({ ...request(PING, {}), webhookId: other.id }));
    expect([gone.status, gone.error.code]).toEqual([410, 'gone']);
  });

  it('stores a signed delivery, answers its outcome, tells afterDelivery, and a redelivery is a duplicate', async () => {
    const headers = githubHeaders('ping', PING, hook.secret, 'delivery-1');
    const first = await receiver.receive(request(PING, headers));
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect(first.delivery).toMatchObject({
      outcome: 'accepted',
      reason: expect.stringMatching(/^ping: webhook verified/),
    });
    expect(touched).toEqual([hook.projectId]);
    const again = await receiver.receive(request(streamOf(PING), headers));
    expect(again.ok && again.delivery.outcome).toBe('duplicate');
    const stored = await db()
      .selectFrom('deliveries')
      .select(['id', 'headers'])
      .where('id', '=', first.delivery.deliveryId)
      .executeTakeFirstOrThrow();
    // Kept for replay: what the GitHub parser reads again, never the signature.
    expect(Object.keys(JSON.parse(stored.headers ?? '{}')).sort()).toEqual([
      'content-type',
      'x-github-delivery',
      'x-github-event',
    ]);
  });

  it('refuses a body over its limit while reading it (413, connection closed) and records it', async () => {
    const big = JSON.stringify({ zen: 'z'.repeat(5000) });
    const streamed = refused(await receiver.receive(request(streamOf(big), githubHeaders('ping', big, hook.secret))));
    expect(streamed).toMatchObject({ status: 413, closeConnection: true, error: { code: 'payload_too_large' } });
    expect(streamed.error.message).toMatch(/over the 4096-byte limit/);
    const declared = new PassThrough();
    const refusedUnread = refused(
      await receiver.receive(
        request(declared, { ...githubHeaders('ping', big, hook.secret), 'content-length': '5000' }),
      ),
    );
    expect(refusedUnread.status).toBe(413);
    expect(declared.readableEnded).toBe(false);
    expect((await rejectedRecords()).slice(-2)).toEqual([
      { event: 'ping', http_status: 413, reason: streamed.error.message },
      { event: 'ping', http_status: 413, reason: streamed.error.message },
    ]);
  });

  it('checks the signature before the body: 401 recorded, then 429 per address past the rate, not recorded', async () => {
    const unsigned = { 'content-type': 'text/plain', 'x-github-event': 'ping' };
    const first = refused(await receiver.receive(request('not json', unsigned, '10.0.0.9')));
    expect(first).toMatchObject({ status: 401, error: { code: 'signature_mismatch' } });
    expect(first.error.message).toMatch(/no X-Hub-Signature-256 header/);
    for (let i = 1; i < FAILED_VERIFICATIONS_PER_MINUTE; i += 1)
      await receiver.receive(request(PING, unsigned, '10.0.0.9'));
    const before = (await rejectedRecords()).length;
    const blocked = refused(await receiver.receive(request(PING, unsigned, '10.0.0.9')));
    expect(blocked).toMatchObject({ status: 429, error: { code: 'too_many_failures' } });
    expect(blocked.retryAfter).toBeGreaterThan(0);
    expect((await rejectedRecords()).length).toBe(before);
    expect(refused(await receiver.receive(request(PING, unsigned, '10.0.0.10'))).status).toBe(401);
  });

  it('then the content type (415) and the body (400)', async () => {
    const plain = refused(
      await receiver.receive(
        request(PING, { ...githubHeaders('ping', PING, hook.secret), 'content-type': 'text/plain' }),
      ),
    );
    expect([plain.status, plain.error.code]).toEqual([415, 'unsupported_content_type']);
    const array = refused(await receiver.receive(request('[1]', githubHeaders('ping', '[1]', hook.secret))));
    expect([array.status, array.error.code]).toEqual([400, 'invalid_body']);
  });
});

describe('the receive-request use case with the database unreachable', () => {
  it('answers 503 with Retry-After and hands the error over for the log', async () => {
    const test = await openTestDatabase('sqlite');
    try {
      const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      const reader = new Kysely<Database>({
        dialect: new SqliteDialect({
          database: async () => {
            throw unreachable;
          },
        }),
      });
      attachDialect(reader, test.handle.dialect);
      const database: DatabaseHandle = { ...test.handle, reader };
      const receiver = createRequestReceiver({ config, database, secretBox, now: () => NOW });
      const answer = refused(
        await receiver.receive({ webhookId: 'wh_x', headers: {}, body: Buffer.from(PING), clientAddress: '10.0.0.1' }),
      );
      expect(answer).toMatchObject({ status: 503, retryAfter: 10, error: { code: 'not_ready' }, fault: unreachable });
      await reader.destroy();
    } finally {
      await test.destroy();
    }
  });
});
