import { describe, expect, it } from 'vitest';
import type { DetectionDeployment } from '../../../src/metrics/detection-deployment.js';
import { bringing, byId, deployment, hex, judge, shuffled } from './detection-factories.js';

const failed = (deployments: readonly DetectionDeployment[]) =>
  [...judge(deployments).values()].filter((verdict) => verdict.failedChange === true).map(({ id }) => id);

const causesOf = (deployments: readonly DetectionDeployment[], id: string) =>
  byId(judge(deployments))[id]?.failureCauses.map(({ kind, by }) => [kind, by]);

const reworkOf = (deployments: readonly DetectionDeployment[], id: string) => byId(judge(deployments))[id]?.rework;

/** Every verdict the same whatever the input's order. */
function expectOrderFree(deployments: readonly DetectionDeployment[]): void {
  const expected = byId(judge(deployments));
  for (const seed of [3, 11, 1234]) expect(byId(judge(shuffled(deployments, seed)))).toEqual(expected);
}

describe('rollback', () => {
  it('a sha whose only earlier deployment failed is a retry of a fix, not a rollback', () => {
    const deployments = [
      deployment('a', '2026-06-01T09:00:00Z', { sha: hex('a1') }),
      deployment('f', '2026-06-01T10:00:00Z', { sha: hex('b2'), status: 'failure' }),
      deployment('b', '2026-06-01T11:00:00Z', { sha: hex('c3') }),
      deployment('x', '2026-06-01T12:00:00Z', { sha: hex('b2') }),
    ];
    expect(failed(deployments)).toEqual(['f']);
    expect(reworkOf(deployments, 'x')).toBeNull();
  });

  it('a rollback to a deployment that was itself a failed change: the target keeps its verdict, what followed fails', () => {
    const deployments = [
      deployment('a', '2026-06-01T09:00:00Z', { sha: hex('a1') }),
      deployment('b', '2026-06-01T10:00:00Z', { sha: hex('b2'), incidentIds: ['inc-1'] }),
      deployment('c', '2026-06-01T11:00:00Z', { sha: hex('c3') }),
      deployment('r', '2026-06-01T12:00:00Z', { sha: hex('b2') }),
    ];
    expect(failed(deployments)).toEqual(['b', 'c']);
    expect(causesOf(deployments, 'c')).toEqual([['rollback', 'r']]);
    expect(reworkOf(deployments, 'r')).toEqual({ kind: 'rollback', of: 'b' });
  });

  it('fails every success between the target and the rollback; failures between keep their status alone', () => {
    const deployments = [
      deployment('a', '2026-06-01T09:00:00Z', { sha: hex('a1'), ref: 'v1' }),
      deployment('b', '2026-06-01T10:00:00Z', { sha: hex('b2') }),
      deployment('f', '2026-06-01T10:30:00Z', { sha: hex('c3'), status: 'failure' }),
      deployment('k', '2026-06-01T10:40:00Z', { sha: hex('c3'), status: 'canceled' }),
      deployment('c', '2026-06-01T11:00:00Z', { sha: hex('c3') }),
      deployment('r', '2026-06-01T12:00:00Z', { sha: hex('a1') }),
    ];
    expect(failed(deployments)).toEqual(['b', 'c', 'f']);
    expect(causesOf(deployments, 'f')).toEqual([['failed_status', null]]);
    expect(byId(judge(deployments)).b?.failureCauses).toEqual([
      { kind: 'rollback', by: 'r', detail: 'rolled back by the deployment of 1 Jun 2026 12:00 UTC to v1 (a1a1a1a)' },
    ]);
    expectOrderFree(deployments);
  });

  it('a rollback past an earlier rollback fails it too; the target is the latest deployment of the sha', () => {
    const deployments = [
      deployment('a', '2026-06-01T09:00:00Z', { sha: hex('a1') }),
      deployment('b', '2026-06-01T10:00:00Z', { sha: hex('b2') }),
      deployment('c', '2026-06-01T11:00:00Z', { sha: hex('c3') }),
      deployment('r1', '2026-06-01T12:00:00Z', { sha: hex('b2') }),
      deployment('d', '2026-06-01T13:00:00Z', { sha: hex('d4') }),
      deployment('r2', '2026-06-01T14:00:00Z', { sha: hex('a1') }),
      deployment('e', '2026-06-01T15:00:00Z', { sha: hex('e5') }),
      deployment('r3', '2026-06-01T16:00:00Z', { sha: hex('a1') }),
    ];
    expect(causesOf(deployments, 'c')).toEqual([
      ['rollback', 'r1'],
      ['rollback', 'r2'],
    ]);
    expect(failed(deployments)).toEqual(['b', 'c', 'd', 'e', 'r1']);
    expect(reworkOf(deployments, 'r1')).toEqual({ kind: 'rollback', of: 'b' });
    expect(reworkOf(deployments, 'r2')).toEqual({ kind: 'rollback', of: 'a' });
    // r3 rolls back to r2, the latest deployment of a1: only e lies between.
    expect(reworkOf(deployments, 'r3')).toEqual({ kind: 'rollback', of: 'r2' });
    expectOrderFree(deployments);
  });

  it('a rollback in one production environment of two fails only that environment’s deployments', () => {
    const deployments = [
      deployment('us1', '2026-06-01T09:00:00Z', { sha: hex('a1'), environment: 'production-us' }),
      deployment('eu1', '2026-06-01T09:05:00Z', { sha: hex('a1'), environment: 'production-eu' }),
      deployment('us2', '2026-06-01T10:00:00Z', { sha: hex('b2'), environment: 'production-us' }),
      deployment('eu2', '2026-06-01T10:05:00Z', { sha: hex('b2'), environment: 'production-eu' }),
      deployment('us3', '2026-06-01T11:00:00Z', { sha: hex('a1'), environment: 'production-us' }),
      // In eu, b2 stays; the eu redeploy of a1 after eu's own b2 would be a rollback, but none happens.
      deployment('eu3', '2026-06-01T11:05:00Z', { sha: hex('b2'), environment: 'production-eu' }),
    ];
    expect(failed(deployments)).toEqual(['us2']);
    expect(reworkOf(deployments, 'us3')).toEqual({ kind: 'rollback', of: 'us1' });
    expect(reworkOf(deployments, 'eu3')).toBeNull();
  });

  it('a staging deployment, a canceled one, another repository or one without a sha never make a rollback', () => {
    const deployments = [
      deployment('a', '2026-06-01T09:00:00Z', { sha: hex('a1') }),
      deployment('s', '2026-06-01T09:30:00Z', { sha: hex('b2'), environment: 'staging', production: false }),
      deployment('k', '2026-06-01T09:40:00Z', { sha: hex('b2'), status: 'canceled' }),
      deployment('o', '2026-06-01T09:50:00Z', { sha: hex('b2'), repository: 'acme/other' }),
      deployment('n', '2026-06-01T10:00:00Z', { sha: null }),
      deployment('r', '2026-06-01T11:00:00Z', { sha: hex('a1') }),
    ];
    // n's version is unknown: r may redeploy it, so r is no rollback.
    expect(failed(deployments)).toEqual([]);
  });

  it('at the same second a failure comes first, then ids decide', () => {
    const deployments = [
      deployment('a', '2026-06-01T09:00:00Z', { sha: hex('a1') }),
      deployment('c', '2026-06-01T10:00:00.400Z', { sha: hex('a1') }),
      deployment('b', '2026-06-01T10:00:00Z', { sha: hex('b2') }),
    ];
    // In order: a, b, c (b before c by id within the second): c rolls b back.
    expect(failed(deployments)).toEqual(['b']);
    expectOrderFree(deployments);
  });
});

