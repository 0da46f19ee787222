import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pagerduty } from '../../../src/providers/pagerduty/index.js';
import { normalizePagerdutyEvent } from '../../../src/providers/pagerduty/normalize-pagerduty-event.js';
import { signPagerdutyBody } from '../../../src/providers/pagerduty/sign-pagerduty-body.js';
import { verifyPagerdutySignature } from '../../../src/providers/pagerduty/verify-pagerduty-signature.js';
import { deliverIncident, ignoredReasonOf, incidentOf, ms } from './support/deliver-incident.js';
import { FIXTURES } from './support/golden.js';

const SECRET = 'lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK';
const NEW_SECRET = 'ChQc0k5yRDSgXx0y2n0w8pT1m7vHq3bJ4eW6aZ9uLfN2sG5dK8jP1rV7tY3iO0hE';

function body(name: string): string {
  return readFileSync(join(FIXTURES, 'pagerduty', `${name}.json`), 'utf8');
}

function send(text: string, signature: string, secrets: readonly string[] = [SECRET], webhookId = 'a0f0a1b2-0c1d') {
  return deliverIncident(pagerduty, normalizePagerdutyEvent, {
    headers: {
      'content-type': 'application/json',
      'user-agent': 'PagerDuty-Webhook/V3.0',
      'x-webhook-id': webhookId,
      'x-webhook-subscription': 'PXSUIZH',
      'x-pagerduty-signature': signature,
    },
    body: text,
    secrets,
  });
}

describe('PagerDuty: X-PagerDuty-Signature', () => {
  it('signs v1= and the hex HMAC-SHA256 of the raw body, keyed by the secret as text', () => {
    const text = body('incident.triggered');
    const independent = createHmac('sha256', Buffer.from(SECRET, 'ascii')).update(Buffer.from(text)).digest('hex');
    expect(signPagerdutyBody(SECRET, text)).toBe(`v1=${independent}`);
  });

  it('passes a signed body, and refuses a wrong signature, a missing one, and a revoked webhook', async () => {
    const text = body('incident.triggered');
    expect(await send(text, signPagerdutyBody(SECRET, text))).toMatchObject({ stage: 'normalized', secretIndex: 0 });
    expect(await send(text, signPagerdutyBody('another secret', text))).toEqual({
      stage: 'verify',
      reason: 'signature-mismatch',
    });
    expect(await send(text, '')).toEqual({ stage: 'verify', reason: 'missing-signature' });
    expect(await send(text, signPagerdutyBody(SECRET, text), [])).toEqual({ stage: 'verify', reason: 'no-secret' });
  });

  it('accepts any one of several comma-separated signatures (PagerDuty rotating its secret)', async () => {
    const text = body('incident.resolved');
    const header = `${signPagerdutyBody(SECRET, text)},${signPagerdutyBody(NEW_SECRET, text)}`;
    expect(await send(text, header, [NEW_SECRET])).toMatchObject({ stage: 'normalized', secretIndex: 0 });
    expect(await send(text, header, [SECRET])).toMatchObject({ stage: 'normalized', secretIndex: 0 });
    const spaced = `${signPagerdutyBody('stale', text)}, ${signPagerdutyBody(NEW_SECRET, text)}`;
    expect(await send(text, spaced, [NEW_SECRET])).toMatchObject({ stage: 'normalized' });
    expect(await send(text, `${signPagerdutyBody('a', text)},${signPagerdutyBody('b', text)}`)).toEqual({
      stage: 'verify',
      reason: 'signature-mismatch',
    });
  });

  it("tries Shipwatch's current secret, then the one in its grace period", () => {
    const raw = Buffer.from(body('incident.triggered'));
    expect(verifyPagerdutySignature(raw, signPagerdutyBody(SECRET, raw), [NEW_SECRET, SECRET])).toEqual({
      ok: true,
      secretIndex: 1,
    });
  });

  it('skips entries of another version, and a signature of another body', () => {
    const raw = Buffer.from(body('incident.triggered'));
    const hex = signPagerdutyBody(SECRET, raw).slice(3);
    expect(verifyPagerdutySignature(raw, `v2=${hex}`, [SECRET])).toEqual({ ok: false, reason: 'missing-signature' });
    const other = signPagerdutyBody(SECRET, `${raw.toString()} `);
    expect(verifyPagerdutySignature(raw, other, [SECRET])).toEqual({ ok: false, reason: 'signature-mismatch' });
  });
});

