import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncidentNormalization } from '../../../src/domain/incident-event.js';
import { normalizeGenericIncident } from '../../../src/providers/generic/normalize-generic-incident.js';
import { normalizeGithubIssue } from '../../../src/providers/github/normalize-github-issue.js';
import { normalizeGitlabIssue } from '../../../src/providers/gitlab/normalize-gitlab-issue.js';
import { normalizeIncidentIoEvent } from '../../../src/providers/incident-io/normalize-incident-io-event.js';
import { normalizePagerdutyEvent } from '../../../src/providers/pagerduty/normalize-pagerduty-event.js';
import { FIXTURES } from './support/golden.js';
import { mutate, mutations } from './support/mutate.js';

type Normalize = (payload: Record<string, unknown>) => IncidentNormalization;

function eventName(payload: Record<string, unknown>, path: readonly string[]): string {
  let value: unknown = payload;
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : '';
}

const SOURCES: readonly [string, Normalize][] = [
  ['pagerduty', (p) => normalizePagerdutyEvent(eventName(p, ['event', 'event_type']), p)],
  ['incident-io', (p) => normalizeIncidentIoEvent(eventName(p, ['event_type']), p)],
  ['github/issues', (p) => normalizeGithubIssue(p)],
  ['gitlab/issues', (p) => normalizeGitlabIssue(p)],
  ['generic/incidents', normalizeGenericIncident],
];

function fixtures(folder: string): Record<string, unknown>[] {
  const dir = join(FIXTURES, folder);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')));
}

const WHOLE_SECOND = (ms: number | null) => ms === null || (Number.isSafeInteger(ms) && ms % 1000 === 0);

/** An incident event has an id, a whole-second start, a resolution only when resolved, and no NaN. */
function expectAllowed(normalized: IncidentNormalization): void {
  if (normalized.kind === 'ignored') {
    expect(normalized.reason.length).toBeGreaterThan(0);
    return;
  }
  if (normalized.kind === 'ping') {
    expect(normalized.ping.reason).toBe('ping: webhook verified');
    return;
  }
  const incident = normalized.incident;
  expect(incident.providerIncidentId.length).toBeGreaterThan(0);
  expect(['open', 'resolved']).toContain(incident.status);
  expect(incident.notIncidentReason === null || typeof incident.notIncidentReason === 'string').toBe(true);
  expect(WHOLE_SECOND(incident.startedAt) && WHOLE_SECOND(incident.resolvedAt)).toBe(true);
  expect(incident.resolvedAt === null).toBe(incident.status === 'open');
  expect(Number.isFinite(incident.orderedAt)).toBe(true);
  expect(incident.sha === null || /^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(incident.sha)).toBe(true);
  for (const text of [incident.title, incident.url, incident.repository, incident.environment, incident.serviceId]) {
    expect(text === null || (typeof text === 'string' && text.length > 0)).toBe(true);
  }
}

describe.each(SOURCES)('%s: any body', (folder, normalize) => {
  const documents = fixtures(folder);

  it('never throws, and answers an allowed shape, however the fixtures are changed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...documents), mutations, (document, changes) => {
        expectAllowed(normalize(mutate(document, changes)));
      }),
      { numRuns: 300 },
    );
  });
});
