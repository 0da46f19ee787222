import { expect } from 'vitest';
import type {
  CommitRef,
  DeploymentEvent,
  NormalizedEvent,
  PullRequestEvent,
  PushEvent,
} from '../../../../src/domain/index.js';

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const STATUSES = ['success', 'failure', 'canceled', 'in_progress', 'pending'];

/** Asserts a normalized event is one of the allowed shapes, with whole-second times and full lower-case shas. */
export function expectAllowedShape(event: NormalizedEvent): void {
  switch (event.kind) {
    case 'ignored':
      expect(typeof event.reason).toBe('string');
      expect(event.reason.length).toBeGreaterThan(0);
      return;
    case 'ping':
      expect(event.ping.reason.startsWith('ping: webhook verified')).toBe(true);
      return;
    case 'deployment':
      expectDeployment(event.deployment);
      return;
    case 'push':
      expectPush(event.push);
      return;
    case 'pushes':
      expect(event.pushes.length).toBeGreaterThan(1);
      for (const push of event.pushes) expectPush(push);
      return;
    case 'incident':
      expect(event.incident.providerIncidentId.length).toBeGreaterThan(0);
      expect(['open', 'resolved']).toContain(event.incident.status);
      expect(isWholeSecond(event.incident.startedAt)).toBe(true);
      expect(event.incident.resolvedAt === null || isWholeSecond(event.incident.resolvedAt)).toBe(true);
      return;
    case 'pull_request':
      expectPullRequest(event.pullRequest);
      return;
    default:
      throw new Error(`unexpected kind in ${JSON.stringify(event)}`);
  }
}

function expectDeployment(d: DeploymentEvent): void {
  expect(typeof d.providerDeploymentId).toBe('string');
  expect(d.providerDeploymentId.length).toBeGreaterThan(0);
  expect(typeof d.instance).toBe('string');
  expect(d.repository === null || (typeof d.repository === 'string' && d.repository.length > 0)).toBe(true);
  expect(typeof d.environment).toBe('string');
  expect(d.environment.trim().length).toBeGreaterThan(0);
  expect(d.productionHint === null || typeof d.productionHint === 'boolean').toBe(true);
  expect(d.sha === null || SHA.test(d.sha)).toBe(true);
  for (const text of [d.ref, d.url, d.commitUrl]) expect(text === null || typeof text === 'string').toBe(true);
  expect(d.startedAt === null || isWholeSecond(d.startedAt)).toBe(true);
  if (d.status !== null) {
    expect(STATUSES).toContain(d.status.status);
    expect(isWholeSecond(d.status.at)).toBe(true);
    expect(d.status.key.length).toBeGreaterThan(0);
    expect(d.status.providerState.length).toBeGreaterThan(0);
  }
  if (d.commits !== undefined) for (const commit of d.commits) expectCommit(commit);
}

function expectPush(p: PushEvent): void {
  expect(p.repository.length).toBeGreaterThan(0);
  expect(p.ref.length).toBeGreaterThan(0);
  expect(SHA.test(p.before) && SHA.test(p.after)).toBe(true);
  expect(typeof p.forced === 'boolean' && typeof p.deleted === 'boolean').toBe(true);
  for (const commit of p.commits) expectCommit(commit);
  expect(Number.isSafeInteger(p.totalCommits) && p.totalCommits >= p.commits.length).toBe(true);
}

function expectCommit(c: CommitRef): void {
  expect(SHA.test(c.sha)).toBe(true);
  expect(isWholeSecond(c.timestamp)).toBe(true);
}

function isWholeSecond(ms: number): boolean {
  return Number.isSafeInteger(ms) && ms % 1000 === 0;
}

function expectPullRequest(pr: PullRequestEvent): void {
  expect(pr.repository.length).toBeGreaterThan(0);
  expect(Number.isSafeInteger(pr.number) && pr.number > 0).toBe(true);
  expect(typeof pr.title).toBe('string');
  for (const label of pr.labels) expect(typeof label).toBe('string');
  expect(pr.sourceBranch.length > 0 && pr.targetBranch.length > 0).toBe(true);
  for (const sha of [pr.headSha, pr.mergeCommitSha]) expect(sha === null || SHA.test(sha)).toBe(true);
  for (const time of [pr.openedAt, pr.mergedAt]) expect(time === null || isWholeSecond(time)).toBe(true);
  expect(isWholeSecond(pr.updatedAt)).toBe(true);
  expect(['open', 'closed', 'merged']).toContain(pr.state);
  // A merge commit only with a merge time (a merge time may come without one: the store then waits for it).
  if (pr.mergeCommitSha !== null) expect(pr.mergedAt).not.toBeNull();
}
