import type { Static } from '@sinclair/typebox';
import type {
  Overview as OverviewSchema,
  TeamMetrics as TeamMetricsSchema,
  Team as TeamSchema,
} from './across-schemas.js';
import type {
  Delivery as DeliverySchema,
  DeploymentCommitsPage as DeploymentCommitsPageSchema,
  Deployment as DeploymentSchema,
  Environment as EnvironmentSchema,
  ErrorResponse,
  Incident as IncidentSchema,
  Level as LevelSchema,
  Me as MeSchema,
  MetricSeries as MetricSeriesSchema,
  Metrics as MetricsSchema,
  Project as ProjectSchema,
  ProjectSettings as ProjectSettingsSchema,
  RevokeResult as RevokeResultSchema,
  RoleName,
  RotatedSecret as RotatedSecretSchema,
  SessionAnswer,
  Token,
  TokenWithSecret,
  Webhook as WebhookSchema,
  WebhookWithSecret,
} from './schemas.js';

/**
 * The API's answers as TypeScript types, derived from the schemas that validate and document them
 * (src/http/schemas.ts): the one place the page (web/src/api/types.ts) takes its types from. Type-only: importing
 * this module brings no server code into the page.
 */

import type { DeploymentView, DeploymentCommitsPage as ReportsCommitsPage } from '../reports/deployment-views.js';

export type { DeploymentStatus, ProviderId } from '../domain/index.js';
export type { SeriesInterval } from '../metrics/buckets-for.js';

export type ApiErrorBody = Static<typeof ErrorResponse>;
export type Session = Static<typeof SessionAnswer>;
export type Project = Static<typeof ProjectSchema>;
export type Webhook = Static<typeof WebhookSchema>;
/** The 201 answer of a new webhook: the only time the secret comes with it. */
export type NewWebhook = Static<typeof WebhookWithSecret>;
export type RotatedSecret = Static<typeof RotatedSecretSchema>;
export type RevokeResult = Static<typeof RevokeResultSchema>;
export type Delivery = Static<typeof DeliverySchema>;
export type Environment = Static<typeof EnvironmentSchema>;
export type Deployment = Static<typeof DeploymentSchema>;
/** A figure's DORA level; null where the figure has none. */
export type Level = NonNullable<Static<typeof LevelSchema>>;
export type Metrics = Static<typeof MetricsSchema>;
export type MetricFigures = Omit<Metrics, 'from' | 'to'>;
export type DeploymentFrequency = Metrics['deploymentFrequency'];
export type LeadTimeForChanges = Metrics['leadTimeForChanges'];
export type ChangeFailureRate = Metrics['changeFailureRate'];
export type FailedDeploymentRecoveryTime = Metrics['failedDeploymentRecoveryTime'];
export type MetricSeries = Static<typeof MetricSeriesSchema>;
export type SeriesPoint = MetricSeries['points'][number];
export type ApiToken = Static<typeof Token>;
export type NewApiToken = Static<typeof TokenWithSecret>;
export type ProjectSettings = Static<typeof ProjectSettingsSchema>;

export type DeploymentCommitsPage = Static<typeof DeploymentCommitsPageSchema>;

/**
 * The reports layer writes its answers' types itself (it imports nothing from http); they must be the schemas': each
 * assignable to the other, or this does not compile.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type ReportViewsMatchSchemas = Holds<Same<Deployment, DeploymentView>> &
  Holds<Same<DeploymentCommitsPage, ReportsCommitsPage>>;

// The page's drill-down (issue 20): the rows behind each figure, and what a deployment page reads.
export type DeploymentCommit = DeploymentCommitsPage['commits'][number];
export type RecoveryStreaks = Static<typeof import('./schemas-drill-down.js').RecoveryStreaks>;
export type RecoveryStreak = RecoveryStreaks['streaks'][number];
export type BroughtPullRequest = Static<typeof import('./schemas-drill-down.js').BroughtPullRequest>;
export type DeploymentDeliveries = Static<typeof import('./schemas-drill-down.js').DeploymentDeliveries>;
/** A delivery that carried a deployment: the log's row, with its webhook and delivery key. */
export type DeploymentDelivery = DeploymentDeliveries['deliveries'][number];
export type ReworkRate = Metrics['reworkRate'];
export type TimeToRestoreService = Metrics['timeToRestoreService'];
export type Incident = Static<typeof IncidentSchema>;
/** Who the credential is (`GET /api/me`): its role and the projects it is limited to (null: all). */
export type Me = Static<typeof MeSchema>;
export type Role = Static<typeof RoleName>;
/** CONTRACT.md version 2, "Across projects". */
export type Team = Static<typeof TeamSchema>;
export type Overview = Static<typeof OverviewSchema>;
export type TeamMetrics = Static<typeof TeamMetricsSchema>;
