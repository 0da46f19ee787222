import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IncidentEvent, IncidentNormalization } from '../../../src/domain/incident-event.js';
import { type AttributionDeployment, attributeIncident } from '../../../src/metrics/attribute-incident.js';
import { mergeIncidentEvents } from '../../../src/metrics/merge-incident-events.js';
import { timeToRestoreService } from '../../../src/metrics/time-to-restore.js';
import { normalizeGenericIncident } from '../../../src/providers/generic/normalize-generic-incident.js';
import { normalizeGithubIssue } from '../../../src/providers/github/normalize-github-issue.js';
import { normalizePagerdutyEvent } from '../../../src/providers/pagerduty/normalize-pagerduty-event.js';
import { FIXTURES } from '../providers/support/golden.js';
import { at } from './factories.js';
import { permutations } from './permutations.js';

function read(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, `${path}.json`), 'utf8'));
}

function incident(normalized: IncidentNormalization): IncidentEvent {
  if (normalized.kind !== 'incident') throw new Error(`expected an incident, got ${JSON.stringify(normalized)}`);
  return normalized.incident;
}

const pagerduty = (name: string) => {
  const payload = read(`pagerduty/${name}`);
  return incident(normalizePagerdutyEvent((payload.event as { event_type: string }).event_type, payload));
};

// Three incidents on 2026-03-03 from the fixtures, and the deployments before them.
const deliveries = [
  pagerduty('incident.triggered'), // PGR0VU2, checkout-api, 16:48:02 → resolved 17:05:41 (1,059 s)
  pagerduty('incident.resolved'),
  incident(normalizeGenericIncident(read('generic/incidents/open-with-sha'))), // from 16:45:00, names sha 9f2c…
  incident(normalizeGenericIncident(read('generic/incidents/resolved'))), // resolved 17:12:30 (1,650 s)
  incident(normalizeGithubIssue(read('github/issues/opened.labeled'))), // #412 from 16:52:10
  incident(normalizeGithubIssue(read('github/issues/closed'))), // closed 17:31:44 (2,374 s)
  incident(normalizeGithubIssue(read('github/issues/reopened'))), // reopened 18:02:09: open again
];

const SHA = '9f2c4e1b7a3d5f6e8c0b1a2d3e4f5a6b7c8d9e0f';
const deployments: AttributionDeployment[] = [
  {
    id: 'd-api',
    repository: 'acme/checkout',
    environment: 'production',
    production: true,
    status: 'success',
    finishedAt: at('2026-03-03T16:30:00Z'),
    sha: 'e'.repeat(40),
  },
  {
    id: 'd-sha',
    repository: 'acme/checkout',
    environment: 'production',
    production: true,
    status: 'success',
    finishedAt: at('2026-03-02T10:00:00Z'),
    sha: SHA,
  },
  {
    id: 'd-web',
    repository: 'acme/web',
    environment: 'production',
    production: true,
    status: 'success',
    finishedAt: at('2026-03-03T16:40:00Z'),
    sha: 'f'.repeat(40),
  },
];
const settings = { incidentWindowHours: 24, pagerdutyServices: { PF9KMXH: 'acme/checkout' } };

function fold(events: readonly IncidentEvent[]) {
  const byId = new Map<string, IncidentEvent[]>();
  for (const event of events)
    byId.set(event.providerIncidentId, [...(byId.get(event.providerIncidentId) ?? []), event]);
  return [...byId.values()].map((group) => {
    const state = mergeIncidentEvents(group);
    if (state === null) throw new Error('no state');
    return { ...state, ...attributeIncident(state, deployments, settings) };
  });
}

describe('incidents, worked example', () => {
  const orders = permutations(deliveries.slice(0, 5)).map((head) => [...head, ...deliveries.slice(5)]);

  it('folds, attributes and measures the same in every order of delivery', () => {
    for (const order of [...orders, [...deliveries].reverse()]) {
      const incidents = fold(order).sort((a, b) => a.startedAt - b.startedAt);
      expect(incidents.map((i) => [i.providerIncidentId, i.status, i.deploymentId, i.attribution])).toEqual([
        ['uptime-2026-03-03-checkout', 'resolved', 'd-sha', 'sha'],
        ['PGR0VU2', 'resolved', 'd-api', 'window'],
        ['2912345678', 'open', 'd-api', 'window'],
      ]);
      const march = { from: at('2026-03-01T00:00:00Z'), to: at('2026-04-01T00:00:00Z') };
      // Resolved: 1,059 s and 1,650 s; the reopened issue is open. Median (1,059 + 1,650) / 2.
      expect(timeToRestoreService(incidents, march)).toEqual({ medianSeconds: 1_354.5, incidents: 3, resolved: 2 });
    }
  });
});
