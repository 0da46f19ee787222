import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { providers } from '../../../src/providers/registry.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
const read = (path: string) => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as Record<string, unknown>;

// The provider records route incident events to the incident normalizers (issue 17), with the project's labels.
describe('incident events through the provider records', () => {
  it('reads a GitHub issues event as an incident candidate with its labels, whatever the project says', () => {
    const payload = read('github/issues/opened.bug.json');
    expect(providers.github.normalize('issues', payload, {})).toMatchObject({
      kind: 'incident',
      incident: { notIncidentReason: null, issue: { labels: ['bug'], typed: false } },
    });
  });

  it('reads a GitLab Issue Hook, confidential or not, as an incident', () => {
    const payload = read('gitlab/issues/issue.incident.close.json');
    for (const event of ['Issue Hook', 'Confidential Issue Hook']) {
      expect(providers.gitlab.normalize(event, payload, {})).toMatchObject({
        kind: 'incident',
        incident: { status: 'resolved', repository: 'acme/shop/checkout' },
      });
    }
  });

  it('sends a generic body with type "incident" to the incident normalizer, and one without type to deployments', () => {
    expect(providers.generic.normalize('deployment', read('generic/incidents/open-with-sha.json'), {})).toMatchObject({
      kind: 'incident',
      incident: { providerIncidentId: 'uptime-2026-03-03-checkout', sha: '9f2c4e1b7a3d5f6e8c0b1a2d3e4f5a6b7c8d9e0f' },
    });
    expect(providers.generic.normalize('deployment', read('generic/success.json'), {}).kind).toBe('deployment');
  });

  it('registers pagerduty and incident-io, which answer incidents, not an adapter’s ignored', () => {
    const triggered = read('pagerduty/incident.triggered.json');
    expect(providers.pagerduty.normalize('incident.triggered', triggered, {})).toMatchObject({
      kind: 'incident',
      incident: { providerIncidentId: 'PGR0VU2', status: 'open', serviceId: 'PF9KMXH' },
    });
    expect(providers['incident-io'].id).toBe('incident-io');
  });
});
