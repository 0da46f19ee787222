import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sign } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import { generic } from '../../../src/providers/generic/index.js';
import { normalizeGenericIncident } from '../../../src/providers/generic/normalize-generic-incident.js';
import { SECRET } from './support/credentials.js';
import { deliverIncident, ignoredReasonOf, incidentOf, ms } from './support/deliver-incident.js';
import { FIXTURES } from './support/golden.js';

function body(name: string): string {
  return readFileSync(join(FIXTURES, 'generic', 'incidents', `${name}.json`), 'utf8');
}

const fixture = (name: string): Record<string, unknown> => JSON.parse(body(name));

describe('generic incidents', () => {
  it('reads a signed incident naming a sha through the generic webhook', async () => {
    const text = body('open-with-sha');
    const outcome = await deliverIncident(generic, (_event, payload) => normalizeGenericIncident(payload), {
      headers: {
        'content-type': 'application/json',
        'x-shipwatch-signature-256': await sign(SECRET, text),
        'x-shipwatch-delivery': 'uptime-8812-1',
      },
      body: text,
      secrets: [SECRET],
    });
    expect(outcome).toMatchObject({ deliveryKey: 'uptime-8812-1' });
    expect(incidentOf(outcome)).toEqual({
      providerIncidentId: 'uptime-2026-03-03-checkout',
      notIncidentReason: null,
      title: 'Checkout health check failing',
      url: 'https://status.acme.example/incidents/8812',
      status: 'open',
      startedAt: ms('2026-03-03T16:45:00Z'),
      resolvedAt: null,
      repository: 'acme/checkout',
      environment: 'production',
      sha: '9f2c4e1b7a3d5f6e8c0b1a2d3e4f5a6b7c8d9e0f',
      serviceId: null,
      orderedAt: ms('2026-03-03T16:45:00Z'),
    });
  });

  it('resolves at resolvedAt, offset applied, and orders the report by it', () => {
    expect(incidentOf(normalizeGenericIncident(fixture('resolved')))).toMatchObject({
      status: 'resolved',
      resolvedAt: ms('2026-03-03T17:12:30Z'),
      orderedAt: ms('2026-03-03T17:12:30Z'),
      sha: null,
      title: null,
    });
  });

  it.each([
    [{ type: 'deployment' }, 'type must be "incident" for an incident body, got "deployment"'],
    [{ incidentId: '' }, 'incidentId must be a non-empty string, got ""'],
    [{ status: 'closed' }, 'status must be one of open, resolved, got "closed"'],
    [{ startedAt: 1772556300 }, 'startedAt must be an RFC 3339 time such as "2026-03-02T14:05:00Z", got 1772556300'],
    [{ status: 'resolved' }, 'resolvedAt must be an RFC 3339 time (required when status is resolved), got no value'],
    [
      { resolvedAt: '2026-03-03T17:00:00Z' },
      'resolvedAt must be absent when status is open, got "2026-03-03T17:00:00Z"',
    ],
    [
      { status: 'resolved', resolvedAt: '2026-03-03T16:00:00Z' },
      'resolvedAt must be a time at or after startedAt (2026-03-03T16:45:00Z), got "2026-03-03T16:00:00Z"',
    ],
    [{ sha: '9f2c4e1' }, 'sha must be the full commit id (40 hex digits) when given, got "9f2c4e1"'],
    [{ repository: 42 }, 'repository must be a string when given, got 42'],
  ])('names the bad field: %o', (change, reason) => {
    expect(ignoredReasonOf(normalizeGenericIncident({ ...fixture('open-with-sha'), ...change }))).toBe(
      `generic incident: ${reason}`,
    );
  });
});
