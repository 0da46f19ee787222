import { describe, expect, it } from 'vitest';
import { incidentCauseDetail } from '../../../src/metrics/incident-cause-detail.js';
import { at } from './factories.js';

const base = {
  incidentId: 'in_7',
  title: 'Checkout returns 502',
  startedAt: at('2026-03-03T16:48:00Z'),
  deploymentFinishedAt: at('2026-03-03T16:00:00Z'),
  deploymentSha: '9f2c4e1b7a3d5f6e8c0b1a2d3e4f5a6b7c8d9e0f',
  incidentWindowHours: 24,
};

describe('incidentCauseDetail', () => {
  it('says which incident and why it is this deployment’s', () => {
    expect(incidentCauseDetail({ ...base, attribution: 'window' })).toBe(
      'incident “Checkout returns 502” of 3 Mar 2026 16:48 UTC started 48 min after this deployment finished (incidentWindowHours: 24)',
    );
    expect(incidentCauseDetail({ ...base, attribution: 'sha' })).toBe(
      'incident “Checkout returns 502” of 3 Mar 2026 16:48 UTC names this deployment’s commit 9f2c4e1',
    );
    expect(incidentCauseDetail({ ...base, attribution: 'manual' })).toBe(
      'incident “Checkout returns 502” of 3 Mar 2026 16:48 UTC, linked to this deployment by a person',
    );
  });

  it('writes hours and minutes, the same second as zero, and the id when there is no title', () => {
    const window = { ...base, attribution: 'window' as const, title: '  ' };
    expect(incidentCauseDetail({ ...window, deploymentFinishedAt: at('2026-03-03T13:48:00Z') })).toContain(
      'incident in_7 of 3 Mar 2026 16:48 UTC started 3 h after',
    );
    expect(incidentCauseDetail({ ...window, deploymentFinishedAt: at('2026-03-02T20:43:30Z') })).toContain(
      'started 20 h 4 min after',
    );
    expect(incidentCauseDetail({ ...window, deploymentFinishedAt: base.startedAt })).toContain('started 0 min after');
  });
});
