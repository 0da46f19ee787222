import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FailureDetection } from '../../../src/domain/failure-cause.js';
import { type AttributableIncident, attributeIncident } from '../../../src/metrics/attribute-incident.js';
import { changeFailureCauses } from '../../../src/metrics/change-failure-causes.js';
import { detectChangeFailures } from '../../../src/metrics/detect-change-failures.js';
import type { DetectionDeployment } from '../../../src/metrics/detection-deployment.js';
import { failureStreaks } from '../../../src/metrics/failure-streaks.js';
import { reworkRate } from '../../../src/metrics/rework-rate.js';
import { verdictChangeFailureRate } from '../../../src/metrics/verdict-change-failure-rate.js';
import { verdictStreaks } from '../../../src/metrics/verdict-streaks.js';
import { asMetricDeployment, historyOf, judged, shuffled } from './detection-factories.js';

const T0 = Date.UTC(2026, 5, 1);
const COMMITS = ['1', '2', '3', '4']
  .map((digit) => digit.repeat(40))
  .concat(['abcdef01'.padEnd(40, '1'), 'abcdef02'.padEnd(40, '2')]);
const REFS = ['main', 'hotfix/a', 'release-HOTFIX', 'hotfixes', 'hot-fix', 'r1'];
const SUBJECTS = ['Add cart', 'Hotfix: cart', 'Hot fix search', 'fix hotfixes', 'Cart page'];

const messageArbitrary = fc.oneof(
  fc.constantFrom(...SUBJECTS),
  fc
    .record({ commit: fc.nat({ max: COMMITS.length - 1 }), length: fc.constantFrom(6, 7, 8, 12, 40) })
    .map(({ commit, length }) => `Revert\n\nThis reverts commit ${(COMMITS[commit] as string).slice(0, length)}.`),
  fc.constant('Revert\n\nThis reverts commit fffffff.'),
);

const deploymentArbitrary = fc.record({
  repository: fc.constantFrom('acme/a', 'acme/a', 'acme/a', 'acme/a', 'acme/b', null),
  environment: fc.constantFrom('production', 'production', 'production', 'production', 'production-eu', 'staging'),
  status: fc.constantFrom('success', 'success', 'success', 'success', 'failure', 'failure', 'canceled', 'in_progress'),
  time: fc.integer({ min: 0, max: 24 }),
  jitter: fc.constantFrom(0, 0, 400),
  // Few versions, so that histories redeploy them: rollbacks, retries, redeploys after a rollback.
  sha: fc.constantFrom(-1, 0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5),
  ref: fc.option(fc.constantFrom(...REFS), { nil: null }),
  brought: fc.array(fc.record({ commit: fc.nat({ max: COMMITS.length - 1 }), message: messageArbitrary }), {
    maxLength: 3,
  }),
  reached: fc.array(fc.nat({ max: COMMITS.length - 1 }), { maxLength: 3 }),
  pullRequests: fc.array(
    fc.record({
      title: fc.constantFrom(...SUBJECTS),
      labels: fc.subarray(['perf', 'hotfix', 'type: hot fix']),
      mergePushSubjects: fc.subarray(SUBJECTS),
    }),
    { maxLength: 2 },
  ),
  changeFailure: fc.constantFrom(null, null, null, true, false),
  reworkOverride: fc.constantFrom(null, null, null, true, false),
  incidentIds: fc.subarray(['i1', 'i2']),
});

/**
 * A random history; a narrow one puts every production deployment in one group with three versions, so that long
 * chains (a rollback, a redeploy after it, a rollback past it) are common.
 */
