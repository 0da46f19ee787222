import type { IncidentEvent, IncidentStatus, IssueFacts } from '../domain/incident-event.js';

/** An incident as all its deliveries, folded, describe it. */
export interface IncidentState {
  readonly providerIncidentId: string;
  /**
   * Null while its source counts it as an incident; else why not (from the latest delivery). For an issue, whether
   * it is an incident also depends on its labels and the project's `incidentLabels` (`issueNotIncidentReason`).
   */
  readonly notIncidentReason: string | null;
  /** An issue's labels and type, from the latest delivery; null for incidents that are not issues. */
  readonly issue: IssueFacts | null;
  readonly title: string | null;
  readonly url: string | null;
  readonly status: IncidentStatus;
  readonly startedAt: number;
  /** The first resolution after the last time it was open; null while open. */
  readonly resolvedAt: number | null;
  readonly repository: string | null;
  readonly environment: string | null;
  readonly sha: string | null;
  readonly serviceId: string | null;
  /** The latest delivery's provider time. */
  readonly orderedAt: number;
}

const DESCRIPTIVE = ['title', 'url', 'repository', 'environment', 'sha', 'serviceId'] as const;

/**
 * Folds the deliveries of one incident into its state, whatever order they arrived in
 * (PagerDuty's resolve before its trigger, incident.io's status update before its creation):
 * - they are ordered by `orderedAt`; on a tie a resolution comes after a report of the incident
 *   open, "no incident" after "incident", then by content, so the order is total;
 * - the latest decides the status, whether it is an incident at all (for an issue: its labels and type, which the
 *   project's `incidentLabels` are applied to apart, so the fold never depends on a setting), and the start;
 * - the resolution is that of the first delivery of the trailing run of resolved ones: the
 *   first time it was resolved after the last time it was open (a reopen clears it);
 * - title, url, repository, environment, sha and service come from the latest delivery that
 *   carries them.
 * Null for no deliveries.
 */
export function mergeIncidentEvents(events: readonly IncidentEvent[]): IncidentState | null {
  const ordered = [...events].sort(compareIncidentEvents);
  const latest = ordered[ordered.length - 1];
  if (latest === undefined) return null;
  let resolvedAt: number | null = null;
  if (latest.status === 'resolved') {
    let first = ordered.length - 1;
    while (first > 0 && ordered[first - 1]?.status === 'resolved') first -= 1;
    const resolution = ordered[first] ?? latest;
    resolvedAt = resolution.resolvedAt ?? Math.floor(resolution.orderedAt / 1000) * 1000;
  }
  const descriptive = Object.fromEntries(
    DESCRIPTIVE.map((field) => [field, ordered.findLast((event) => event[field] !== null)?.[field] ?? null]),
  ) as Pick<IncidentState, (typeof DESCRIPTIVE)[number]>;
  return {
    providerIncidentId: latest.providerIncidentId,
    notIncidentReason: latest.notIncidentReason,
    status: latest.status,
    startedAt: latest.startedAt,
    resolvedAt,
    orderedAt: latest.orderedAt,
    issue: latest.issue ?? null,
    ...descriptive,
  };
}

/** The order deliveries of one incident are applied in (see `mergeIncidentEvents`). */
export function compareIncidentEvents(a: IncidentEvent, b: IncidentEvent): number {
  if (a.orderedAt !== b.orderedAt) return a.orderedAt - b.orderedAt;
  const byStatus = statusRank(a) - statusRank(b);
  if (byStatus !== 0) return byStatus;
  const byKind = (a.notIncidentReason === null ? 0 : 1) - (b.notIncidentReason === null ? 0 : 1);
  if (byKind !== 0) return byKind;
  const keyA = contentKey(a);
  const keyB = contentKey(b);
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
}

function statusRank(event: IncidentEvent): number {
  return event.status === 'resolved' ? 1 : 0;
}

function contentKey(event: IncidentEvent): string {
  return JSON.stringify([
    event.providerIncidentId,
    event.notIncidentReason,
    event.title,
    event.url,
    event.startedAt,
    event.resolvedAt,
    event.repository,
    event.environment,
    event.sha,
    event.serviceId,
    event.issue ?? null,
  ]);
}
