import type { NormalizedEvent } from '../../domain/index.js';
import { asObject } from '../shared/json-values.js';

const NEEDED = [
  { event: 'deployment_status', why: 'deployments and their results' },
  { event: 'push', why: 'lead time for changes' },
  { event: 'pull_request', why: 'lead time through squash and rebase merges' },
] as const;

/**
 * `ping`, sent when a webhook is created: accepted, and the reason says which needed events
 * `hook.events` leaves out. Either content type ("json" or "form") is fine.
 * Source: https://docs.github.com/en/webhooks/webhook-events-and-payloads#ping
 */
export function normalizeGithubPing(payload: Record<string, unknown>): NormalizedEvent {
  const events = asObject(payload.hook)?.events;
  if (!Array.isArray(events)) {
    return ping(
      'ping: webhook verified; hook.events is not in the ping, so Shipwatch cannot tell which events it sends',
    );
  }
  const sent = new Set(events.filter((event): event is string => typeof event === 'string'));
  const absent = sent.has('*') ? [] : NEEDED.filter(({ event }) => !sent.has(event));
  if (absent.length === 0)
    return ping('ping: webhook verified; it sends deployment_status, push and pull_request events');
  const list = joinAnd(absent.map(({ event, why }) => `${event} (${why})`));
  return ping(
    `ping: webhook verified; it does not send ${list}: in the webhook's settings, choose "Let me select individual events" and tick ${joinAnd(absent.map(({ event }) => eventLabel(event)))}`,
  );
}

function ping(reason: string): NormalizedEvent {
  return { kind: 'ping', ping: { reason } };
}

const LABELS: Record<string, string> = {
  deployment_status: '"Deployment statuses"',
  push: '"Pushes"',
  pull_request: '"Pull requests"',
};

function eventLabel(event: string): string {
  return LABELS[event] ?? `"${event}"`;
}

/** `a`, `a and b`, `a, b and c`. */
function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
