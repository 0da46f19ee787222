/** The incident tables of migration 0005, as Kysely sees them (kept apart: schema.ts stays under 300 lines). */
/** One incident per project, provider and provider incident id (migration 0005): its folded state and a person's link. */
export interface IncidentsTable {
  id: string;
  project_id: string;
  provider: string;
  incident_key: string;
  /** The earliest unrevoked webhook that delivered it. */
  webhook_id: string;
  /** Null while it counts as an incident: `source_reason`, else for an issue the decision by `incidentLabels`. */
  not_incident_reason: string | null;
  /** Migration 0009: why the source says it is no incident, whatever the labels (declined, deleted...). */
  source_reason: string | null;
  /** Migration 0009: an issue's latest labels and type (JSON of `IssueFacts`); null for other sources. */
  issue: string | null;
  /** Migration 0009: the `incidentLabels` (`incidentLabelsKey`) an issue's `not_incident_reason` was decided with. */
  labels_key: string | null;
  title: string | null;
  url: string | null;
  status: 'open' | 'resolved';
  started_at: number;
  resolved_at: number | null;
  repository: string | null;
  environment: string | null;
  sha: string | null;
  service_id: string | null;
  ordered_at: number;
  /** 1 while a person's link is set (`manual_deployment_id`, null meaning "not caused by a deployment"). */
  manual_link: number;
  manual_deployment_id: string | null;
  created_at: number;
  updated_at: number;
}

/** Projects whose incidents must be re-decided and re-attributed (migration 0009); `seq` bumped by each mark. */
export interface StaleIncidentsTable {
  project_id: string;
  seq: number;
}

/** Each distinct event of an incident (its JSON), so that any order of deliveries folds to the same state. */
export interface IncidentEventsTable {
  incident_id: string;
  /** SHA-256 of the event's JSON. */
  event_key: string;
  event: string;
  created_at: number;
}
