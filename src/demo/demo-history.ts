import { DEMO_AUTHORS, DEMO_REPOSITORIES, type DemoRepository } from './demo-repositories.js';
import { createPrng, type Prng } from './prng.js';

export interface DemoCommit {
  readonly sha: string;
  readonly at: number;
  readonly message: string;
  readonly author: { readonly name: string; readonly email: string };
}

export interface DemoPush {
  readonly kind: 'push';
  readonly at: number;
  readonly repository: DemoRepository;
  readonly before: string;
  readonly after: string;
  readonly commits: readonly DemoCommit[];
}

export interface DemoDeployment {
  /** Counts the repository's deployments from 1: the providers' ids are made from it. */
  readonly number: number;
  readonly environment: 'production' | 'staging';
  readonly sha: string;
  readonly title: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly result: 'success' | 'failure';
}

export interface DemoDeploymentEvent {
  readonly kind: 'deployment';
  readonly at: number;
  readonly repository: DemoRepository;
  readonly phase: 'started' | 'finished';
  readonly deployment: DemoDeployment;
}

export type DemoEvent = DemoPush | DemoDeploymentEvent;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How far back the demo goes. */
export const DEMO_DAYS = 182;

type Trigger =
  | { at: number; kind: 'push' }
  | { at: number; kind: 'slot' }
  | { at: number; kind: 'fix-push' }
  | { at: number; kind: 'fix-deploy'; attempt: number };

/**
 * Six months of a team's history, provider-agnostic and ending before `now`: per repository, pushes to main on
 * working hours (few at weekends), a staging deployment after each push, production deployments at the team's
 * slots when main moved, some of them failing, each failure followed by a fix pushed and deployed (which may fail
 * again). The same seed and the same `now` give the same history.
 */
export function demoHistory(options: { seed: number; now: number; days?: number }): DemoEvent[] {
  const events = DEMO_REPOSITORIES.flatMap((repository, index) =>
    repositoryHistory(repository, createPrng((options.seed * 7919 + index * 104_729) >>> 0), options),
  );
  // Stable: ties keep the order they were made in.
  return events.sort((a, b) => a.at - b.at);
}

function repositoryHistory(
  repository: DemoRepository,
  prng: Prng,
  options: { now: number; days?: number },
): DemoEvent[] {
  const events: DemoEvent[] = [];
  const last = options.now - 2 * MINUTE;
  const today = Math.floor(options.now / DAY) * DAY;
  const triggers: Trigger[] = [];
  for (let day = today - (options.days ?? DEMO_DAYS) * DAY; day <= today; day += DAY) {
    const weekday = new Date(day).getUTCDay() || 7;
    const weekend = weekday >= 6;
    const [min, max] = repository.pushesPerWeekday;
    const pushes = weekend ? (prng.chance(repository.weekendPushChance) ? 1 : 0) : prng.int(min, max);
    for (let i = 0; i < pushes; i += 1) {
      const at = day + (weekend ? prng.int(10 * 60, 16 * 60) : prng.int(7 * 60 + 30, 17 * 60 + 30)) * MINUTE;
      triggers.push({ at, kind: 'push' });
    }
    for (const hour of repository.productionSlots[weekday] ?? []) {
      triggers.push({ at: day + hour * HOUR + prng.int(-10, 10) * MINUTE, kind: 'slot' });
    }
  }
  triggers.sort((a, b) => a.at - b.at);
  const schedule = (trigger: Trigger) => {
    const index = triggers.findIndex((t) => t.at > trigger.at);
    triggers.splice(index === -1 ? triggers.length : index, 0, trigger);
  };

  let head = prng.hex(40); // history older than Shipwatch: its commits are never counted
  let title = 'initial import';
  let lastProduction = head;
  let busyUntil = 0;
  let number = 0;
  const push = (at: number, messages: readonly string[], count: number) => {
    const first = at - prng.int(20, 240) * MINUTE;
    const commits: DemoCommit[] = [];
    for (let i = 0; i < count; i += 1) {
      const commitAt = count === 1 ? first : first + Math.floor(((at - 2 * MINUTE - first) * i) / (count - 1));
      commits.push({
        sha: prng.hex(40),
        at: Math.floor(commitAt / 1000) * 1000,
        message: prng.pick(messages),
        author: prng.pick(DEMO_AUTHORS),
      });
    }
    const after = commits.at(-1)?.sha ?? head;
    events.push({ kind: 'push', at, repository, before: head, after, commits });
    head = after;
    title = commits.at(-1)?.message ?? title;
  };
  const deploy = (environment: 'production' | 'staging', startedAt: number, failureChance: number) => {
    const finishedAt = startedAt + prng.int(3, 12) * MINUTE + prng.int(0, 59) * 1000;
    const result: 'success' | 'failure' = prng.chance(failureChance) ? 'failure' : 'success';
    if (finishedAt > last) return undefined;
    number += 1;
    const deployment: DemoDeployment = { number, environment, sha: head, title, startedAt, finishedAt, result };
    events.push({ kind: 'deployment', at: startedAt, repository, phase: 'started', deployment });
    events.push({ kind: 'deployment', at: finishedAt, repository, phase: 'finished', deployment });
    return deployment;
  };
  const recover = (after: number, attempt: number) => {
    const fixAt = after + prng.int(20, 90) * MINUTE;
    const deployAt = fixAt + prng.int(10, 30) * MINUTE;
    schedule({ at: fixAt, kind: 'fix-push' });
    schedule({ at: deployAt, kind: 'fix-deploy', attempt });
    busyUntil = deployAt + 15 * MINUTE;
  };

  for (let i = 0; i < triggers.length; i += 1) {
    const trigger = triggers[i] as Trigger;
    if (trigger.at > last) break;
    switch (trigger.kind) {
      case 'push': {
        push(trigger.at, repository.messages, new Date(trigger.at).getUTCDay() % 6 === 0 ? 1 : prng.int(1, 3));
        deploy('staging', trigger.at + prng.int(8, 20) * MINUTE, 0.04);
        break;
      }
      case 'fix-push':
        push(trigger.at, repository.fixes, 1);
        break;
      case 'slot': {
        if (trigger.at < busyUntil || head === lastProduction) break;
        const deployed = deploy('production', trigger.at, repository.failureChance);
        if (deployed?.result === 'success') lastProduction = deployed.sha;
        if (deployed?.result === 'failure') recover(deployed.finishedAt, 1);
        break;
      }
      case 'fix-deploy': {
        const deployed = deploy('production', trigger.at, trigger.attempt < 3 ? 0.2 : 0);
        if (deployed?.result === 'success') lastProduction = deployed.sha;
        if (deployed?.result === 'failure') recover(deployed.finishedAt, trigger.attempt + 1);
        break;
      }
    }
  }
  return events;
}
