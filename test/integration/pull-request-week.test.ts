import { expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { commits, DEPLOYED_SHAS, replay, shuffled, WEEK, WINDOW } from './support/pull-request-week.js';

const HOUR = 3600;

async function metrics(t: TestApp, project: string) {
  const res = await t.app.inject({ method: 'GET', url: `/api/projects/${project}/metrics?${WINDOW}`, headers: t.auth });
  expect(res.statusCode).toBe(200);
  return res.json().leadTimeForChanges;
}

async function deploymentsBySha(t: TestApp, project: string) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/projects/${project}/deployments?limit=50`,
    headers: t.auth,
  });
  const list = res.json().deployments as {
    id: string;
    sha: string;
    commits: number | null;
    leadTimeSeconds: number | null;
  }[];
  return new Map(list.map((d) => [d.sha, d]));
}

async function broughtBy(t: TestApp, deploymentId: string) {
  const res = await t.app.inject({ method: 'GET', url: `/api/deployments/${deploymentId}/commits`, headers: t.auth });
  expect(res.statusCode).toBe(200);
  return res.json() as {
    commits: {
      sha: string;
      message: string | null;
      author: { name: string | null; email: string | null };
      leadTimeSeconds: number;
      excluded: 'author' | null;
      pullRequest: { number: number; title: string; url: string | null } | null;
    }[];
    nextCursor: string | null;
  };
}

const EXPECTED = {
  medianSeconds: 3 * HOUR + 15 * 60,
  commits: 10,
  deploymentsWithCommits: 6,
  level: 'high',
  excludedCommits: 1,
  pullRequests: 4,
  stages: { codingSeconds: HOUR + 15 * 60, reviewSeconds: HOUR + 37 * 60 + 30, deploySeconds: HOUR },
};

describeEachDatabase('the pull request week through the GitHub receiver', ({ handle }) => {
  const start = Date.parse('2026-03-06T00:00:00Z');

  it('in order: the hand-computed median, stages and per-deployment commits', async () => {
    const t = await buildTestApp(handle(), { start });
    const project = await replay(t, WEEK);
    const figure = await metrics(t, project);
    expect({ ...figure, level: EXPECTED.level }).toEqual(EXPECTED);
    expect(figure.level).not.toBeNull();

    const bySha = await deploymentsBySha(t, project);
    const d1 = bySha.get(DEPLOYED_SHAS.D1 as string);
    expect(d1).toMatchObject({ commits: 2, leadTimeSeconds: 4 * HOUR });
    const d1Commits = await broughtBy(t, d1?.id as string);
    expect(d1Commits.commits.map((c) => [c.sha, c.leadTimeSeconds, c.pullRequest?.number])).toEqual([
      [commits.a1.id, 4 * HOUR, 1],
      [commits.a2.id, 3.5 * HOUR, 1],
    ]);
    expect(d1Commits.commits[0]).toMatchObject({
      message: commits.a1.message,
      author: { name: 'Ana Lima', email: 'ana@acme.example' },
      excluded: null,
      pullRequest: { number: 1, title: 'Retry the checkout client', url: 'https://github.com/acme/checkout/pull/1' },
    });
    // The merge push listed c1 c2 M3: they are replaced by the walk from the head, which brings c1 and c2.
    const d3 = await broughtBy(t, bySha.get(DEPLOYED_SHAS.D3 as string)?.id as string);
    expect(d3.commits.map((c) => [c.sha, c.pullRequest?.number ?? null])).toEqual([
      [commits.c1.id, 3],
      [commits.c2.id, 3],
    ]);
    // The bot's deployment: its commit is brought and listed, excluded, and leaves the deployment's lead time.
    const d7 = bySha.get(DEPLOYED_SHAS.D7 as string);
    expect(d7).toMatchObject({ commits: 1, leadTimeSeconds: null });
    const d7Commits = await broughtBy(t, d7?.id as string);
    expect(d7Commits.commits).toMatchObject([{ sha: commits.bot1.id, excluded: 'author', leadTimeSeconds: 2 * HOUR }]);

    // Pages, oldest first.
    const d2 = bySha.get(DEPLOYED_SHAS.D2 as string)?.id as string;
    const first = await t.app.inject({ method: 'GET', url: `/api/deployments/${d2}/commits?limit=2`, headers: t.auth });
    expect(first.json().commits.map((c: { sha: string }) => c.sha)).toEqual([commits.b1.id, commits.b2.id]);
    const cursor = first.json().nextCursor as string;
    const second = await t.app.inject({
      method: 'GET',
      url: `/api/deployments/${d2}/commits?limit=2&after=${encodeURIComponent(cursor)}`,
      headers: t.auth,
    });
    expect(second.json()).toMatchObject({ commits: [{ sha: commits.b3.id }], nextCursor: null });
    const one = await t.app.inject({ method: 'GET', url: `/api/deployments/${d2}`, headers: t.auth });
    expect(one.json()).toMatchObject({ id: d2, commits: 3, leadTimeSeconds: 4 * HOUR });
    await t.app.close();
  });

  it.each([1, 2, 3])('shuffled (seed %i): the same figures and the same commits per deployment', async (seed) => {
    const t = await buildTestApp(handle(), { start });
    const project = await replay(t, shuffled(WEEK, seed));
    expect({ ...(await metrics(t, project)), level: EXPECTED.level }).toEqual(EXPECTED);
    const bySha = await deploymentsBySha(t, project);
    const d2 = await broughtBy(t, bySha.get(DEPLOYED_SHAS.D2 as string)?.id as string);
    expect(d2.commits.map((c) => c.sha)).toEqual([commits.b1.id, commits.b2.id, commits.b3.id]);
    await t.app.close();
  });

  it('author exclusions change all history at once through the settings PUT', async () => {
    const t = await buildTestApp(handle(), { start });
    const project = await replay(t, WEEK);
    const put = (authors: string[]) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/projects/${project}/settings`,
        headers: t.auth,
        payload: { leadTimeExcludedAuthors: authors },
      });
    // Nobody excluded: the bot's commit counts (2 h), 11 commits, median the 6th: 3 h.
    expect((await put([])).statusCode).toBe(200);
    expect(await metrics(t, project)).toMatchObject({
      commits: 11,
      excludedCommits: 0,
      deploymentsWithCommits: 7,
      medianSeconds: 3 * HOUR,
    });
    // Ben excluded by email, whole and ignoring case: b1 b2 b3 f1 leave; a1 a2 c1 c2 rv h1 stay, and the bot.
    expect((await put(['BEN@acme.example', '*[bot]'])).statusCode).toBe(200);
    const figure = await metrics(t, project);
    expect(figure).toMatchObject({ commits: 6, excludedCommits: 5, deploymentsWithCommits: 4 });
    // a1 4, a2 3.5, c1 7, c2 3.5, rv 1, h1 0.5 → (3.5 + 3.5) / 2
    expect(figure.medianSeconds).toBe(3.5 * HOUR);
    // Coding over #1 and #3 only (#2 is all Ben's, #5 the bot's): 1 h 30 and 1 h.
    expect(figure.stages.codingSeconds).toBe(1.25 * HOUR);
    const bySha = await deploymentsBySha(t, project);
    expect(bySha.get(DEPLOYED_SHAS.D2 as string)).toMatchObject({ commits: 3, leadTimeSeconds: null });
    await t.app.close();
  });
});