const historyArbitrary = fc
  .tuple(fc.array(deploymentArbitrary, { maxLength: 20 }), fc.boolean())
  .map(([picks, narrow]) =>
    picks.map(
      (pick, index): DetectionDeployment => ({
        id: `d${index}`,
        repository: narrow ? 'acme/a' : pick.repository,
        environment: narrow && pick.environment !== 'staging' ? 'production' : pick.environment,
        production: pick.environment !== 'staging',
        status: pick.status,
        sha: pick.sha < 0 ? null : (COMMITS[narrow ? pick.sha % 3 : pick.sha] as string),
        ref: pick.ref,
        finishedAt: pick.status === 'in_progress' ? null : T0 + pick.time * 600_000 + pick.jitter,
        brought: pick.brought.map(({ commit, message }) => ({ sha: COMMITS[commit] as string, message })),
        reached: pick.reached.map((commit) => COMMITS[commit] as string),
        pullRequests: pick.pullRequests,
        changeFailure: pick.changeFailure,
        reworkOverride: pick.reworkOverride,
        incidentIds: pick.incidentIds,
      }),
    ),
  );

const settingsArbitrary = fc.record({
  rollback: fc.boolean(),
  revert: fc.boolean(),
  hotfixKeywords: fc.subarray(['hotfix', 'hot fix', 'cart page']),
  incidents: fc.boolean(),
});

type Naive = { failedChange: boolean | null; causes: string[]; rework: { kind: string; of: string | null } | null };

/** The contract's table read as literally as possible: quadratic scans and recursion, no shared code. */
function naiveVerdicts(
  all: readonly DetectionDeployment[],
  settings: FailureDetection,
  resolve: (repository: string | null, prefix: string) => readonly string[],
): Record<string, Naive> {
  type Member = DetectionDeployment & { finishedAt: number };
  const member = (d: DetectionDeployment): d is Member =>
    d.production && d.finishedAt !== null && (d.status === 'success' || d.status === 'failure');
  const before = (a: Member, b: Member): boolean => {
    const [sa, sb] = [Math.floor(a.finishedAt / 1000), Math.floor(b.finishedAt / 1000)];
    if (sa !== sb) return sa < sb;
    if (a.status !== b.status) return a.status === 'failure';
    return a.id < b.id;
  };
  const members = all.filter(member);
  const successes = members.filter((d) => d.status === 'success');
  const earlierInGroup = (d: Member) =>
    members.filter((e) => e.repository === d.repository && e.environment === d.environment && before(e, d));
  const latest = (list: Member[]) =>
    list.reduce<Member | undefined>((m, e) => (m === undefined || before(m, e) ? e : m), undefined);
  const earliest = (list: Member[]) =>
    list.reduce<Member | undefined>((m, e) => (m === undefined || before(e, m) ? e : m), undefined);

  const rollbackTarget = (r: Member): Member | undefined => {
    if (!settings.rollback || r.status !== 'success' || r.sha === null) return undefined;
    const earlier = earlierInGroup(r).filter((e) => e.status === 'success');
    const previous = latest(earlier);
    if (previous === undefined || previous.sha === null || previous.sha === r.sha) return undefined;
    if (rollbackTarget(previous) !== undefined) return undefined;
    return latest(earlier.filter((e) => e.sha === r.sha));
  };

  const wordsJoined = (text: string) =>
    ` ${text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .join(' ')} `;
  const hasKeyword = (text: string) =>
    settings.hotfixKeywords.some((k) => wordsJoined(k).trim() !== '' && wordsJoined(text).includes(wordsJoined(k)));
  const isHotfix = (h: Member) =>
    h.status === 'success' &&
    [
      h.ref ?? '',
      ...h.brought.map((c) => (c.message ?? '').split('\n')[0] ?? ''),
      ...h.pullRequests.flatMap((p) => [p.title, ...p.labels, ...p.mergePushSubjects]),
    ].some(hasKeyword);
  const hotfixOf = (h: Member): string | null => {
    const previous = latest(earlierInGroup(h));
    if (previous === undefined) return null;
    return isHotfix(previous) ? hotfixOf(previous) : previous.id;
  };

  const causes = new Map<string, Set<string>>(all.map((d) => [d.id, new Set<string>()]));
  const revertOf = new Map<string, Member>();
  for (const r of successes) {
    const target = rollbackTarget(r);
    if (target === undefined) continue;
    for (const e of successes) {
      if (e.repository === r.repository && e.environment === r.environment && before(target, e) && before(e, r)) {
        causes.get(e.id)?.add(`rollback:${r.id}`);
      }
    }
  }
  for (const v of settings.revert ? successes : []) {
    for (const commit of v.brought) {
      const match = /This reverts commit ([0-9a-f]+)\./.exec(commit.message ?? '');
      if (match === null || (match[1] as string).length < 7) continue;
      const found = resolve(v.repository, match[1] as string);
      if (found.length !== 1) continue;
      const d = earliest(
        successes.filter(
          (e) =>
            e.repository === v.repository &&
            [...e.reached, ...e.brought.map((c) => c.sha)].includes(found[0] as string),
        ),
      );
      if (d === undefined || !before(d, v)) continue;
      causes.get(d.id)?.add(`revert:${v.id}`);
      const known = revertOf.get(v.id);
      if (known === undefined || before(d, known)) revertOf.set(v.id, d);
    }
  }
  for (const h of settings.hotfixKeywords.length > 0 ? successes.filter(isHotfix) : []) {
    const previous = latest(earlierInGroup(h));
    if (previous !== undefined && !isHotfix(previous)) causes.get(previous.id)?.add(`hotfix:${h.id}`);
  }

  const result: Record<string, Naive> = {};
  for (const d of all) {
    const judged = d.status === 'success' || d.status === 'failure';
    const own = causes.get(d.id) as Set<string>;
    if (d.status === 'failure') own.add('failed_status:null');
    if (judged && settings.incidents) for (const incident of d.incidentIds) own.add(`incident:${incident}`);
    let rework: Naive['rework'] = null;
    if (d.status === 'success' && d.reworkOverride !== false) {
      const target = member(d) ? rollbackTarget(d) : undefined;
      const reverted = revertOf.get(d.id);
      if (target !== undefined) rework = { kind: 'rollback', of: target.id };
      else if (reverted !== undefined) rework = { kind: 'revert', of: reverted.id };
      else if (member(d) && settings.hotfixKeywords.length > 0 && isHotfix(d))
        rework = { kind: 'hotfix', of: hotfixOf(d) };
      else if (d.reworkOverride === true) rework = { kind: 'manual', of: null };
    }
    result[d.id] = {
      failedChange: judged ? (d.changeFailure ?? own.size > 0) : null,
      causes: [...own].sort(),
      rework,
    };
  }
  return result;
}