describe('PagerDuty: a signed incident, triggered, acknowledged, resolved', () => {
  async function deliver(name: string, webhookId: string) {
    const text = body(name);
    return send(text, signPagerdutyBody(SECRET, text), [SECRET], webhookId);
  }

  it('opens at created_at, ignores the acknowledgement, resolves at occurred_at', async () => {
    const triggered = await deliver('incident.triggered', '3b1c6f0e-1');
    expect(triggered).toMatchObject({ event: 'incident.triggered', deliveryKey: '3b1c6f0e-1' });
    expect(incidentOf(triggered)).toEqual({
      providerIncidentId: 'PGR0VU2',
      notIncidentReason: null,
      title: 'Checkout 5xx above 2% for 5 minutes',
      url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
      status: 'open',
      startedAt: ms('2026-03-03T16:48:02Z'),
      resolvedAt: null,
      repository: null,
      environment: null,
      sha: null,
      serviceId: 'PF9KMXH',
      orderedAt: ms('2026-03-03T16:48:02.517Z'),
    });

    const acknowledged = await deliver('incident.acknowledged', '3b1c6f0e-2');
    expect(ignoredReasonOf(acknowledged)).toBe('nothing to change');

    const resolved = incidentOf(await deliver('incident.resolved', '3b1c6f0e-3'));
    expect(resolved).toMatchObject({
      status: 'resolved',
      startedAt: ms('2026-03-03T16:48:02Z'),
      resolvedAt: ms('2026-03-03T17:05:41Z'),
      orderedAt: ms('2026-03-03T17:05:41.882Z'),
    });

    const reopened = incidentOf(await deliver('incident.reopened', '3b1c6f0e-4'));
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null, orderedAt: ms('2026-03-03T17:20:05.004Z') });
  });

  it('keys a redelivery by the same X-Webhook-Id', async () => {
    const first = await deliver('incident.resolved', 'c2a5e3b0-77');
    const again = await deliver('incident.resolved', 'c2a5e3b0-77');
    expect(first.stage === 'normalized' && first.deliveryKey).toBe('c2a5e3b0-77');
    expect(again).toEqual(first);
  });

  it('makes an incident resolved by a merge no incident of its own', async () => {
    const merged = incidentOf(await deliver('incident.resolved.merged', 'm-1'));
    expect(merged.notIncidentReason).toBe('merged into PagerDuty incident PRORDTY: counted there, not on its own');
  });

  it("answers the subscription's test (pagey.ping) as a ping", async () => {
    const ping = await deliver('pagey.ping', 'ping-1');
    expect(ping).toMatchObject({
      event: 'pagey.ping',
      normalized: { kind: 'ping', ping: { reason: 'ping: webhook verified' } },
      record: { kind: 'ping', ping: { reason: 'ping: webhook verified' } },
    });
  });

  it("answers the incident through the record's normalize, as the receiver stores it", async () => {
    const outcome = await deliver('incident.triggered', 'r-1');
    expect(outcome).toMatchObject({ record: { kind: 'incident', incident: { providerIncidentId: 'PGR0VU2' } } });
  });
});

describe('PagerDuty: other events and bodies', () => {
  it('ignores an event type Shipwatch does not read, naming the ones it does', () => {
    const payload = JSON.parse(body('incident.triggered'));
    payload.event.event_type = 'incident.annotated';
    expect(ignoredReasonOf(normalizePagerdutyEvent('incident.annotated', payload))).toContain(
      'incident.triggered, incident.acknowledged, incident.reopened, incident.resolved',
    );
  });

  it.each([
    ['event.data.created_at', (p: { event: { data: Record<string, unknown> } }) => delete p.event.data.created_at],
    ['event.data.id', (p: { event: { data: Record<string, unknown> } }) => delete p.event.data.id],
    ['event.occurred_at', (p: { event: Record<string, unknown> }) => (p.event.occurred_at = '03/03/2026 17:05')],
  ])('names %s when it cannot be read', (field, change) => {
    const payload = JSON.parse(body('incident.resolved'));
    change(payload);
    expect(ignoredReasonOf(normalizePagerdutyEvent('incident.resolved', payload))).toContain(`${field} must be`);
  });

  it('answers 400 without event.event_type, 415 for another content type', async () => {
    const text = '{"event":{"id":"x"}}';
    expect(await send(text, signPagerdutyBody(SECRET, text))).toMatchObject({
      stage: 'parse',
      status: 400,
      code: 'missing_event',
    });
    const outcome = await deliverIncident(pagerduty, normalizePagerdutyEvent, {
      headers: { 'content-type': 'text/plain', 'x-pagerduty-signature': signPagerdutyBody(SECRET, text) },
      body: text,
      secrets: [SECRET],
    });
    expect(outcome).toMatchObject({ stage: 'parse', status: 415 });
  });
});