describe('revert', () => {
  const reverting = (id: string, iso: string, revertedPrefix: string, fields: Partial<DetectionDeployment> = {}) =>
    bringing(id, iso, hex('ff'), [[hex('ff'), `Revert "x"\n\nThis reverts commit ${revertedPrefix}.`]], fields);

  it('the earliest deployment that reached the commit fails, in any production environment, by a short prefix', () => {
    const deployments = [
      bringing('eu', '2026-06-01T09:00:00Z', hex('a1'), [[hex('a1'), 'Add cart']], { environment: 'production-eu' }),
      deployment('us', '2026-06-01T09:30:00Z', { sha: hex('a1'), environment: 'production-us', reached: [] }),
      deployment('st', '2026-06-01T08:00:00Z', {
        sha: hex('a1'),
        environment: 'staging',
        production: false,
        reached: [hex('a1')],
      }),
      reverting('v', '2026-06-02T09:00:00Z', 'a1a1a1a', { environment: 'production-us' }),
    ];
    expect(failed(deployments)).toEqual(['eu']);
    expect(byId(judge(deployments)).eu?.failureCauses).toEqual([
      {
        kind: 'revert',
        by: 'v',
        detail: 'reverted by the deployment of 2 Jun 2026 09:00 UTC (fffffff): commit fffffff reverts a1a1a1a',
      },
    ]);
    expect(reworkOf(deployments, 'v')).toEqual({ kind: 'revert', of: 'eu' });
    expectOrderFree(deployments);
  });

  it('a revert of a commit never deployed, or deployed later, or brought by the same deployment, fails nothing', () => {
    const neverDeployed = [
      bringing('a', '2026-06-01T09:00:00Z', hex('a1'), [[hex('a1'), 'Add cart']]),
      reverting('v', '2026-06-02T09:00:00Z', hex('b2'), {
        reached: [hex('ff')],
        brought: [
          { sha: hex('b2'), message: 'Add coupons' },
          { sha: hex('ff'), message: `This reverts commit ${hex('b2')}.` },
        ],
      }),
    ];
    expect(failed(neverDeployed)).toEqual([]);
    expect(reworkOf(neverDeployed, 'v')).toBeNull();
    const deployedLater = [
      reverting('v', '2026-06-01T09:00:00Z', hex('a1')),
      bringing('a', '2026-06-02T09:00:00Z', hex('a1'), [[hex('a1'), 'Add cart']]),
    ];
    expect(failed(deployedLater)).toEqual([]);
  });

  it('an ambiguous or unknown prefix, a failed or staging reverting deployment, another repository: nothing', () => {
    const base = [
      bringing('a', '2026-06-01T09:00:00Z', hex('a1'), [[hex('a1'), 'Add cart']]),
      bringing('b', '2026-06-01T10:00:00Z', `a1a1a1a${'0'.repeat(33)}`, [[`a1a1a1a${'0'.repeat(33)}`, 'Add coupons']]),
    ];
    expect(failed([...base, reverting('v', '2026-06-02T09:00:00Z', 'a1a1a1a')])).toEqual([]);
    expect(failed([...base, reverting('v', '2026-06-02T09:00:00Z', 'a1a1a1a1')])).toEqual(['a']);
    expect(failed([...base, reverting('v', '2026-06-02T09:00:00Z', 'abcdef0')])).toEqual([]);
    expect(failed([...base, reverting('v', '2026-06-02T09:00:00Z', 'a1a1a1')])).toEqual([]);
    expect(failed([...base, reverting('v', '2026-06-02T09:00:00Z', hex('a1'), { status: 'failure' })])).toEqual(['v']);
    const staging = { environment: 'staging', production: false };
    expect(failed([...base, reverting('v', '2026-06-02T09:00:00Z', hex('a1'), staging)])).toEqual([]);
    expect(failed([...base, reverting('v', '2026-06-02T09:00:00Z', hex('a1'), { repository: 'acme/other' })])).toEqual(
      [],
    );
  });

  it('one deployment reverting commits of two deployments fails both and reworks the earlier', () => {
    const deployments = [
      bringing('a', '2026-06-01T09:00:00Z', hex('a1'), [[hex('a1'), 'Add cart']]),
      bringing('b', '2026-06-01T10:00:00Z', hex('b2'), [[hex('b2'), 'Add coupons']]),
      bringing('v', '2026-06-02T09:00:00Z', hex('ff'), [
        [hex('fe'), `This reverts commit ${hex('b2')}.`],
        [hex('ff'), `Revert two\n\nThis reverts commit ${hex('a1')}.\nThis reverts commit ${hex('b2')}.`],
      ]),
    ];
    expect(failed(deployments)).toEqual(['a', 'b']);
    expect(byId(judge(deployments)).b?.failureCauses[0]?.detail).toBe(
      'reverted by the deployment of 2 Jun 2026 09:00 UTC (fffffff): commit fefefef reverts b2b2b2b; commit fffffff reverts b2b2b2b',
    );
    expect(reworkOf(deployments, 'v')).toEqual({ kind: 'revert', of: 'a' });
  });
});