function actualVerdicts(deployments: readonly DetectionDeployment[], settings: FailureDetection) {
  const result: Record<string, Naive> = {};
  for (const [id, verdict] of detectChangeFailures(deployments, { settings, resolveCommit: historyOf(deployments) })) {
    result[id] = {
      failedChange: verdict.failedChange,
      causes: verdict.failureCauses.map(({ kind, by }) => `${kind}:${by}`).sort(),
      rework: verdict.rework,
    };
  }
  return result;
}

describe('detectChangeFailures, properties', () => {
  it('agrees with a naive reading of the contract’s table', () => {
    fc.assert(
      fc.property(historyArbitrary, settingsArbitrary, (deployments, settings) => {
        expect(actualVerdicts(deployments, settings)).toEqual(
          naiveVerdicts(deployments, settings, historyOf(deployments)),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('does not depend on the order of the input', () => {
    fc.assert(
      fc.property(historyArbitrary, settingsArbitrary, fc.nat(), (deployments, settings, seed) => {
        const reordered = shuffled(deployments, seed);
        const resolveCommit = historyOf(deployments);
        expect(detectChangeFailures(reordered, { settings, resolveCommit })).toEqual(
          detectChangeFailures(deployments, { settings, resolveCommit }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('no rule crosses repositories: judging each repository alone gives the same verdicts', () => {
    fc.assert(
      fc.property(historyArbitrary, settingsArbitrary, (deployments, settings) => {
        const resolveCommit = historyOf(deployments);
        const whole = detectChangeFailures(deployments, { settings, resolveCommit });
        for (const repository of new Set(deployments.map((d) => d.repository))) {
          const alone = detectChangeFailures(
            deployments.filter((d) => d.repository === repository),
            { settings, resolveCommit },
          );
          for (const [id, verdict] of alone) expect(verdict).toEqual(whole.get(id));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('streaks, causes and rework rate agree with naive counts over the verdicts', () => {
    fc.assert(
      fc.property(
        historyArbitrary,
        settingsArbitrary,
        fc.integer({ min: 0, max: 24 }),
        (deployments, settings, cut) => {
          const all = judged(
            deployments,
            detectChangeFailures(deployments, { settings, resolveCommit: historyOf(deployments) }),
          );
          const window = { from: T0 + cut * 300_000, to: T0 + 24 * 600_000, days: 1 };
          const inWindow = all.filter(
            (d) =>
              d.production &&
              d.finishedAt !== null &&
              d.finishedAt >= window.from &&
              d.finishedAt < window.to &&
              (d.status === 'success' || d.status === 'failure'),
          );
          const failedChanges = inWindow.filter((d) => d.failedChange === true);
          const causes = changeFailureCauses(all, window);
          expect(verdictChangeFailureRate(all, window)).toMatchObject({
            failedDeployments: failedChanges.length,
            deployments: inWindow.length,
            causes,
          });
          for (const kind of ['failed_status', 'rollback', 'revert', 'hotfix', 'incident'] as const) {
            expect(causes[kind]).toBe(failedChanges.filter((d) => d.failureCauses.some((c) => c.kind === kind)).length);
          }
          expect(causes.manual).toBe(failedChanges.filter((d) => d.changeFailure === true).length);
          const successes = inWindow.filter((d) => d.status === 'success');
          const rate = reworkRate(all, window);
          expect(rate.deployments).toBe(successes.length);
          expect(rate.reworkDeployments).toBe(successes.filter((d) => d.rework !== null).length);
          expect(rate.byKind.manual).toBe(successes.filter((d) => d.rework?.kind === 'manual').length);

          // Streaks: each group walked in order, by the verdicts.
          const sorted = all
            .filter(
              (d): d is typeof d & { finishedAt: number } =>
                d.production && d.finishedAt !== null && (d.status === 'success' || d.status === 'failure'),
            )
            .sort(
              (a, b) =>
                Math.floor(a.finishedAt / 1000) - Math.floor(b.finishedAt / 1000) ||
                (a.status === b.status ? (a.id < b.id ? -1 : 1) : a.status === 'failure' ? -1 : 1),
            );
          const expected: string[] = [];
          const open = new Map<string, string[]>();
          for (const d of sorted) {
            const key = `${d.repository}|${d.environment}`;
            const run = open.get(key);
            if (d.failedChange === true) open.set(key, [...(run ?? []), d.id]);
            else if (d.status === 'success' && run !== undefined) {
              expected.push(`${run.join(',')}->${d.id}`);
              open.delete(key);
            }
          }
          for (const run of open.values()) expected.push(`${run.join(',')}->null`);
          const actual = verdictStreaks(all).map((s) => `${s.failureIds.join(',')}->${s.recoveryId}`);
          expect(actual.sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 500 },
    );
  });

  it('with every rule off and no marks, the streaks by verdict are version 1’s streaks', () => {
    const off = { rollback: false, revert: false, hotfixKeywords: [], incidents: false };
    fc.assert(
      fc.property(historyArbitrary, (history) => {
        const deployments = history.map((d) => ({ ...d, changeFailure: null }));
        const all = judged(deployments, detectChangeFailures(deployments, { settings: off, resolveCommit: () => [] }));
        expect(verdictStreaks(all)).toEqual(failureStreaks(deployments.map(asMetricDeployment)));
      }),
      { numRuns: 300 },
    );
  });

  it('incidents attributed as the contract says, then judged, agree with a naive reading of both', () => {
    const incidentArbitrary = fc.record({
      time: fc.integer({ min: -2, max: 26 }),
      repository: fc.constantFrom(null, 'acme/a', 'ACME/A', 'acme/b'),
      service: fc.constantFrom(null, 'PSVC', 'PNONE'),
      sha: fc.constantFrom(-1, -1, 0, 1, 2, 5),
      environment: fc.constantFrom(null, null, 'production', 'Production-EU', 'staging'),
      link: fc.constantFrom(-2, -2, -2, -1, 0, 3, 7),
    });
    fc.assert(
      fc.property(
        historyArbitrary,
        fc.array(incidentArbitrary, { maxLength: 6 }),
        settingsArbitrary,
        fc.integer({ min: 0, max: 3 }),
        (history, picks, settings, windowTenths) => {
          const deployments = history.map((d) => ({ ...d, incidentIds: [] as string[] }));
          // Window of 0 to 0.3 h: 0 to 18 minutes, so that deployments fall in and out of it.
          const attribution = { incidentWindowHours: windowTenths / 10, pagerdutyServices: { PSVC: 'acme/b' } };
          const incidents = picks.map(
            (pick): AttributableIncident => ({
              startedAt: T0 + pick.time * 600_000 + 200,
              repository: pick.repository,
              serviceId: pick.service,
              sha: pick.sha < 0 ? null : (COMMITS[pick.sha] as string).toUpperCase(),
              environment: pick.environment,
              // -2: no link; -1: "not caused by a deployment"; else a link to a deployment by index, if there is one.
              ...(pick.link === -2
                ? {}
                : { manualDeploymentId: pick.link === -1 ? null : (deployments[pick.link]?.id ?? null) }),
            }),
          );
          const withIncidents = (attributed: readonly (string | null)[]) =>
            deployments.map((d) => ({
              ...d,
              incidentIds: attributed.flatMap((deploymentId, i) => (deploymentId === d.id ? [`i${i}`] : [])),
            }));
          const actual = withIncidents(
            incidents.map((incident) => attributeIncident(incident, deployments, attribution).deploymentId),
          );
          const naive = withIncidents(
            incidents.map((incident) => naiveAttribution(incident, deployments, attribution)),
          );
          expect(actualVerdicts(actual, settings)).toEqual(naiveVerdicts(naive, settings, historyOf(naive)));
        },
      ),
      { numRuns: 500 },
    );
  });
});

/**
 * The contract's attribution read literally: a person's link; else the earliest successful production deployment
 * of the sha (in the environment when named); else the latest successful production one finished at most the window
 * before the start, in the incident's (or its service's) repository when it has one. Names without regard to case;
 * ties to the smaller id.
 */
function naiveAttribution(
  incident: AttributableIncident,
  deployments: readonly DetectionDeployment[],
  settings: { incidentWindowHours: number; pagerdutyServices: Record<string, string> },
): string | null {
  if (incident.manualDeploymentId !== undefined) return incident.manualDeploymentId;
  const same = (a: string | null, b: string | null) => a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
  const eligible = deployments.filter((d) => d.production && d.status === 'success' && d.finishedAt !== null);
  const order = (a: DetectionDeployment, b: DetectionDeployment) =>
    (a.finishedAt as number) - (b.finishedAt as number) || (a.id < b.id ? -1 : 1);
  if (incident.sha !== null) {
    const bySha = eligible
      .filter(
        (d) =>
          same(d.sha, incident.sha) && (incident.environment === null || same(d.environment, incident.environment)),
      )
      .sort(order);
    if (bySha[0] !== undefined) return bySha[0].id;
  }
  const repository =
    incident.repository ??
    (incident.serviceId !== null ? (settings.pagerdutyServices[incident.serviceId] ?? null) : null);
  const inWindow = eligible.filter(
    (d) =>
      (d.finishedAt as number) <= incident.startedAt &&
      incident.startedAt - (d.finishedAt as number) <= settings.incidentWindowHours * 3_600_000 &&
      (repository === null || same(d.repository, repository)),
  );
  let best: DetectionDeployment | undefined;
  for (const d of inWindow) {
    if (best === undefined || (d.finishedAt as number) > (best.finishedAt as number)) best = d;
    else if (d.finishedAt === best.finishedAt && d.id < best.id) best = d;
  }
  return best?.id ?? null;
}
