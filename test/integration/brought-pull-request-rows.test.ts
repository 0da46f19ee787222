import { expect, it } from 'vitest';
import { refreshStaleRepositories } from '../../src/ingest/refresh-lead-times.js';
import {
  type BroughtScope,
  broughtPullRequestRows,
  firstCommitTimes,
  stageInputOf,
} from '../../src/reports/brought-pull-request-rows.js';
import { isExcludedCommit, isExcludedCommitOf, loadExcludedAuthorsOf } from '../../src/reports/excluded-authors.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { commits, DEPLOYED_SHAS, replay, WEEK } from './support/pull-request-week.js';

// The one reading of the brought pull requests that the figures (`pullRequestStageInputsOf`) and the drill-down
// (`GET .../pull-requests`) share, on both databases, over the pull request week (test/integration/support) sent to
// two projects: A with the default exclusions (the bot's), B excluding Ben by email but not the bot. So A's #5 has
// no coding start and B's #2 none, and each project's rows keep their own.

const FROM = Date.parse('2026-03-01T00:00:00Z');
const TO = Date.parse('2026-03-05T00:00:00Z');
const at = (iso: string) => Date.parse(iso);

async function deploymentIds(t: TestApp, projectId: string): Promise<Record<string, string>> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/projects/${projectId}/deployments?limit=50`,
    headers: t.auth,
  });
  const list = res.json().deployments as { id: string; sha: string }[];
  const ids: Record<string, string> = {};
  for (const [name, sha] of Object.entries(DEPLOYED_SHAS)) {
    const found = list.find((d) => d.sha === sha);
    if (found !== undefined) ids[name] = found.id;
  }
  return ids;
}

describeEachDatabase('the brought pull requests, read once for the figures and the drill-down', ({ handle }) => {
  it('reads each scope: a window of several projects with their own exclusions, a repository, one deployment', async () => {
    const t = await buildTestApp(handle(), { start: Date.parse('2026-03-06T00:00:00Z') });
    const db = handle().db;
    const a = await replay(t, WEEK);
    const b = await replay(t, WEEK);
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/projects/${b}/settings`,
      headers: t.auth,
      payload: { leadTimeExcludedAuthors: ['BEN@acme.example'] },
    });
    expect(put.statusCode).toBe(200);
    await refreshStaleRepositories(db, a);
    await refreshStaleRepositories(db, b);
    const ofA = await deploymentIds(t, a);
    const ofB = await deploymentIds(t, b);
    expect(Object.keys(ofA).sort()).toEqual(['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7']);
    const key = (deployment: string | undefined, number: number) => `${deployment}\n${number}`;
    const window: BroughtScope = { projectIds: [a, b], from: FROM, to: TO };

    // The rows: every merged pull request each deployment brought, with what the stages need.
    const rows = await broughtPullRequestRows(db, window).select('dpr.project_id').execute();
    const brought = rows
      .map((row) => `${row.project_id === a ? 'A' : 'B'} #${Number(row.number)} ${row.deployment_id}`)
      .sort();
    const expectedRows = (name: string, ids: Record<string, string>) =>
      [
        [1, 'D1'],
        [2, 'D2'],
        [3, 'D3'],
        [5, 'D7'],
      ].map(([n, d]) => `${name} #${n} ${ids[d as string]}`);
    expect(brought).toEqual([...expectedRows('A', ofA), ...expectedRows('B', ofB)].sort());
    const two = rows.find((row) => row.project_id === a && Number(row.number) === 2);
    expect(two && { ...two, number: Number(two.number) }).toEqual({
      project_id: a,
      deployment_id: ofA.D2,
      number: 2,
      finished_at: at('2026-03-02T15:00:00Z'),
      opened_at: at('2026-03-02T12:15:00Z'),
      merged_at: at(commits.r3.timestamp),
    });

    // The earliest commit each deployment brought through each pull request, each project's exclusions its own.
    const excluded = await loadExcludedAuthorsOf(db, [a, b]);
    const firsts = await firstCommitTimes(db, window, isExcludedCommitOf(excluded));
    expect(Object.fromEntries(firsts)).toEqual({
      [key(ofA.D1, 1)]: at(commits.a1.timestamp),
      [key(ofA.D2, 2)]: at(commits.b1.timestamp),
      [key(ofA.D3, 3)]: at(commits.c1.timestamp),
      [key(ofB.D1, 1)]: at(commits.a1.timestamp),
      [key(ofB.D3, 3)]: at(commits.c1.timestamp),
      [key(ofB.D7, 5)]: at(commits.bot1.timestamp),
    });
    // Without exclusions, every pull request has one.
    expect((await firstCommitTimes(db, window, null)).size).toBe(8);

    // A window that ends before D3, of A only: #1 and #2.
    const early: BroughtScope = { projectIds: [a], from: FROM, to: at('2026-03-02T16:00:00Z') };
    const earlyRows = await broughtPullRequestRows(db, early).execute();
    expect(earlyRows.map((row) => Number(row.number)).sort()).toEqual([1, 2]);
    expect([...(await firstCommitTimes(db, early, isExcludedCommitOf(excluded))).keys()].sort()).toEqual(
      [key(ofA.D1, 1), key(ofA.D2, 2)].sort(),
    );

    // Another repository: nothing.
    const other: BroughtScope = { projectIds: [a, b], from: FROM, to: TO, repository: 'acme/other' };
    expect(await broughtPullRequestRows(db, other).execute()).toEqual([]);
    expect((await firstCommitTimes(db, other, null)).size).toBe(0);
    const same: BroughtScope = { projectIds: [a, b], from: FROM, to: TO, repository: 'acme/checkout' };
    expect(await broughtPullRequestRows(db, same).execute()).toHaveLength(8);

    // One deployment: B's D7 brought #5, whose bot commit B does not exclude; A's D7 the same, excluded.
    const d7OfB: BroughtScope = { projectIds: [b], deploymentId: ofB.D7 as string };
    const onlyB = await broughtPullRequestRows(db, d7OfB).execute();
    expect(onlyB.map((row) => [row.deployment_id, Number(row.number)])).toEqual([[ofB.D7, 5]]);
    const authorsOfB = excluded.get(b);
    expect(authorsOfB).not.toBeNull();
    const firstsOfD7 = await firstCommitTimes(db, d7OfB, authorsOfB ? isExcludedCommit(authorsOfB) : null);
    expect(Object.fromEntries(firstsOfD7)).toEqual({ [key(ofB.D7, 5)]: at(commits.bot1.timestamp) });
    const authorsOfA = excluded.get(a);
    expect(authorsOfA).not.toBeNull();
    const d7OfA: BroughtScope = { projectIds: [a], deploymentId: ofA.D7 as string };
    expect((await firstCommitTimes(db, d7OfA, authorsOfA ? isExcludedCommit(authorsOfA) : null)).size).toBe(0);
    // A deployment that brought no pull request (D4: a direct push to main).
    expect(await broughtPullRequestRows(db, { projectIds: [a], deploymentId: ofA.D4 as string }).execute()).toEqual([]);

    // The stage input of a row: its coding start from the look-up, none without one; a row not merged gives none.
    const input = stageInputOf(two as NonNullable<typeof two>, firsts);
    expect(input).toEqual({
      openedAt: at('2026-03-02T12:15:00Z'),
      mergedAt: at(commits.r3.timestamp),
      deployedAt: at('2026-03-02T15:00:00Z'),
      commitTimes: [at(commits.b1.timestamp)],
    });
    expect(stageInputOf(two as NonNullable<typeof two>, new Map())?.commitTimes).toEqual([]);
    expect(stageInputOf({ ...(two as NonNullable<typeof two>), merged_at: null }, firsts)).toBeNull();
    await t.app.close();
  });
});
