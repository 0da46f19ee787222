import type { IncidentEventsTable, IncidentsTable, StaleIncidentsTable } from './incident-tables.js';
import type { OidcLoginsTable, UsersTable } from './people-tables.js';
import type {
  DeploymentPullRequestsTable,
  DeploymentReplacedCommitsTable,
  PullRequestsTable,
} from './pull-request-tables.js';
import type { TeamProjectsTable, TeamsTable } from './team-tables.js';
import type { DeploymentFailureCausesTable, DeploymentVerdictColumns, StaleVerdictsTable } from './verdict-tables.js';

export type {
  DeploymentFailureCausesTable,
  DeploymentPullRequestsTable,
  DeploymentReplacedCommitsTable,
  DeploymentVerdictColumns,
  IncidentEventsTable,
  IncidentsTable,
  OidcLoginsTable,
  PullRequestsTable,
  StaleIncidentsTable,
  StaleVerdictsTable,
  TeamProjectsTable,
  TeamsTable,
  UsersTable,
};

/**
 * The tables, as Kysely sees them. Times are UTC epoch milliseconds (bigint in PostgreSQL, integer in SQLite,
 * numbers in TypeScript on both); booleans are integers 0/1 on both databases.
 */
export interface Database {
  projects: ProjectsTable;
  webhooks: WebhooksTable;
  deliveries: DeliveriesTable;
  delivery_keys: DeliveryKeysTable;
  environments: EnvironmentsTable;
  deployments: DeploymentsTable & DeploymentVerdictColumns;
  deployment_events: DeploymentEventsTable;
  deployment_listed_commits: DeploymentListedCommitsTable;
  pushes: PushesTable;
  push_commits: PushCommitsTable;
  commits: CommitsTable;
  deployment_commits: DeploymentCommitsTable;
  deployment_pull_requests: DeploymentPullRequestsTable;
  deployment_replaced_commits: DeploymentReplacedCommitsTable;
  repositories: RepositoriesTable;
  lineage: LineageTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  users: UsersTable;
  oidc_logins: OidcLoginsTable;
  audit_log: AuditLogTable;
  webhook_tombstones: WebhookTombstonesTable;
  meta: MetaTable;
  pull_requests: PullRequestsTable;
  project_settings: ProjectSettingsTable;
  incidents: IncidentsTable;
  incident_events: IncidentEventsTable;
  deployment_failure_causes: DeploymentFailureCausesTable;
  stale_verdicts: StaleVerdictsTable;
  stale_incidents: StaleIncidentsTable;
  teams: TeamsTable;
  team_projects: TeamProjectsTable;
}

export interface ProjectsTable {
  id: string;
  name: string;
  time_zone: string;
  created_at: number;
  is_demo: number;
}

export interface WebhooksTable {
  id: string;
  project_id: string;
  provider: string;
  name: string;
  /** `<keyId>:<iv>:<tag>:<ciphertext>` (AES-256-GCM), null once revoked. */
  secret_enc: string | null;
  previous_secret_enc: string | null;
  previous_secret_expires_at: number | null;
  created_at: number;
  revoked_at: number | null;
  verified_at: number | null;
}

export interface DeliveriesTable {
  id: string;
  webhook_id: string;
  project_id: string;
  received_at: number;
  event: string | null;
  outcome: 'accepted' | 'ignored' | 'duplicate' | 'rejected';
  http_status: number;
  reason: string | null;
  delivery_key: string | null;
  /** The raw body of an accepted or ignored delivery (UTF-8 text), kept for replay until body_expires_at. */
  raw_body: string | null;
  /** The headers a provider's parser reads, as JSON. */
  headers: string | null;
  body_expires_at: number | null;
  /**
   * The deployment this delivery carried (its creation or one of its status events), for the deployment's page;
   * null for any other delivery, and for those stored before migration 0011 that no replay has linked since.
   */
  deployment_id: string | null;
}

export interface DeliveryKeysTable {
  webhook_id: string;
  key: string;
  delivery_id: string;
}

export interface EnvironmentsTable {
  id: string;
  project_id: string;
  name: string;
  /** Lower-cased name: environments match without regard to case. */
  name_key: string;
  production: number;
  /** 1 when a PUT decided the mark; no delivery changes it then. */
  production_set_by_user: number;
  created_at: number;
}

