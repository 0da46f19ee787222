/**
 * The shapes of the public API, as the page reads them: derived from the server's schemas (src/http/schemas.ts)
 * in src/http/api-types.ts, never copied by hand. Type-only, so no server code reaches the page's bundle.
 * Times are ISO 8601 strings in UTC.
 */
export type {
  ApiErrorBody,
  ApiToken,
  ChangeFailureRate,
  Delivery,
  Deployment,
  DeploymentFrequency,
  DeploymentStatus,
  Environment,
  FailedDeploymentRecoveryTime,
  Incident,
  LeadTimeForChanges,
  Level,
  Me,
  MetricFigures,
  MetricSeries,
  Metrics,
  NewApiToken,
  NewWebhook,
  Project,
  ProjectSettings,
  ProviderId,
  RevokeResult,
  Role,
  RotatedSecret,
  SeriesInterval,
  SeriesPoint,
  Session,
  Webhook,
} from '../../../src/http/api-types';

/** What a delivery's outcome can be (the deliveries filter); the API sends it as a string. */
export type DeliveryOutcome = 'accepted' | 'ignored' | 'duplicate' | 'rejected';

/** What the drill-down and the deployment page read (issue 20). */
/** What the overview and the team pages read (issue 20, item 4; served by issue 19). */
export type {
  BroughtPullRequest,
  DeploymentCommit,
  DeploymentDeliveries,
  DeploymentDelivery,
  Overview,
  RecoveryStreak,
  RecoveryStreaks,
  ReworkRate,
  Team,
  TeamMetrics,
  TimeToRestoreService,
} from '../../../src/http/api-types';
