import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { githubDeploymentStatus, githubHeaders } from '../../factories/github.js';
import {
  type Author,
  githubPullRequest,
  githubPushWithAuthors,
  type PullRequestInput,
  type PushedCommit,
} from '../../factories/pull-requests.js';
import type { TestApp } from '../../helpers/app.js';

/*
 * The realistic week (issue 15), as GitHub delivers it: the same data as the pure test
 * test/unit/metrics/lead-time-week.test.ts, whose header works the figures out by hand:
 * median 3 h 15 min (11,700 s) over 10 commits (version 1 said 1 h), the bot's commit excluded,
 * four merged pull requests, stages coding 1 h 15 (4,500 s), review 1 h 37 min 30 s (5,850 s), deploy 1 h.
 */
export const REPOSITORY = 'acme/checkout';
const ZERO = '0'.repeat(40);

const person = (name: string, username: string): Author => ({ name, email: `${username}@acme.example`, username });
const ana = person('Ana Lima', 'ana');
const ben = person('Ben Okafor', 'ben');
const chloe = person('Chloé Martin', 'chloe');
const bot: Author = {
  name: 'dependabot[bot]',
  email: '49699333+dependabot[bot]@users.noreply.github.com',
  username: 'dependabot[bot]',
};

let serial = 0;
const c = (tag: string, timestamp: string, author: Author, message: string): PushedCommit => {
  serial += 1;
  return {
    id: `${serial.toString(16).padStart(2, '0')}${'0'.repeat(38)}`,
    timestamp,
    author,
    message: `${message} (${tag})`,
  };
};

export const commits = {
  base: c('base', '2026-03-01T12:00:00Z', ana, 'chore: initial'),
  a1: c('a1', '2026-03-02T09:00:00Z', ana, 'feat: retry client'),
  a2: c('a2', '2026-03-02T09:30:00Z', ana, 'test: retry client'),
  s1: c('s1', '2026-03-02T12:00:00Z', ana, 'Retry the checkout client (#1)'),
  b1: c('b1', '2026-03-02T11:00:00Z', ben, 'feat: cart totals'),
  b2: c('b2', '2026-03-02T12:00:00Z', ben, 'feat: cart taxes'),
  b3: c('b3', '2026-03-02T13:00:00Z', ben, 'fix: cart rounding'),
  r1: c('r1', '2026-03-02T14:00:00Z', ben, 'feat: cart totals'),
  r2: c('r2', '2026-03-02T14:00:00Z', ben, 'feat: cart taxes'),
  r3: c('r3', '2026-03-02T14:00:00Z', ben, 'fix: cart rounding'),
  c1: c('c1', '2026-03-02T10:00:00Z', chloe, 'feat: address form'),
  c2: c('c2', '2026-03-02T13:30:00Z', chloe, 'feat: address validation'),
  m3: c('m3', '2026-03-02T16:00:00Z', chloe, 'Merge pull request #3 from acme/feat/c'),
  f1: c('f1', '2026-03-02T17:30:00Z', ben, 'fix: null total'),
  rv: c('rv', '2026-03-02T19:00:00Z', chloe, 'Revert "feat: address validation"'),
  h1: c('h1', '2026-03-02T20:30:00Z', ana, 'Hotfix: payment timeout'),
  bot1: c('bot1', '2026-03-03T08:00:00Z', bot, 'build(deps): bump undici from 6.21.0 to 6.21.1'),
  s5: c('s5', '2026-03-03T09:00:00Z', bot, 'build(deps): bump undici from 6.21.0 to 6.21.1 (#5)'),
};
const k = commits;

export interface Delivery {
  readonly event: string;
  readonly body: Record<string, unknown>;
  /** When it was sent (orders the "in order" replay). */
  readonly at: string;
  readonly label: string;
}

const push = (ref: string, before: PushedCommit | null, list: PushedCommit[]): Delivery => ({
  event: 'push',
  body: githubPushWithAuthors({
    repository: REPOSITORY,
    ref: `refs/heads/${ref}`,
    before: before?.id ?? ZERO,
    commits: list,
  }),
  at: (list.at(-1) as PushedCommit).timestamp,
  label: `push ${ref} ${list.map((x) => x.message).join(', ')}`,
});

const pr = (input: Omit<PullRequestInput, 'repository' | 'updatedAt'>, updatedAt: string): Delivery => ({
  event: 'pull_request',
  body: githubPullRequest({ ...input, repository: REPOSITORY, updatedAt }),
  at: updatedAt,
  label: `pull request #${input.number} ${input.merged === undefined ? 'opened' : 'merged'}`,
});

