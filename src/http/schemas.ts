import { type TSchema, Type } from '@sinclair/typebox';
import { type DeploymentStatus, FAILURE_CAUSE_KINDS, PROVIDER_IDS, type ReworkKind } from '../domain/index.js';
import { SERIES_INTERVALS } from '../metrics/buckets-for.js';

/** Schemas at the HTTP boundary: they validate requests and document the API (GET /api/openapi.json). */

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Time = Type.String({ format: 'date-time', description: 'ISO 8601 in UTC with Z' });
/**
 * A string out of `values`: `{ type: 'string', enum }` in JSON Schema, so the answer is written as a plain string
 * (fast-json-stringify ignores the enum), and typed as the union of the values.
 */
export const StringEnum = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

export const ErrorResponse = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String() }) },
  { $id: 'Error', description: 'Every error: a machine code and a sentence a person can act on' },
);

export const Limit = Type.Optional(
  Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'page size (default 50, at most 500)' }),
);
export const Before = Type.Optional(Type.String({ minLength: 1, description: 'the nextCursor of the previous page' }));

export const Project = Type.Object({
  id: Type.String(),
  name: Type.String(),
  timeZone: Type.String(),
  createdAt: Time,
  demo: Type.Boolean(),
});

export const Webhook = Type.Object({
  id: Type.String(),
  projectId: Type.String(),
  provider: Type.String(),
  name: Type.String(),
  url: Type.String(),
  createdAt: Time,
  revokedAt: Nullable(Time),
  lastDeliveryAt: Nullable(Time),
  lastDeliveryOutcome: Nullable(Type.String()),
  verifiedAt: Nullable(Time),
  previousSecretExpiresAt: Nullable(Time),
});

export const WebhookWithSecret = Type.Composite([Webhook, Type.Object({ secret: Type.String() })]);

export const RotatedSecret = Type.Object({ secret: Type.String(), previousSecretExpiresAt: Nullable(Time) });

export const RevokeResult = Type.Object({
  id: Type.String(),
  revokedAt: Time,
  deleted: Type.Object({
    deployments: Type.Integer(),
    statusEvents: Type.Integer(),
    pushes: Type.Integer(),
    commits: Type.Integer(),
    deliveries: Type.Integer(),
    incidents: Type.Integer(),
    pullRequests: Type.Integer(),
  }),
});

export const RoleName = Type.Union([Type.Literal('admin'), Type.Literal('maintainer'), Type.Literal('viewer')]);

export const Token = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Time,
  lastUsedAt: Nullable(Time),
  role: RoleName,
  projectIds: Nullable(Type.Array(Type.String())),
});

export const TokenWithSecret = Type.Composite([Token, Type.Object({ token: Type.String() })]);

export const SessionAnswer = Type.Object({ expiresAt: Time });

export const Me = Type.Object({ role: RoleName, name: Type.String(), projectIds: Nullable(Type.Array(Type.String())) });

export const User = Type.Object({
  id: Type.String(),
  issuer: Type.String(),
  subject: Type.String(),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  role: RoleName,
  createdAt: Time,
  lastSignInAt: Time,
  disabled: Type.Boolean(),
});

export const Delivery = Type.Object({
  id: Type.String(),
  receivedAt: Time,
  event: Nullable(Type.String()),
  outcome: Type.String(),
  httpStatus: Type.Integer(),
  reason: Nullable(Type.String()),
});

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Time,
  actor: Type.String(),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.String(),
});

export const Name = Type.String({ description: '1 to 100 characters after trimming, no control characters' });

export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
};

