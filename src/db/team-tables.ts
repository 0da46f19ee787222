/** The team tables of migration 0008, as Kysely sees them (kept apart: schema.ts stays under 300 lines). */
export interface TeamsTable {
  id: string;
  name: string;
  /** IANA name: the team's calendar days, weeks and default window. */
  time_zone: string;
  created_at: number;
}

/** A project of a team; `position` keeps the order the projects were listed in. */
export interface TeamProjectsTable {
  team_id: string;
  project_id: string;
  position: number;
}
