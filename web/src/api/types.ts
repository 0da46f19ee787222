/** The shapes of CONTRACT.md's public API, as the page reads them. Times are ISO 8601 strings in UTC. */

export type ProviderId = 'github' | 'gitlab' | 'azure-devops' | 'generic';
export type Level = 'elite' | 'high' | 'medium' | 'low';
export type DeliveryOutcome = 'accepted' | 'ignored' | 'duplicate' | 'rejected';
export type DeploymentStatus = 'success' | 'failure' | 'canceled' | 'in_progress' | 'pending';
export type SeriesInterval = 'day' | 'week' | 'month';

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export interface Session {
  expiresAt: string;
}

export interface Project {
  id: string;
  name: string;
  timeZone: string;
  createdAt: string;
}

export interface Webhook {
  id: string;
  projectId: string;
  provider: ProviderId;
  name: string;
  url: string;
  createdAt: string;
  revokedAt: string | null;
  lastDeliveryAt: string | null;
  lastDeliveryOutcome: DeliveryOutcome | null;
  verifiedAt: string | null;
  previousSecretExpiresAt: string | null;
}

/** The 201 answer of a new webhook: the only time the secret comes with it. */
export interface NewWebhook extends Webhook {
  secret: string;
}

export interface RotatedSecret {
  secret: string;
  previousSecretExpiresAt: string;
}

export interface RevokeResult {
  id: string;
  revokedAt: string;
  /** Counts of the records removed; more kinds may be added. */
  deleted: Record<string, number>;
}

export interface Delivery {
  id: string;
  receivedAt: string;
  event: string | null;
  outcome: DeliveryOutcome;
  httpStatus: number;
  reason: string | null;
}

export interface Environment {
  name: string;
  production: boolean;
  deployments: number;
  lastDeploymentAt: string | null;
}

export interface Deployment {
  id: string;
  webhookId: string;
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
}

export interface DeploymentFrequency {
  deployments: number;
  deploymentDays: number;
  perDay: number;
  level: Level | null;
}

export interface LeadTimeForChanges {
  medianSeconds: number | null;
  commits: number;
  deploymentsWithCommits: number;
  level: Level | null;
}

export interface ChangeFailureRate {
  failedDeployments: number;
  deployments: number;
  rate: number | null;
  level: Level | null;
}

export interface FailedDeploymentRecoveryTime {
  medianSeconds: number | null;
  failures: number;
  recovered: number;
  level: Level | null;
}

export interface MetricFigures {
  deploymentFrequency: DeploymentFrequency;
  leadTimeForChanges: LeadTimeForChanges;
  changeFailureRate: ChangeFailureRate;
  failedDeploymentRecoveryTime: FailedDeploymentRecoveryTime;
}

export interface Metrics extends MetricFigures {
  from: string;
  to: string;
}

export interface SeriesPoint extends MetricFigures {
  from: string;
  to: string;
}

export interface MetricSeries {
  from: string;
  to: string;
  interval: SeriesInterval;
  points: SeriesPoint[];
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface NewApiToken extends ApiToken {
  token: string;
}
