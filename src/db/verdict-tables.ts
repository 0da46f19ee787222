/** The verdict tables and columns of migration 0004, as Kysely sees them (kept apart: schema.ts stays under 300 lines). */

/** Migration 0004's columns (apart, so ingest's row type, which never writes them, stays whole). */
export interface DeploymentVerdictColumns {
  /** Cache: the kinds of its automatic failure causes, comma-separated in contract order; null: none. */
  failure_kinds: string | null;
  /** Cache: the automatic rework (rollback | revert | hotfix) and the id of the deployment it reworks. */
  rework_kind: string | null;
  rework_of: string | null;
  /** A person's judgement of rework (`PATCH {"rework"}`): null, 1 or 0. */
  rework_override: number | null;
}

/** Cache (migration 0004): every automatic failure cause of a deployment (src/ingest/refresh-verdicts.ts). */
export interface DeploymentFailureCausesTable {
  deployment_id: string;
  project_id: string;
  repository_key: string; // the deployment's repository, '' for none: a recomputation replaces one repository's rows
  kind: string;
  by_id: string | null;
  detail: string;
}

/** Repositories ('' for deployments without one) whose verdicts must be recomputed; `seq` bumped by each mark. */
export interface StaleVerdictsTable {
  project_id: string;
  repository_key: string;
  seq: number;
}
