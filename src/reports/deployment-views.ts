import type { DeploymentStatus, FailureCauseKind, ProviderId, ReworkKind } from '../domain/index.js';

/**
 * A deployment as the API answers it (`GET /api/projects/:id/deployments`, `GET /api/deployments/:id`). Written
 * here so that reports import nothing from src/http; src/http/api-types.ts asserts that it is exactly the type of
 * its schema (src/http/schemas.ts, `Deployment`), so the two cannot drift.
 */
export interface DeploymentView {
  id: string;
  webhookId: string | null;
  provider: ProviderId;
  repository: string | null;
  environment: string;
  production: boolean;
  status: DeploymentStatus;
  sha: string | null;
  ref: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  url: string | null;
  commitUrl: string | null;
  changeFailure: boolean | null;
  commits: number | null;
  commitsComplete: boolean;
  leadTimeSeconds: number | null;
  failedChange: boolean | null;
  failureCauses: { kind: FailureCauseKind; by: string | null; detail: string }[];
  rework: { kind: ReworkKind; of: string | null } | null;
  reworkOverride: boolean | null;
}

/** One page of the commits a deployment brought (`GET /api/deployments/:id/commits`); checked as `DeploymentView` is. */
export interface DeploymentCommitsPage {
  commits: {
    sha: string;
    timestamp: string;
    message: string | null;
    author: { name: string | null; email: string | null };
    leadTimeSeconds: number;
    excluded: 'author' | null;
    pullRequest: { number: number; title: string; url: string | null } | null;
  }[];
  nextCursor: string | null;
}