describe('hotfix', () => {
  it('two hotfixes in a row: the second fails nothing and reworks what the first did', () => {
    const deployments = [
      deployment('a', '2026-06-01T09:00:00Z', { ref: 'main' }),
      deployment('h1', '2026-06-01T10:00:00Z', { ref: 'hotfix/login' }),
      deployment('h2', '2026-06-01T11:00:00Z', { ref: 'hotfix/login-2' }),
      deployment('h3', '2026-06-01T12:00:00Z', { ref: 'HOTFIX-3' }),
    ];
    expect(failed(deployments)).toEqual(['a']);
    expect(reworkOf(deployments, 'h1')).toEqual({ kind: 'hotfix', of: 'a' });
    expect(reworkOf(deployments, 'h2')).toEqual({ kind: 'hotfix', of: 'a' });
    expect(reworkOf(deployments, 'h3')).toEqual({ kind: 'hotfix', of: 'a' });
    expectOrderFree(deployments);
  });

  it('fails the deployment just before, even a failed one; a failed hotfix is no hotfix; first in its group reworks nothing', () => {
    const deployments = [
      deployment('h0', '2026-06-01T08:00:00Z', { ref: 'hotfix/boot' }),
      deployment('a', '2026-06-01T09:00:00Z', { ref: 'main' }),
      deployment('f', '2026-06-01T10:00:00Z', { ref: 'hotfix/login', status: 'failure' }),
      deployment('h', '2026-06-01T11:00:00Z', { ref: 'hotfix/login' }),
      deployment('other', '2026-06-01T10:30:00Z', { ref: 'main', environment: 'production-eu' }),
    ];
    expect(failed(deployments)).toEqual(['f']);
    expect(causesOf(deployments, 'f')).toEqual([
      ['failed_status', null],
      ['hotfix', 'h'],
    ]);
    expect(reworkOf(deployments, 'h')).toEqual({ kind: 'hotfix', of: 'f' });
    expect(reworkOf(deployments, 'h0')).toEqual({ kind: 'hotfix', of: null });
  });

  it('finds keywords in commit subjects, pull request titles, labels and merged commits, never in a commit body', () => {
    const base = deployment('a', '2026-06-01T09:00:00Z');
    const withBrought = (fields: Partial<DetectionDeployment>) => [
      base,
      deployment('h', '2026-06-01T10:00:00Z', { ref: 'main', ...fields }),
    ];
    const pull = { title: 'Speed up search', labels: ['perf'], mergePushSubjects: ['Speed up search'] };
    const detailOf = (fields: Partial<DetectionDeployment>) =>
      byId(judge(withBrought(fields))).a?.failureCauses[0]?.detail ?? null;
    expect(detailOf({ brought: [{ sha: hex('c3'), message: 'Hotfix: null cart\n\nbody' }] })).toBe(
      'followed by the hotfix deployment of 1 Jun 2026 10:00 UTC: "hotfix" in the subject of commit c3c3c3c "Hotfix: null cart"',
    );
    expect(detailOf({ brought: [{ sha: hex('c3'), message: 'Fix cart\n\nhotfix for the outage' }] })).toBeNull();
    expect(detailOf({ pullRequests: [{ ...pull, title: '[HOTFIX] search' }] })).toContain(
      'the title of pull request "[HOTFIX] search"',
    );
    expect(detailOf({ pullRequests: [{ ...pull, labels: ['perf', 'type: hotfix'] }] })).toContain(
      'the label "type: hotfix" of pull request "Speed up search"',
    );
    expect(detailOf({ pullRequests: [{ ...pull, mergePushSubjects: ['wip', 'hotfix search\n\nmore'] }] })).toContain(
      'the commit "hotfix search" merged by pull request "Speed up search"',
    );
    expect(detailOf({ ref: 'refs/heads/hotfixes' })).toBeNull();
    // An underscore is neither a letter nor a digit: it splits words, as a hyphen does.
    expect(detailOf({ ref: 'refs/heads/hotfix_2' })).toContain('its ref refs/heads/hotfix_2');
    expect(detailOf({ ref: 'refs/heads/hotfix2' })).toBeNull();
    expect(detailOf({ ref: 'refs/heads/hotfix-2' })).toContain('its ref refs/heads/hotfix-2');
  });
});
