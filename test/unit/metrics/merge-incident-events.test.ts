import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncidentEvent, IncidentNormalization } from '../../../src/domain/incident-event.js';
import { mergeIncidentEvents } from '../../../src/metrics/merge-incident-events.js';
import { normalizeIncidentIoEvent } from '../../../src/providers/incident-io/normalize-incident-io-event.js';
import { normalizePagerdutyEvent } from '../../../src/providers/pagerduty/normalize-pagerduty-event.js';
import { FIXTURES } from '../providers/support/golden.js';
import { at } from './factories.js';
import { permutations } from './permutations.js';

function incidentFrom(normalized: IncidentNormalization): IncidentEvent {
  if (normalized.kind !== 'incident') throw new Error(`expected an incident, got ${JSON.stringify(normalized)}`);
  return normalized.incident;
}

function pagerduty(name: string): IncidentEvent {
  const payload = JSON.parse(readFileSync(join(FIXTURES, 'pagerduty', `${name}.json`), 'utf8'));
  return incidentFrom(normalizePagerdutyEvent(payload.event.event_type, payload));
}

function incidentIo(name: string): IncidentEvent {
  const payload = JSON.parse(readFileSync(join(FIXTURES, 'incident-io', `${name}.json`), 'utf8'));
  return incidentFrom(normalizeIncidentIoEvent(payload.event_type, payload));
}

function event(fields: Partial<IncidentEvent> & Pick<IncidentEvent, 'orderedAt'>): IncidentEvent {
  return {
    providerIncidentId: 'INC-1',
    notIncidentReason: null,
    title: null,
    url: null,
    status: 'open',
    startedAt: at('2026-03-03T10:00:00Z'),
    resolvedAt: null,
    repository: null,
    environment: null,
    sha: null,
    serviceId: null,
    ...fields,
  };
}

describe('mergeIncidentEvents: PagerDuty', () => {
  const triggered = pagerduty('incident.triggered');
  const resolved = pagerduty('incident.resolved');
  const reopened = pagerduty('incident.reopened');

  it.each(permutations([triggered, resolved]))('resolves at the resolve event in any order (%#)', (...events) => {
    expect(mergeIncidentEvents(events)).toMatchObject({
      providerIncidentId: 'PGR0VU2',
      status: 'resolved',
      startedAt: at('2026-03-03T16:48:02Z'),
      resolvedAt: at('2026-03-03T17:05:41Z'),
      serviceId: 'PF9KMXH',
      title: 'Checkout 5xx above 2% for 5 minutes',
    });
  });

  it.each(permutations([triggered, resolved, reopened]))('is open again after a reopen, in any order (%#)', (...e) => {
    expect(mergeIncidentEvents(e)).toMatchObject({ status: 'open', resolvedAt: null });
  });

  it('resolves at the latest resolve not followed by a reopen', () => {
    const second = { ...resolved, orderedAt: at('2026-03-03T18:00:00.250Z'), resolvedAt: at('2026-03-03T18:00:00Z') };
    for (const events of permutations([triggered, resolved, reopened, second])) {
      expect(mergeIncidentEvents(events)).toMatchObject({ status: 'resolved', resolvedAt: at('2026-03-03T18:00:00Z') });
    }
  });
});

describe('mergeIncidentEvents: incident.io', () => {
  const created = incidentIo('incident_created_v2');
  const learning = incidentIo('incident_status_updated_v2.learning');
  const closed = incidentIo('incident_updated_v2.closed');

  it.each(permutations([created, learning, closed]))(
    'resolves when the status first left live, however the deliveries arrive (%#)',
    (...events) => {
      expect(mergeIncidentEvents(events)).toEqual({
        providerIncidentId: '01HV5QZ4W7K2M8N3P6R9T1X0YB',
        notIncidentReason: null,
        title: 'INC-148: Checkout payments failing for card users',
        url: 'https://app.incident.io/acme/incidents/148',
        status: 'resolved',
        startedAt: at('2026-03-03T16:49:30Z'),
        resolvedAt: at('2026-03-03T17:06:12Z'),
        repository: null,
        environment: null,
        sha: null,
        serviceId: null,
        issue: null,
        orderedAt: at('2026-03-05T10:30:00Z'),
      });
    },
  );

  it('is no incident once the latest delivery says declined', () => {
    const declined = {
      ...created,
      notIncidentReason: 'incident.io incident declined: not counted',
      orderedAt: at('2026-03-03T16:50:00Z'),
    };
    for (const events of permutations([created, declined])) {
      expect(mergeIncidentEvents(events)?.notIncidentReason).toBe('incident.io incident declined: not counted');
    }
  });
});