export interface DeploymentsTable {
  id: string;
  /** 1 while a revoke deletes it (migration 0007, default 0): every read leaves it out. */
  pending_delete?: number;
  project_id: string;
  provider: string;
  instance: string;
  provider_deployment_id: string;
  repository: string | null;
  environment_id: string;
  sha: string | null;
  ref: string | null;
  url: string | null;
  commit_url: string | null;
  started_at: number | null;
  finished_at: number | null;
  status: string;
  /** The provider time of the event that decided `status` (terminal or not), for the precedence rule. */
  status_at: number | null;
  change_failure: number | null;
  created_at: number;
  /** How many commits this deployment brought first; null when unknown (cache, see deployment_commits). */
  commits_count: number | null;
  commits_complete: number;
  lead_time_seconds: number | null;
  /** 1 when a delivery listed the deployment's commits (generic `commits`, possibly empty: known, none). */
  lists_commits: number;
}

export interface DeploymentEventsTable {
  id: string;
  deployment_id: string;
  project_id: string;
  event_key: string;
  status: string;
  provider_state: string;
  at: number;
  created_at: number;
}

export interface DeploymentListedCommitsTable {
  deployment_id: string;
  sha: string;
  timestamp: number;
}

export interface PushesTable {
  id: string;
  /** 1 while a revoke deletes it (migration 0007, default 0): every read leaves it out. */
  pending_delete?: number;
  project_id: string;
  repository: string;
  ref: string;
  before_sha: string;
  after_sha: string;
  forced: number;
  deleted: number;
  listed_count: number;
  total_count: number;
  /** Timestamp of the oldest listed commit: orders pushes deterministically (see docs/METRICS.md). */
  first_commit_at: number | null;
  received_at: number;
  /** repository, ref, before and after: one push is stored once, whichever webhook brought it. */
  push_key: string;
}

export interface PushCommitsTable {
  push_id: string;
  position: number;
  sha: string;
  timestamp: number;
}

export interface CommitsTable {
  project_id: string;
  repository: string;
  sha: string;
  timestamp: number;
  /** The message as the push (or generic body) sent it; null when none did, as for history stored before migration 0002. */
  message: string | null;
  author_name: string | null;
  author_email: string | null;
  /** GitHub only. */
  author_username: string | null;
}

/** Cache: which commits each successful production deployment brought first, with their lead times. */
export interface DeploymentCommitsTable {
  deployment_id: string;
  project_id: string;
  repository: string;
  sha: string;
  lead_time_seconds: number;
  finished_at: number;
  /** The merged pull request the commit came through (the bridge), null for the others. */
  pull_request_number: number | null;
}

/** Per repository: from which deployment time the cache of brought commits must be recomputed (null: fresh). */
export interface RepositoriesTable {
  project_id: string;
  repository: string;
  stale_from: number | null;
  /** Bumped by every mark: a recomputation clears the mark only if no new one came while it ran. */
  stale_seq: number;
}

/** Which webhooks delivered each record (revoke depends on it). record_type: deployment | deployment_event | push | pull_request | incident | incident_event. */
export interface LineageTable {
  record_type: string;
  record_id: string;
  webhook_id: string;
  project_id: string;
  created_at: number;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  /** SHA-256 hex of the token's secret part. */
  secret_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  /** `admin`, `maintainer` or `viewer` (src/manage/access.ts); tokens made before version 2 are `admin`. */
  role: string;
  /** JSON array of the project ids the token is limited to; null: every project. */
  project_ids: string | null;
}

export interface SessionsTable {
  /** SHA-256 hex of the session id the cookie holds. token_id is an api_tokens id, or `admin` for SHIPWATCH_ADMIN_TOKEN. */
  id_hash: string;
  token_id: string;
  created_at: number;
  last_seen_at: number;
  /** A person's session (OpenID Connect): their users id, token_id empty. */
  user_id: string | null;
}

export interface AuditLogTable {
  /** Time-ordered id (see ids.ts). */
  id: string;
  at: number;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  project_id: string | null;
  detail: string | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** Webhooks of deleted projects: their URLs answer 410, like a revoked webhook's. */
export interface WebhookTombstonesTable {
  id: string;
  revoked_at: number;
}

/** A project's settings (CONTRACT.md version 2, "Project settings") as one JSON object; no row: the defaults. */
export interface ProjectSettingsTable {
  project_id: string;
  settings: string;
  updated_at: number;
}