export const Level = Nullable(
  Type.Union([Type.Literal('elite'), Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')]),
);

export const Environment = Type.Object({
  name: Type.String(),
  production: Type.Boolean(),
  deployments: Type.Integer(),
  lastDeploymentAt: Nullable(Time),
});

const DEPLOYMENT_STATUSES: readonly DeploymentStatus[] = ['success', 'failure', 'canceled', 'in_progress', 'pending'];
const REWORK_KINDS: readonly ReworkKind[] = ['rollback', 'revert', 'hotfix', 'manual'];

export const Deployment = Type.Object({
  id: Type.String(),
  webhookId: Nullable(Type.String()),
  provider: StringEnum(PROVIDER_IDS),
  repository: Nullable(Type.String()),
  environment: Type.String(),
  production: Type.Boolean(),
  status: StringEnum(DEPLOYMENT_STATUSES),
  sha: Nullable(Type.String()),
  ref: Nullable(Type.String()),
  startedAt: Nullable(Time),
  finishedAt: Nullable(Time),
  url: Nullable(Type.String()),
  commitUrl: Nullable(Type.String()),
  changeFailure: Nullable(Type.Boolean()),
  commits: Nullable(Type.Integer()),
  commitsComplete: Type.Boolean(),
  leadTimeSeconds: Nullable(Type.Number()),
  failedChange: Nullable(Type.Boolean()),
  failureCauses: Type.Array(
    Type.Object({ kind: StringEnum(FAILURE_CAUSE_KINDS), by: Nullable(Type.String()), detail: Type.String() }),
  ),
  rework: Nullable(Type.Object({ kind: StringEnum(REWORK_KINDS), of: Nullable(Type.String()) })),
  reworkOverride: Nullable(Type.Boolean()),
});

/** One commit a deployment brought (`GET /api/deployments/:deploymentId/commits`, CONTRACT.md version 2). */
export const DeploymentCommit = Type.Object({
  sha: Type.String(),
  timestamp: Time,
  message: Nullable(Type.String()),
  author: Type.Object({ name: Nullable(Type.String()), email: Nullable(Type.String()) }),
  leadTimeSeconds: Type.Number(),
  excluded: Nullable(Type.Literal('author')),
  pullRequest: Nullable(Type.Object({ number: Type.Integer(), title: Type.String(), url: Nullable(Type.String()) })),
});

export const DeploymentCommitsPage = Type.Object({
  commits: Type.Array(DeploymentCommit),
  nextCursor: Nullable(Type.String()),
});

export const MetricFigures = {
  deploymentFrequency: Type.Object({
    deployments: Type.Integer(),
    deploymentDays: Type.Integer(),
    perDay: Type.Number(),
    level: Level,
  }),
  leadTimeForChanges: Type.Object({
    medianSeconds: Nullable(Type.Number()),
    commits: Type.Integer(),
    deploymentsWithCommits: Type.Integer(),
    level: Level,
    excludedCommits: Type.Integer(),
    pullRequests: Type.Integer(),
    stages: Type.Object({
      codingSeconds: Nullable(Type.Number()),
      reviewSeconds: Nullable(Type.Number()),
      deploySeconds: Nullable(Type.Number()),
    }),
  }),
  changeFailureRate: Type.Object({
    failedDeployments: Type.Integer(),
    deployments: Type.Integer(),
    rate: Nullable(Type.Number()),
    level: Level,
    causes: Type.Object({
      failed_status: Type.Integer(),
      rollback: Type.Integer(),
      revert: Type.Integer(),
      hotfix: Type.Integer(),
      incident: Type.Integer(),
      manual: Type.Integer(),
    }),
  }),
  failedDeploymentRecoveryTime: Type.Object({
    medianSeconds: Nullable(Type.Number()),
    failures: Type.Integer(),
    recovered: Type.Integer(),
    level: Level,
  }),
  timeToRestoreService: Type.Object({
    medianSeconds: Nullable(Type.Number()),
    incidents: Type.Integer(),
    resolved: Type.Integer(),
  }),
  reworkRate: Type.Object({
    reworkDeployments: Type.Integer(),
    deployments: Type.Integer(),
    rate: Nullable(Type.Number()),
    byKind: Type.Object({
      rollback: Type.Integer(),
      revert: Type.Integer(),
      hotfix: Type.Integer(),
      manual: Type.Integer(),
    }),
  }),
};

export const Metrics = Type.Object({ from: Time, to: Time, ...MetricFigures });

export const MetricSeries = Type.Object({
  from: Time,
  to: Time,
  interval: StringEnum(SERIES_INTERVALS),
  points: Type.Array(Type.Composite([Type.Object({ from: Time, to: Time }), Metrics])),
});

const TextList = Type.Array(Type.String());

/** CONTRACT.md version 2, "Project settings": every key optional in a PUT (a missing one takes its default). */
export const ProjectSettings = Type.Object({
  leadTimeExcludedAuthors: TextList,
  failureDetection: Type.Object({
    rollback: Type.Boolean(),
    revert: Type.Boolean(),
    hotfixKeywords: TextList,
    incidents: Type.Boolean(),
  }),
  incidentLabels: TextList,
  incidentWindowHours: Type.Integer(),
  pagerdutyServices: Type.Record(Type.String(), Type.String()),
});

/** CONTRACT.md version 2, "Incidents". */
export const Incident = Type.Object({
  id: Type.String(),
  webhookId: Type.String(),
  provider: Type.String({ description: 'the provider of the webhook that delivered it' }),
  title: Nullable(Type.String()),
  url: Nullable(Type.String()),
  status: StringEnum(['open', 'resolved'] as const),
  startedAt: Time,
  resolvedAt: Nullable(Time),
  repository: Nullable(Type.String()),
  deploymentId: Nullable(Type.String()),
  attribution: Nullable(StringEnum(['manual', 'sha', 'window'] as const)),
});