let deploymentSerial = 0;
export const DEPLOYED_SHAS: Record<string, string> = {};
const deploy = (name: string, sha: PushedCommit, at: string): Delivery => {
  deploymentSerial += 1;
  DEPLOYED_SHAS[name] = sha.id;
  return {
    event: 'deployment_status',
    body: githubDeploymentStatus({
      deploymentId: 1000 + deploymentSerial,
      statusId: 2000 + deploymentSerial,
      state: 'success',
      createdAt: at,
      sha: sha.id,
      repository: REPOSITORY,
      productionEnvironment: true,
    }),
    at,
    label: `deployment ${name}`,
  };
};

const opened = (number: number, title: string, branch: string, head: PushedCommit, at: string, test: string) =>
  pr({ number, title, sourceBranch: branch, openedAt: at, headSha: head.id, testMergeCommit: test }, at);
const merged = (
  number: number,
  title: string,
  branch: string,
  head: PushedCommit,
  openedAt: string,
  commit: PushedCommit,
) =>
  pr(
    {
      number,
      title,
      sourceBranch: branch,
      openedAt,
      headSha: head.id,
      merged: { at: commit.timestamp, commit: commit.id },
    },
    commit.timestamp,
  );

/** Every delivery of the week, in the order they were sent. */
export const WEEK: readonly Delivery[] = [
  push('main', null, [k.base]),
  push('feat/a', null, [k.a1, k.a2]),
  opened(1, 'Retry the checkout client', 'feat/a', k.a2, '2026-03-02T10:30:00Z', 'd'.repeat(40)),
  merged(1, 'Retry the checkout client', 'feat/a', k.a2, '2026-03-02T10:30:00Z', k.s1),
  push('main', k.base, [k.s1]),
  deploy('D1', k.s1, '2026-03-02T13:00:00Z'),
  push('feat/b', null, [k.b1, k.b2]),
  opened(2, 'Cart totals', 'feat/b', k.b2, '2026-03-02T12:15:00Z', 'e'.repeat(40)),
  push('feat/b', k.b2, [k.b3]),
  merged(2, 'Cart totals', 'feat/b', k.b3, '2026-03-02T12:15:00Z', k.r3),
  push('main', k.s1, [k.r1, k.r2, k.r3]),
  deploy('D2', k.r3, '2026-03-02T15:00:00Z'),
  push('feat/c', null, [k.c1]),
  opened(3, 'Address form', 'feat/c', k.c1, '2026-03-02T11:00:00Z', 'a'.repeat(40)),
  push('feat/c', k.c1, [k.c2]),
  merged(3, 'Address form', 'feat/c', k.c2, '2026-03-02T11:00:00Z', k.m3),
  push('main', k.r3, [k.c1, k.c2, k.m3]),
  deploy('D3', k.m3, '2026-03-02T17:00:00Z'),
  push('main', k.m3, [k.f1]),
  deploy('D4', k.f1, '2026-03-02T18:30:00Z'),
  push('main', k.f1, [k.rv]),
  deploy('D5', k.rv, '2026-03-02T20:00:00Z'),
  push('main', k.rv, [k.h1]),
  deploy('D6', k.h1, '2026-03-02T21:00:00Z'),
  push('dependabot/npm_and_yarn/undici-6.21.1', null, [k.bot1]),
  opened(5, 'Bump undici', 'dependabot/npm_and_yarn/undici-6.21.1', k.bot1, '2026-03-03T08:00:00Z', 'b'.repeat(40)),
  merged(5, 'Bump undici', 'dependabot/npm_and_yarn/undici-6.21.1', k.bot1, '2026-03-03T08:00:00Z', k.s5),
  push('main', k.h1, [k.s5]),
  deploy('D7', k.s5, '2026-03-03T10:00:00Z'),
];

/** Creates a project and a GitHub webhook, and sends `deliveries` through the receiver, signed. */
export async function replay(t: TestApp, deliveries: readonly Delivery[]): Promise<string> {
  const project = (
    await t.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: t.auth,
      payload: { name: `week ${randomUUID()}` },
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
  for (const delivery of deliveries) {
    const text = JSON.stringify(delivery.body);
    const res = await t.app.inject({
      method: 'POST',
      url: `/hooks/${hook.id}`,
      headers: githubHeaders(delivery.event, text, hook.secret),
      payload: text,
    });
    // A pull request event older than what is stored may change nothing: a duplicate, never a refusal.
    expect(['accepted', 'duplicate'], delivery.label).toContain(res.json().outcome);
  }
  return project;
}

export const WINDOW = 'from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00Z';

/** The seeded shuffle the tests replay in (Mulberry32). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
