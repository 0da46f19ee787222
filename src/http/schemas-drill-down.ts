import { Type } from '@sinclair/typebox';
import { Delivery, Nullable, Time } from './schemas.js';

/** The rows behind figures that no other list gives (the page's drill-down, issue 20); kept apart from schemas.ts. */

/** `GET /api/projects/:projectId/metrics/streaks`: the failure streaks that start in the window, oldest first. */
export const RecoveryStreaks = Type.Object({
  from: Time,
  to: Time,
  streaks: Type.Array(
    Type.Object({
      repository: Nullable(Type.String()),
      environment: Type.String(),
      startedAt: Time,
      failureIds: Type.Array(Type.String()),
      recoveryId: Nullable(Type.String()),
      recoveredAt: Nullable(Time),
      recoverySeconds: Nullable(Type.Number()),
    }),
  ),
});

/** A merged pull request a deployment brought, with its own stages. */
export const BroughtPullRequest = Type.Object({
  repository: Type.String(),
  number: Type.Integer(),
  title: Type.String(),
  url: Nullable(Type.String()),
  openedAt: Nullable(Time),
  mergedAt: Time,
  deploymentId: Type.String(),
  deployedAt: Time,
  codingSeconds: Nullable(Type.Number()),
  reviewSeconds: Nullable(Type.Number()),
  deploySeconds: Type.Number(),
});

export const BroughtPullRequests = Type.Object({ pullRequests: Type.Array(BroughtPullRequest) });

/** `GET /api/projects/:projectId/metrics/pull-requests`: those the window's deployments brought. */
export const WindowPullRequests = Type.Object({ from: Time, to: Time, pullRequests: Type.Array(BroughtPullRequest) });

/**
 * `GET /api/deployments/:deploymentId/deliveries`: the deliveries that carried a deployment, newest first, each with
 * its webhook (for the link into that webhook's delivery log) and the provider's delivery key.
 */
export const DeploymentDeliveries = Type.Object({
  deliveries: Type.Array(
    Type.Composite([
      Delivery,
      Type.Object({
        webhookId: Type.String(),
        deliveryKey: Nullable(Type.String({ description: "the provider's delivery id, as the receiver keyed it" })),
      }),
    ]),
  ),
  nextCursor: Nullable(Type.String()),
});
