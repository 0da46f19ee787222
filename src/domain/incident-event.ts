import type { PingEvent } from './events.js';

/** An incident's status as Shipwatch keeps it (CONTRACT.md, "Incidents"). */
export type IncidentStatus = 'open' | 'resolved';

/**
 * One delivery's view of one incident, whatever the source (PagerDuty, incident.io, a GitHub or
 * GitLab issue, the generic webhook). Deliveries are not ordered, so each carries the provider's
 * time of the state it describes (`orderedAt`); folding them (`mergeIncidentEvents`) gives the
 * incident. Times are epoch milliseconds in UTC, whole seconds, except `orderedAt`.
 */
export interface IncidentEvent {
  /** The provider's id of the incident: PagerDuty `data.id`, incident.io `id`, GitHub `issue.id`, GitLab `object_attributes.id`, generic `incidentId`. */
  readonly providerIncidentId: string;
  /** Null while the source counts it as an incident; else why it is none (declined, test mode, issue deleted...). */
  readonly notIncidentReason: string | null;
  readonly title: string | null;
  /** The incident's page at the provider. */
  readonly url: string | null;
  readonly status: IncidentStatus;
  /** When the incident started: PagerDuty and incident.io `created_at`, the issue's `created_at`, generic `startedAt`. */
  readonly startedAt: number;
  /**
   * When it was resolved, as this delivery tells it; null when open. PagerDuty's `occurred_at` of
   * `incident.resolved`, incident.io's `updated_at`, the issue's `closed_at`, generic `resolvedAt`.
   */
  readonly resolvedAt: number | null;
  /** GitHub `repository.full_name`, GitLab `project.path_with_namespace`, generic `repository`. */
  readonly repository: string | null;
  /** Generic `environment`. */
  readonly environment: string | null;
  /** Generic `sha`: the full commit id. */
  readonly sha: string | null;
  /** PagerDuty `data.service.id`, mapped to a repository through the project's `pagerdutyServices`. */
  readonly serviceId: string | null;
  /**
   * An issue's labels and type (GitHub and GitLab issues), present only on issue events: whether the issue is an
   * incident is decided from them by the project's current `incidentLabels` when it is stored and whenever the
   * setting changes (`issueNotIncidentReason`), never when the delivery comes. `notIncidentReason` then holds only
   * what no label can change (deleted, moved, closed as a duplicate or as not planned).
   */
  readonly issue?: IssueFacts;
  /**
   * The provider's time of the state this delivery describes, which orders deliveries: PagerDuty
   * `event.occurred_at`, incident.io's incident `updated_at`, the issue's `updated_at`; generic
   * `resolvedAt`, else `startedAt`. Epoch ms, keeping milliseconds when the provider sends them.
   */
  readonly orderedAt: number;
}

/** What decides whether an issue is an incident: its number (for the reason), its label names, its type. */
export interface IssueFacts {
  /** GitHub `issue.number`, GitLab `object_attributes.iid` (the id when absent). */
  readonly number: string;
  readonly labels: readonly string[];
  /** Its type is Incident (GitHub `issue.type.name`, GitLab `object_attributes.type` or `issue_type`). */
  readonly typed: boolean;
}

/**
 * What an incident normalizer makes of a delivery: an incident event, a ping (PagerDuty's test),
 * or `ignored` with a reason a person can act on ("nothing to change" for an acknowledgement).
 */
export type IncidentNormalization =
  | { readonly kind: 'incident'; readonly incident: IncidentEvent }
  | { readonly kind: 'ping'; readonly ping: PingEvent }
  | { readonly kind: 'ignored'; readonly reason: string };

/** The contract's reason for an event that changes nothing Shipwatch keeps. */
export const NOTHING_TO_CHANGE = 'nothing to change';

/** The labels that make an issue an incident when the project says nothing (CONTRACT.md, "Project settings"). */
export const DEFAULT_INCIDENT_LABELS: readonly string[] = ['incident'];
