import type { NormalizedEvent } from '../../domain/events.js';
import type { IncidentNormalization } from '../../domain/incident-event.js';

/**
 * An incident normalizer's answer as today's `NormalizedEvent`, which has no incident kind: pings
 * and ignored events pass through; an incident is ignored, the reason saying it is not stored.
 * When `NormalizedEvent` gains `{kind: 'incident', incident}`, the normalizers' answers are
 * `NormalizedEvent`s as they are and this adapter goes.
 */
export function incidentAsNormalizedEvent(normalized: IncidentNormalization, source: string): NormalizedEvent {
  if (normalized.kind !== 'incident') return normalized;
  return {
    kind: 'ignored',
    reason: `${source} incident ${normalized.incident.providerIncidentId} read, but this version of Shipwatch does not store incidents`,
  };
}
