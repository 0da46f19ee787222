import { createHash } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import { generic } from '../../../src/providers/generic/index.js';
import { SECRET } from './support/credentials.js';
import { deliver, normalizedOf } from './support/deliver.js';
import { fixture } from './support/fixture.js';
import { deploymentOf, reasonOf } from './support/normalized.js';

async function send(payload: unknown, extra: Record<string, string> = {}) {
  const body = JSON.stringify(payload);
  return deliver(generic, {
    headers: { 'content-type': 'application/json', 'x-shipwatch-signature-256': await sign(SECRET, body), ...extra },
    body,
    secrets: [SECRET],
  });
}

const success = () => fixture('generic', 'success');

describe('generic: verify, parse, delivery key', () => {
  it('verifies X-Shipwatch-Signature-256 like GitHub', async () => {
    expect((await send(success())).stage).toBe('normalized');
    const body = JSON.stringify(success());
    const unsigned = await deliver(generic, {
      headers: { 'content-type': 'application/json' },
      body,
      secrets: [SECRET],
    });
    expect(unsigned).toEqual({ stage: 'verify', reason: 'missing-signature' });
    const wrong = await deliver(generic, {
      headers: { 'content-type': 'application/json', 'x-shipwatch-signature-256': await sign('other', body) },
      body,
      secrets: [SECRET],
    });
    expect(wrong).toEqual({ stage: 'verify', reason: 'signature-mismatch' });
  });

  it('answers 400 for a body that is not a JSON object, 415 for another content type', async () => {
    const body = '[{"deploymentId":"x"}]';
    const headers = { 'x-shipwatch-signature-256': await sign(SECRET, body) };
    expect(
      await deliver(generic, { headers: { ...headers, 'content-type': 'application/json' }, body, secrets: [SECRET] }),
    ).toMatchObject({
      stage: 'parse',
      status: 400,
      code: 'invalid_body',
    });
    expect(
      await deliver(generic, {
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body,
        secrets: [SECRET],
      }),
    ).toMatchObject({ stage: 'parse', status: 415 });
  });

  it('names its one event "deployment", and keys by X-Shipwatch-Delivery, else the SHA-256 of the body', async () => {
    const keyed = await send(success(), { 'x-shipwatch-delivery': 'run-1877-attempt-1' });
    expect(keyed).toMatchObject({ event: 'deployment', deliveryKey: 'run-1877-attempt-1', bodyLimit: 'default' });
    const body = JSON.stringify(success());
    const unkeyed = await send(success());
    expect(unkeyed.stage === 'normalized' && unkeyed.deliveryKey).toBe(createHash('sha256').update(body).digest('hex'));
  });
});

describe('generic: body', () => {
  it.each(['success', 'failure', 'canceled'])('requires finishedAt for %s', async (status) => {
    const payload = { ...success(), status, finishedAt: undefined };
    expect(reasonOf(normalizedOf(await send(payload)))).toContain(
      `finishedAt must be an RFC 3339 time (required when status is ${status})`,
    );
  });

  it('records an in_progress report without startedAt as a deployment without a status event', async () => {
    const payload = { ...success(), status: 'in_progress', startedAt: undefined, finishedAt: undefined };
    expect(deploymentOf(normalizedOf(await send(payload))).status).toBeNull();
  });

  it('times a terminal status by finishedAt, to the second', async () => {
    expect(deploymentOf(normalizedOf(await send(success()))).status).toMatchObject({
      status: 'success',
      at: Date.parse('2025-03-03T14:05:12Z'),
      key: 'success:2025-03-03T14:05:12.000Z',
    });
  });

  it.each([
    ['deploymentId', { deploymentId: '' }],
    ['deploymentId', { deploymentId: 1.5 }],
    ['repository', { repository: undefined }],
    ['environment', { environment: '   ' }],
    ['status', { status: 'SUCCESS' }],
    ['sha', { sha: 'main' }],
    ['ref', { ref: 42 }],
    ['url', { url: ['https://ci.example.com'] }],
    ['service', { service: {} }],
    ['startedAt', { startedAt: '2025-03-03' }],
    ['finishedAt', { finishedAt: 1741010712 }],
    ['commits', { commits: 'abc' }],
    ['commits[0].sha', { commits: [{ sha: 'abc', timestamp: '2025-03-03T10:00:00Z' }] }],
    ['commits[0].timestamp', { commits: [{ sha: 'a'.repeat(40), timestamp: '2025-03-03 10:00' }] }],
  ])('ignores a body whose %s is invalid, naming it', async (field, change) => {
    expect(reasonOf(normalizedOf(await send({ ...success(), ...change })))).toContain(`generic deployment: ${field}`);
  });

  it('accepts a 64-digit sha (SHA-256 repositories)', async () => {
    expect(deploymentOf(normalizedOf(await send({ ...success(), sha: 'AB'.repeat(32) }))).sha).toBe('ab'.repeat(32));
  });

  it('passes the commits listed, offsets applied', async () => {
    const deployment = deploymentOf(normalizedOf(await send(fixture('generic', 'failure-with-commits'))));
    expect(deployment.commits?.map((c) => new Date(c.timestamp).toISOString())).toEqual([
      '2025-03-02T09:00:00.000Z',
      '2025-03-03T09:00:00.000Z',
    ]);
  });
});
