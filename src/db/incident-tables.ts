/** The incident tables of migration 0005, as Kysely sees them (kept apart: schema.ts stays under 300 lines). */
/** One incident per project, provider and provider incident id (migration 0005): its folded state and a person's link. */
export interface IncidentsTable {
  id: string;
  project_id: string;
  provider: string;
  incident_key: string;
  /** The earliest unrevoked webhook that delivered it. */
  webhook_id: string;
  /** Null while it counts as an incident. */
  not_incident_reason: string | null;
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

/** Each distinct event of an incident (its JSON), so that any order of deliveries folds to the same state. */
export interface IncidentEventsTable {
  incident_id: string;
  /** SHA-256 of the event's JSON. */
  event_key: string;
  event: string;
  created_at: number;
}
