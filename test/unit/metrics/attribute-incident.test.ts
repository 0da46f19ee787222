import { describe, expect, it } from 'vitest';
import {
  type AttributableIncident,
  type AttributionDeployment,
  attributeIncident,
} from '../../../src/metrics/attribute-incident.js';
import { at } from './factories.js';
import { permutations } from './permutations.js';

const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);
const SETTINGS = { incidentWindowHours: 24, pagerdutyServices: { PF9KMXH: 'acme/checkout' } };

function deployment(id: string, finished: string, fields: Partial<AttributionDeployment> = {}): AttributionDeployment {
  return {
    id,
    repository: 'acme/checkout',
    environment: 'production',
    production: true,
    status: 'success',
    finishedAt: at(finished),
    sha: null,
    ...fields,
  };
}

function incident(fields: Partial<AttributableIncident> = {}): AttributableIncident {
  return {
    startedAt: at('2026-03-03T16:45:00Z'),
    repository: null,
    serviceId: null,
    sha: null,
    environment: null,
    ...fields,
  };
}

// A day of deployments around an incident that started at 16:45 on 2026-03-03.
const history = [
  deployment('d1', '2026-03-02T15:00:00Z', { sha: SHA_A }), // 25 h 45 min before: outside a 24 h window
  deployment('d2', '2026-03-03T09:00:00Z', { sha: SHA_A, environment: 'staging', production: false }),
  deployment('d3', '2026-03-03T11:30:00Z', { sha: SHA_B, repository: 'acme/search' }),
  deployment('d4', '2026-03-03T14:10:00Z', { sha: SHA_B }),
  deployment('d5', '2026-03-03T15:55:00Z', { status: 'failure' }),
  deployment('d6', '2026-03-03T16:20:00Z', { repository: 'acme/search', production: false }),
  deployment('d7', '2026-03-03T17:30:00Z', { sha: SHA_A, environment: 'production-eu' }), // after the start
];
const orders = permutations(history.slice(2)).map((tail) => [...history.slice(0, 2), ...tail]);

describe('attributeIncident', () => {
  it.each([
    [
      'a person’s link',
      incident({ manualDeploymentId: 'd3', sha: SHA_A }),
      { deploymentId: 'd3', attribution: 'manual' },
    ],
    [
      'a person’s "not a deployment"',
      incident({ manualDeploymentId: null, sha: SHA_A }),
      { deploymentId: null, attribution: 'manual' },
    ],
    [
      'the earliest production deployment of the sha',
      incident({ sha: SHA_A }),
      { deploymentId: 'd1', attribution: 'sha' },
    ],
    [
      'the sha in the named environment',
      incident({ sha: SHA_A, environment: 'Production-EU' }),
      { deploymentId: 'd7', attribution: 'sha' },
    ],
    [
      'the sha in any repository',
      incident({ sha: SHA_B, repository: 'acme/checkout' }),
      { deploymentId: 'd3', attribution: 'sha' },
    ],
    ['the latest success before the start, any repository', incident(), { deploymentId: 'd4', attribution: 'window' }],
    [
      'the latest success in the repository',
      incident({ repository: 'ACME/search' }),
      { deploymentId: 'd3', attribution: 'window' },
    ],
    [
      'a PagerDuty service through pagerdutyServices',
      incident({ serviceId: 'PF9KMXH' }),
      { deploymentId: 'd4', attribution: 'window' },
    ],
    [
      'the window when the sha was never deployed',
      incident({ sha: 'c'.repeat(40) }),
      { deploymentId: 'd4', attribution: 'window' },
    ],
    [
      'nothing in an unknown repository',
      incident({ repository: 'acme/billing' }),
      { deploymentId: null, attribution: null },
    ],
    [
      'nothing when the repository last deployed more than 24 h before',
      incident({ startedAt: at('2026-03-04T12:00:00Z'), repository: 'acme/search' }),
      { deploymentId: null, attribution: null },
    ],
  ])('chooses %s, whatever the order of deployments', (_name, subject, expected) => {
    for (const deployments of orders) expect(attributeIncident(subject, deployments, SETTINGS)).toEqual(expected);
  });

  it('counts a deployment finished exactly incidentWindowHours before, or in the start’s second', () => {
    const start = '2026-03-03T16:45:00Z';
    const edge = [deployment('early', '2026-03-02T16:45:00Z')];
    expect(attributeIncident(incident(), edge, SETTINGS)).toEqual({ deploymentId: 'early', attribution: 'window' });
    const tooEarly = [deployment('early', '2026-03-02T16:44:59Z')];
    expect(attributeIncident(incident(), tooEarly, SETTINGS).deploymentId).toBeNull();
    const same = [deployment('same', start)];
    expect(attributeIncident(incident(), same, SETTINGS).deploymentId).toBe('same');
    expect(attributeIncident(incident(), edge, { ...SETTINGS, incidentWindowHours: 1 }).deploymentId).toBeNull();
  });

  it('breaks a tie of finish times by the smaller id, in any order', () => {
    const tie = [deployment('d9', '2026-03-03T16:00:00Z'), deployment('d8', '2026-03-03T16:00:00Z')];
    for (const deployments of permutations(tie)) {
      expect(attributeIncident(incident(), deployments, SETTINGS).deploymentId).toBe('d8');
    }
  });
});
