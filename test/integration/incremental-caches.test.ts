import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { markProjectVerdictsStale } from '../../src/ingest/mark-verdicts-stale.js';
import { markProjectStale, refreshStaleRepositories } from '../../src/ingest/refresh-lead-times.js';
import { githubDeploymentStatus, githubHeaders, githubPush } from '../factories/github.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { type Delivery, shuffled, WEEK } from './support/pull-request-week.js';

/** A guard against a hang on two busy cores, not a speed target. */
const PROPERTY_TIMEOUT_MS = 120_000;
const T0 = Date.parse('2026-01-05T00:00:00Z');
const sha = (repo: number, n: number) => `${repo}`.padStart(2, '0') + n.toString(16).padStart(38, '0');
const time = (ms: number) => new Date(ms).toISOString().replace('.000', '');

/**
 * Random pushes (on main and on a branch, some forced) and deployments
 * of pushed or unknown commits, with several statuses each, commits and deployments interleaved over two weeks
 * (a push marks its repository stale from a day before its oldest commit): arrivals that mark the caches stale from
 * anywhere.
 */
const arrivals = fc
  .record({
    pushes: fc.array(
      fc.record({
        repo: fc.integer({ min: 0, max: 1 }),
        branch: fc.constantFrom('main', 'main', 'feat'),
        commits: fc.integer({ min: 1, max: 3 }),
        forced: fc.boolean(),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    deployments: fc.array(
      fc.record({
        repo: fc.integer({ min: 0, max: 1 }),
        env: fc.constantFrom('production', 'production', 'staging'),
        states: fc.array(fc.constantFrom('success', 'failure', 'in_progress'), { minLength: 1, maxLength: 2 }),
        pick: fc.nat(),
        hour: fc.integer({ min: 0, max: 320 }),
      }),
      { minLength: 1, maxLength: 10 },
    ),
  })
  .map(({ pushes, deployments }): Delivery[] => {
    const messages: Delivery[] = [];
    const heads = new Map<string, string>();
    const pushed: { sha: string; at: number }[][] = [[], []];
    let serial = 0;
    for (const p of pushes) {
      const key = `${p.repo}/${p.branch}`;
      const before = heads.get(key) ?? '0'.repeat(40);
      const commits = Array.from({ length: p.commits }, () => {
        serial += 1;
        return { id: sha(p.repo, serial), timestamp: time(T0 + serial * 12 * 3_600_000) };
      });
      const after = commits.at(-1)?.id as string;
      heads.set(key, after);
      pushed[p.repo]?.push(...commits.map((c) => ({ sha: c.id, at: Date.parse(c.timestamp) })));
      const body = githubPush({
        repository: `acme/r${p.repo}`,
        ref: `refs/heads/${p.branch}`,
        before,
        after,
        forced: p.forced,
        commits,
      });
      messages.push({ event: 'push', body, at: time(T0 + serial * 12 * 3_600_000), label: `push ${key}` });
    }
    let statusId = 1;
    deployments.forEach((d, index) => {
      // A deployment comes after the commit it deploys (the push's stale mark allows 24 h of clock skew, no more).
      const shas = (pushed[d.repo] ?? []).filter((commit) => commit.at <= T0 + d.hour * 3_600_000);
      const deployed = shas.length === 0 ? sha(d.repo, 0xeee) : (shas[d.pick % shas.length]?.sha as string);
      d.states.forEach((state, i) => {
        const at = time(T0 + d.hour * 3_600_000 + i * 600_000);
        messages.push({
          event: 'deployment_status',
          body: githubDeploymentStatus({
            deploymentId: 1000 + index,
            statusId: statusId++,
            state,
            createdAt: at,
            environment: d.env,
            repository: `acme/r${d.repo}`,
            sha: deployed,
          }),
          at,
          label: `deployment ${index} ${state}`,
        });
      });
    });
    return messages;
  });

describeEachDatabase('the caches kept up to date as deliveries arrive', ({ handle, db }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(handle(), { start: T0 + 60 * 86_400_000 });
  });

  /**
   * Sends `deliveries` in the order given; after each one whose `refreshAfter` flag is set, the caches are brought
   * up to date from where the deliveries so far marked them stale (what the background refresh and a read do), and
   * once more at the end.
   */
  async function arrive(deliveries: readonly Delivery[], refreshAfter: readonly boolean[]): Promise<string> {
    const project = (
      await t.app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: t.auth,
        payload: { name: `caches ${randomUUID()}` },
      })
    ).json().id as string;
    const hook = (
      await t.app.inject({
        method: 'POST',
        url: `/api/projects/${project}/webhooks`,
        headers: t.auth,
        payload: { provider: 'github' },
      })
    ).json() as { id: string; secret: string };
    for (const [i, delivery] of deliveries.entries()) {
      const text = JSON.stringify(delivery.body);
      const res = await t.app.inject({
        method: 'POST',
        url: `/hooks/${hook.id}`,
        headers: githubHeaders(delivery.event, text, hook.secret),
        payload: text,
      });
      expect(res.statusCode, delivery.label).toBe(200);
      if (refreshAfter[i] === true) await refreshStaleRepositories(db(), project);
    }
    await refreshStaleRepositories(db(), project);
    return project;
  }

  /** Everything the caches hold for the project, in a stable order, and whether anything is still marked stale. */
  async function caches(project: string) {
    const byKeys = <T>(rows: T[], key: (row: T) => string) => rows.sort((a, b) => key(a).localeCompare(key(b)));
    const [commits, pullRequests, replaced, deployments, causes, stale, staleVerdicts] = await Promise.all([
      db()
        .selectFrom('deployment_commits')
        .select(['deployment_id', 'sha', 'lead_time_seconds', 'finished_at', 'pull_request_number'])
        .where('project_id', '=', project)
        .execute(),
      db()
        .selectFrom('deployment_pull_requests')
        .select(['deployment_id', 'number', 'finished_at'])
        .where('project_id', '=', project)
        .execute(),
      db()
        .selectFrom('deployment_replaced_commits')
        .select(['deployment_id', 'sha', 'finished_at'])
        .where('project_id', '=', project)
        .execute(),
      db()
        .selectFrom('deployments')
        .select([
          'id',
          'commits_count',
          'commits_complete',
          'lead_time_seconds',
          'failure_kinds',
          'rework_kind',
          'rework_of',
        ])
        .where('project_id', '=', project)
        .execute(),
      db()
        .selectFrom('deployment_failure_causes')
        .select(['deployment_id', 'kind', 'by_id', 'detail'])
        .where('project_id', '=', project)
        .execute(),
      db()
        .selectFrom('repositories')
        .select('repository')
        .where('project_id', '=', project)
        .where('stale_from', 'is not', null)
        .execute(),
      db().selectFrom('stale_verdicts').select('repository_key').where('project_id', '=', project).execute(),
    ]);
    return {
      commits: byKeys(commits, (r) => `${r.deployment_id} ${r.sha}`),
      pullRequests: byKeys(pullRequests, (r) => `${r.deployment_id} ${r.number}`),
      replaced: byKeys(replaced, (r) => `${r.deployment_id} ${r.sha}`),
      deployments: byKeys(deployments, (r) => r.id),
      causes: byKeys(causes, (r) => `${r.deployment_id} ${r.kind} ${r.by_id} ${r.detail}`),
      stale: stale.length + staleVerdicts.length,
    };
  }

  /** The caches as kept, then as a build from scratch (everything marked stale from the start) makes them. */
  async function keptAndFromScratch(project: string) {
    const kept = await caches(project);
    await markProjectStale(db(), project);
    await markProjectVerdictsStale(db(), project);
    await refreshStaleRepositories(db(), project);
    return { kept, scratch: await caches(project) };
  }

  it('the week in order, refreshed after every delivery: the kept caches are a build from scratch', async () => {
    const project = await arrive(
      WEEK,
      WEEK.map(() => true),
    );
    const { kept, scratch } = await keptAndFromScratch(project);
    expect(kept.stale).toBe(0);
    // Not vacuous: the week's deployments brought commits, through pull requests, and a revert is a failure.
    expect(kept.commits.length).toBeGreaterThan(10);
    expect(kept.pullRequests.length).toBeGreaterThan(0);
    expect(kept.causes.length).toBeGreaterThan(0);
    expect(kept).toEqual(scratch);
  });

  it(
    'any part of the week, in any order, refreshed after any deliveries: the same as a build from scratch',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.boolean(), { minLength: WEEK.length, maxLength: WEEK.length }),
          fc.array(fc.boolean(), { minLength: WEEK.length, maxLength: WEEK.length }),
          fc.integer(),
          async (keep, refreshAfter, seed) => {
            const project = await arrive(
              shuffled(
                WEEK.filter((_, i) => keep[i] === true),
                seed,
              ),
              refreshAfter,
            );
            const { kept, scratch } = await keptAndFromScratch(project);
            expect(kept).toEqual(scratch);
          },
        ),
        { numRuns: 8 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'random pushes and deployments, in any order, refreshed after any deliveries: the same as a build from scratch',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          arrivals,
          fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
          fc.integer(),
          async (messages, refreshAfter, seed) => {
            const project = await arrive(shuffled(messages, seed), refreshAfter);
            const { kept, scratch } = await keptAndFromScratch(project);
            expect(kept).toEqual(scratch);
          },
        ),
        { numRuns: 12 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
