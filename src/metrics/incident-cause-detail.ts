import type { AttributionKind } from './attribute-incident.js';
import { formatDetailTime, shortSha } from './detail-time.js';

/** What the `incident` cause's sentence says of the incident and of the deployment it is attributed to. */
export interface IncidentCauseFacts {
  readonly incidentId: string;
  readonly title: string | null;
  readonly startedAt: number;
  readonly attribution: AttributionKind;
  readonly deploymentFinishedAt: number | null;
  readonly deploymentSha: string | null;
  readonly incidentWindowHours: number;
}

/**
 * The `detail` of an `incident` cause (CONTRACT.md version 2): which incident, and why it is put down to this
 * deployment. "incident “Checkout returns 502” of 3 Mar 2026 16:48 UTC started 48 min after this deployment
 * finished (incidentWindowHours: 24)"; "... names this deployment’s commit 9f2c4e1"; "... linked to this
 * deployment by a person".
 */
export function incidentCauseDetail(facts: IncidentCauseFacts, formatTime = formatDetailTime): string {
  const name = facts.title === null || facts.title.trim() === '' ? facts.incidentId : `“${facts.title.trim()}”`;
  const incident = `incident ${name} of ${formatTime(facts.startedAt)}`;
  switch (facts.attribution) {
    case 'manual':
      return `${incident}, linked to this deployment by a person`;
    case 'sha':
      return facts.deploymentSha === null
        ? `${incident} names this deployment’s commit`
        : `${incident} names this deployment’s commit ${shortSha(facts.deploymentSha)}`;
    case 'window': {
      const after =
        facts.deploymentFinishedAt === null ? '' : ` ${duration(facts.startedAt - facts.deploymentFinishedAt)} after`;
      return `${incident} started${after === '' ? ' after' : after} this deployment finished (incidentWindowHours: ${facts.incidentWindowHours})`;
    }
  }
}

/** "48 min", "3 h", "3 h 5 min" (whole minutes, rounded down). */
function duration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