describe('mergeIncidentEvents: rules', () => {
  it('keeps a field from the latest delivery that carries it', () => {
    const open = event({ orderedAt: 1_000, sha: 'a'.repeat(40), environment: 'production', title: 'Down' });
    const resolved = event({ orderedAt: 2_000, status: 'resolved', resolvedAt: 2_000, title: 'Down: fixed' });
    for (const events of permutations([open, resolved])) {
      expect(mergeIncidentEvents(events)).toMatchObject({
        sha: 'a'.repeat(40),
        environment: 'production',
        title: 'Down: fixed',
      });
    }
  });

  it('lets a resolution outrank an open report of the same time (a generic incident of no duration)', () => {
    const open = event({ orderedAt: 5_000 });
    const resolved = event({ orderedAt: 5_000, status: 'resolved', resolvedAt: 5_000 });
    for (const events of permutations([open, resolved])) {
      expect(mergeIncidentEvents(events)).toMatchObject({ status: 'resolved', resolvedAt: 5_000 });
    }
  });

  it('answers null for no deliveries', () => {
    expect(mergeIncidentEvents([])).toBeNull();
  });
});

// An independent model: replay the deliveries one by one in the order of their provider time,
// as a person reading the timeline would.
function replay(events: readonly IncidentEvent[]) {
  const rank = (e: IncidentEvent) => [e.orderedAt, e.status === 'resolved' ? 1 : 0, e.notIncidentReason ? 1 : 0];
  const key = (e: IncidentEvent) => JSON.stringify({ ...e, orderedAt: 0, status: '' });
  const sorted = [...events].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    for (let i = 0; i < ra.length; i += 1) if (ra[i] !== rb[i]) return (ra[i] ?? 0) - (rb[i] ?? 0);
    return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  });
  let status: 'open' | 'resolved' = 'open';
  let resolvedAt: number | null = null;
  let startedAt = 0;
  let notIncidentReason: string | null = null;
  let sha: string | null = null;
  for (const e of sorted) {
    if (e.status === 'open') resolvedAt = null;
    else if (status === 'open') resolvedAt = e.resolvedAt;
    status = e.status;
    startedAt = e.startedAt;
    notIncidentReason = e.notIncidentReason;
    if (e.sha !== null) sha = e.sha;
  }
  return { status, resolvedAt, startedAt, notIncidentReason, sha };
}

const anEvent = fc
  .record({
    orderedAt: fc.integer({ min: 0, max: 6 }).map((n) => n * 1_000),
    resolved: fc.boolean(),
    notIncident: fc.boolean(),
    startedAt: fc.constantFrom(0, 500),
    sha: fc.constantFrom(null, 'a'.repeat(40), 'b'.repeat(40)),
    title: fc.constantFrom(null, 'Down', 'Slow'),
    // An issue's labels (decided later by the project's incidentLabels): the fold must not depend on order either.
    labels: fc.option(fc.subarray(['incident', 'bug']), { nil: null }),
  })
  .map((f) =>
    event({
      ...(f.labels === null ? {} : { issue: { number: '7', labels: f.labels, typed: false } }),
      orderedAt: f.orderedAt,
      status: f.resolved ? 'resolved' : 'open',
      resolvedAt: f.resolved ? f.orderedAt : null,
      notIncidentReason: f.notIncident ? 'label removed' : null,
      startedAt: f.startedAt,
      sha: f.sha,
      title: f.title,
    }),
  );

describe('mergeIncidentEvents, properties', () => {
  it('never depends on the order the deliveries arrived in', () => {
    fc.assert(
      fc.property(
        fc
          .array(anEvent, { minLength: 1, maxLength: 8 })
          .chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length }))),
        ([events, shuffled]) => {
          expect(mergeIncidentEvents(shuffled)).toEqual(mergeIncidentEvents(events));
        },
      ),
    );
  });

  it('agrees with replaying the deliveries in the order of their provider time', () => {
    fc.assert(
      fc.property(fc.array(anEvent, { minLength: 1, maxLength: 8 }), (events) => {
        const merged = mergeIncidentEvents(events);
        expect({
          status: merged?.status,
          resolvedAt: merged?.resolvedAt,
          startedAt: merged?.startedAt,
          notIncidentReason: merged?.notIncidentReason,
          sha: merged?.sha,
        }).toEqual(replay(events));
      }),
    );
  });
});
