/** The pull request tables of migrations 0002 and 0003, as Kysely sees them (kept apart: schema.ts stays under 300 lines). */

/**
 * One pull request (merge request) per project, repository and number (CONTRACT.md version 2). Title, labels
 * and branches are those of the event with the latest `updated_at`; once merged, `merged_at` and
 * `merge_commit_sha` are never cleared. Its lineage is in `lineage` (record_type `pull_request`).
 */
export interface PullRequestsTable {
  id: string;
  /** 1 while a revoke deletes it (migration 0007, default 0): every read leaves it out. */
  pending_delete?: number;
  project_id: string;
  repository: string;
  number: number;
  title: string;
  /** The label names as a JSON array of strings. */
  labels: string;
  /** Branch names without `refs/heads/`. */
  source_branch: string;
  target_branch: string;
  opened_at: number | null;
  merged_at: number | null;
  head_sha: string | null;
  merge_commit_sha: string | null;
  /** open | closed | merged */
  state: string;
  /** The provider time that orders the pull request's events; the latest event's. */
  updated_at: number;
  url: string | null;
  created_at: number;
}

/** Cache: the merged pull requests each successful production deployment brought. */
export interface DeploymentPullRequestsTable {
  deployment_id: string;
  project_id: string;
  repository: string;
  number: number;
  finished_at: number;
}

/** Cache: what each deployment reached that its pull requests' own commits replaced (squash commits, rebased copies). */
export interface DeploymentReplacedCommitsTable {
  deployment_id: string;
  project_id: string;
  repository: string;
  sha: string;
  finished_at: number;
}
