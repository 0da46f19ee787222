import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { incidentIo } from '../../../src/providers/incident-io/index.js';
import { normalizeIncidentIoEvent } from '../../../src/providers/incident-io/normalize-incident-io-event.js';
import { signStandardWebhook } from '../../../src/providers/incident-io/sign-standard-webhook.js';
import { verifyStandardWebhook } from '../../../src/providers/incident-io/verify-standard-webhook.js';
import { deliverIncident, ignoredReasonOf, incidentOf, ms } from './support/deliver-incident.js';
import { FIXTURES } from './support/golden.js';

// 32 random bytes, as incident.io (Svix) shows an endpoint's signing secret.
const SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD8iN2Zd6F8/E=';
const OTHER = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NOW = ms('2026-03-03T17:06:13Z');

function body(name: string): string {
  return readFileSync(join(FIXTURES, 'incident-io', `${name}.json`), 'utf8');
}

function request(text: string, headers: Record<string, string>) {
  return { headers: { 'content-type': 'application/json', ...headers }, rawBody: Buffer.from(text) };
}

function signed(text: string, id: string, timestamp: number, secret = SECRET): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signStandardWebhook(secret, id, timestamp, text),
  };
}

describe('Standard Webhooks signatures', () => {
  it("reproduces the reference libraries' test vector", () => {
    // standard-webhooks libraries/*/tests (PROVIDERS.md F.3); the timestamp is from 2021, so the clock is checked apart.
    const signature = signStandardWebhook(OTHER, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    const headers = {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': signature,
    };
    expect(verifyStandardWebhook(request('{"test": 2432232314}', headers), [OTHER], 1614265330_000)).toEqual({
      ok: true,
      secretIndex: 0,
    });
  });

  it('keys the HMAC by the base64-decoded part of whsec_', () => {
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const mac = createHmac('sha256', key).update('msg_1.1772557573.{}').digest('base64');
    expect(signStandardWebhook(SECRET, 'msg_1', 1772557573, '{}')).toBe(`v1,${mac}`);
  });

  it('refuses a signature made with another key', () => {
    const text = body('incident_created_v2');
    const headers = signed(text, 'msg_2Kx', NOW / 1000, OTHER);
    expect(verifyStandardWebhook(request(text, headers), [SECRET], NOW)).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
  });

  it('refuses a timestamp more than 300 s from the clock, either way, even when signed', () => {
    const text = body('incident_created_v2');
    for (const offset of [-301, 301, -3600]) {
      const headers = signed(text, 'msg_2Kx', NOW / 1000 + offset);
      expect(verifyStandardWebhook(request(text, headers), [SECRET], NOW)).toEqual({
        ok: false,
        reason: 'timestamp-out-of-tolerance',
      });
    }
    for (const offset of [-300, 0, 300]) {
      const headers = signed(text, 'msg_2Kx', NOW / 1000 + offset);
      expect(verifyStandardWebhook(request(text, headers), [SECRET], NOW).ok).toBe(true);
    }
    const garbled = { ...signed(text, 'msg_2Kx', NOW / 1000), 'webhook-timestamp': '2026-03-03T17:06:13Z' };
    expect(verifyStandardWebhook(request(text, garbled), [SECRET], NOW)).toMatchObject({ ok: false });
  });

  it('accepts any one of several space-separated signatures, skipping other versions', () => {
    const text = body('incident_created_v2');
    const id = 'msg_2Kx';
    const timestamp = NOW / 1000;
    const ours = signStandardWebhook(SECRET, id, timestamp, text);
    const theirs = signStandardWebhook(OTHER, id, timestamp, text);
    const header = `v1a,${ours.slice(3)} ${theirs} ${ours}`;
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': header };
    expect(verifyStandardWebhook(request(text, headers), [SECRET], NOW)).toEqual({ ok: true, secretIndex: 0 });
    expect(
      verifyStandardWebhook(request(text, headers), ['whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', OTHER], NOW),
    ).toEqual({ ok: true, secretIndex: 1 });
    const onlyV1a = { ...headers, 'webhook-signature': `v1a,${ours.slice(3)}` };
    expect(verifyStandardWebhook(request(text, onlyV1a), [SECRET], NOW)).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
  });

  it("reads Svix's own header names too, and refuses a request without them", () => {
    const text = body('incident_created_v2');
    const headers = signed(text, 'msg_3', NOW / 1000);
    const svix = {
      'svix-id': headers['webhook-id'] ?? '',
      'svix-timestamp': headers['webhook-timestamp'] ?? '',
      'svix-signature': headers['webhook-signature'] ?? '',
    };
    expect(verifyStandardWebhook(request(text, svix), [SECRET], NOW).ok).toBe(true);
    expect(verifyStandardWebhook(request(text, {}), [SECRET], NOW)).toEqual({
      ok: false,
      reason: 'missing-signature',
    });
    expect(verifyStandardWebhook(request(text, headers), [], NOW)).toEqual({ ok: false, reason: 'no-secret' });
  });

  it('signs the exact bytes: a changed body or id fails', () => {
    const text = body('incident_created_v2');
    const headers = signed(text, 'msg_4', NOW / 1000);
    expect(verifyStandardWebhook(request(`${text} `, headers), [SECRET], NOW).ok).toBe(false);
    expect(verifyStandardWebhook(request(text, { ...headers, 'webhook-id': 'msg_5' }), [SECRET], NOW).ok).toBe(false);
  });
});

describe('incident.io: the provider record', () => {
  // The record checks the timestamp against the real clock: sign with it.
  async function deliver(name: string, id: string) {
    const text = body(name);
    const headers = signed(text, id, Math.floor(Date.now() / 1000));
    return deliverIncident(incidentIo, normalizeIncidentIoEvent, {
      headers: { 'content-type': 'application/json', ...headers },
      body: text,
      secrets: [SECRET],
    });
  }

  it('keys a delivery by webhook-id, the same on every retry, and names the event by event_type', async () => {
    const outcome = await deliver('incident_created_v2', 'msg_2wT8hBv1');
    expect(outcome).toMatchObject({
      stage: 'normalized',
      event: 'public_incident.incident_created_v2',
      deliveryKey: 'msg_2wT8hBv1',
      record: { kind: 'incident', incident: { providerIncidentId: '01HV5QZ4W7K2M8N3P6R9T1X0YB' } },
    });
  });

  it('refuses a request signed an hour ago', async () => {
    const text = body('incident_created_v2');
    const outcome = await deliverIncident(incidentIo, normalizeIncidentIoEvent, {
      headers: { 'content-type': 'application/json', ...signed(text, 'msg_old', Math.floor(Date.now() / 1000) - 3600) },
      body: text,
      secrets: [SECRET],
    });
    expect(outcome).toEqual({ stage: 'verify', reason: 'timestamp-out-of-tolerance' });
  });
});

describe('incident.io: public incident events', () => {
  const normalize = (name: string) => {
    const payload = JSON.parse(body(name));
    return normalizeIncidentIoEvent(payload.event_type, payload);
  };

  it('opens a live incident at created_at, ordered by updated_at with its fraction', () => {
    expect(incidentOf(normalize('incident_created_v2'))).toEqual({
      providerIncidentId: '01HV5QZ4W7K2M8N3P6R9T1X0YB',
      notIncidentReason: null,
      title: 'INC-148: Checkout payments failing for card users',
      url: 'https://app.incident.io/acme/incidents/148',
      status: 'open',
      startedAt: ms('2026-03-03T16:49:30Z'),
      resolvedAt: null,
      repository: null,
      environment: null,
      sha: null,
      serviceId: null,
      orderedAt: ms('2026-03-03T16:49:30.418Z'),
    });
  });

  it('resolves when the status leaves live for learning, at that delivery’s updated_at', () => {
    expect(incidentOf(normalize('incident_status_updated_v2.learning'))).toMatchObject({
      status: 'resolved',
      resolvedAt: ms('2026-03-03T17:06:12Z'),
      orderedAt: ms('2026-03-03T17:06:12.902Z'),
    });
    expect(incidentOf(normalize('incident_updated_v2.closed'))).toMatchObject({
      status: 'resolved',
      resolvedAt: ms('2026-03-05T10:30:00Z'),
    });
  });

  it('makes declined incidents and test-mode incidents no incident', () => {
    expect(incidentOf(normalize('incident_updated_v2.declined')).notIncidentReason).toBe(
      'incident.io incident declined: not counted',
    );
    expect(incidentOf(normalize('incident_created_v2.test-mode')).notIncidentReason).toBe(
      'incident.io test incident: not counted',
    );
  });

  it('ignores private incidents and events it does not read, saying why', () => {
    expect(ignoredReasonOf(normalize('private_incident.incident_created_v2'))).toContain('private incident');
    expect(
      ignoredReasonOf(normalizeIncidentIoEvent('public_incident.follow_up_created_v1', { event_type: 'x' })),
    ).toContain('subscribe the endpoint to those only');
  });

  it('names a category it does not know, and a missing updated_at', () => {
    const payload = JSON.parse(body('incident_created_v2'));
    const incident = payload['public_incident.incident_created_v2'];
    incident.incident_status.category = 'archived';
    expect(ignoredReasonOf(normalizeIncidentIoEvent(payload.event_type, payload))).toBe(
      'incident.io event: public_incident.incident_created_v2.incident_status.category must be a category incident.io documents, got "archived"',
    );
    incident.incident_status.category = 'constructor';
    expect(ignoredReasonOf(normalizeIncidentIoEvent(payload.event_type, payload))).toContain('got "constructor"');
    incident.incident_status.category = 'live';
    delete incident.updated_at;
    expect(ignoredReasonOf(normalizeIncidentIoEvent(payload.event_type, payload))).toContain('updated_at must be');
  });
});
