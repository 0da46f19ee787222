import type { DetectionDeployment } from '../../../src/metrics/detection-deployment.js';
import { windowBetween } from '../../../src/metrics/metric-window.js';
import { bringing, deployment, hex } from './detection-factories.js';
import { at } from './factories.js';

/**
 * The week (Monday 1 June 2026, UTC), one repository in one production environment: twelve successful and
 * failed deployments, one failed by its status. Version 1 says 1/12; the truth is 4/12.
 */
export const WEEK: readonly DetectionDeployment[] = [
  bringing('d01', '2026-06-01T09:00:00Z', hex('a1'), [[hex('a1'), 'Add cart']], { ref: 'r1' }),
  bringing('d02', '2026-06-01T15:00:00Z', hex('b2'), [[hex('b2'), 'Add checkout']], { ref: 'r2' }),
  // New pricing breaks checkout: rolled back to r2 an hour later.
  bringing('d03', '2026-06-02T10:00:00Z', hex('c3'), [[hex('c3'), 'New pricing']], { ref: 'r3' }),
  deployment('d04', '2026-06-02T11:00:00Z', { sha: hex('b2'), ref: 'r2' }),
  // The cause was a missing setting: r3 again, a redeploy after a rollback, not a rollback.
  deployment('d05', '2026-06-03T09:00:00Z', { sha: hex('c3'), ref: 'r3' }),
  // The runner fails, and the same sha is retried: not a rollback.
  deployment('d06', '2026-06-03T14:00:00Z', { sha: hex('d4'), ref: 'r4', status: 'failure' }),
  bringing('d07', '2026-06-03T14:30:00Z', hex('d4'), [[hex('d4'), 'Add wishlist']], { ref: 'r4' }),
  // Coupons are reverted in the afternoon.
  bringing('d08', '2026-06-04T10:00:00Z', hex('e5'), [[hex('e5'), 'Add coupons']], { ref: 'r5' }),
  bringing(
    'd09',
    '2026-06-04T16:00:00Z',
    hex('f6'),
    [[hex('f6'), `Revert "Add coupons"\n\nThis reverts commit ${hex('e5')}.`]],
    { ref: 'r6' },
  ),
  // Search times out: a hotfix branch deploys the fix.
  bringing('d10', '2026-06-05T10:00:00Z', hex('07'), [[hex('07'), 'Speed up search']], { ref: 'r7' }),
  bringing('d11', '2026-06-05T11:30:00Z', hex('a8'), [[hex('a8'), 'Fix search timeout']], { ref: 'hotfix/search' }),
  bringing('d12', '2026-06-05T17:00:00Z', hex('b9'), [[hex('b9'), 'Update docs']], { ref: 'r8' }),
];

export const JUNE_WEEK = windowBetween(at('2026-06-01T00:00:00Z'), at('2026-06-08T00:00:00Z'), 'UTC');

export const notFailed = { failedChange: false, failureCauses: [], rework: null };

export const WEEK_VERDICTS = {
  d01: notFailed,
  d02: notFailed,
  d03: {
    failedChange: true,
    failureCauses: [
      { kind: 'rollback', by: 'd04', detail: 'rolled back by the deployment of 2 Jun 2026 11:00 UTC to r2 (b2b2b2b)' },
    ],
    rework: null,
  },
  d04: { ...notFailed, rework: { kind: 'rollback', of: 'd02' } },
  d05: notFailed,
  d06: {
    failedChange: true,
    failureCauses: [{ kind: 'failed_status', by: null, detail: 'the deployment’s status is failure' }],
    rework: null,
  },
  d07: notFailed,
  d08: {
    failedChange: true,
    failureCauses: [
      {
        kind: 'revert',
        by: 'd09',
        detail: 'reverted by the deployment of 4 Jun 2026 16:00 UTC (f6f6f6f): commit f6f6f6f reverts e5e5e5e',
      },
    ],
    rework: null,
  },
  d09: { ...notFailed, rework: { kind: 'revert', of: 'd08' } },
  d10: {
    failedChange: true,
    failureCauses: [
      {
        kind: 'hotfix',
        by: 'd11',
        detail:
          'followed by the hotfix deployment of 5 Jun 2026 11:30 UTC (a8a8a8a): "hotfix" in its ref hotfix/search',
      },
    ],
    rework: null,
  },
  d11: { ...notFailed, rework: { kind: 'hotfix', of: 'd10' } },
  d12: notFailed,
};
