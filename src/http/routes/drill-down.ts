import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { listDeploymentDeliveries } from '../../manage/deliveries.js';
import { listDeploymentPullRequests, listWindowPullRequests } from '../../reports/brought-pull-requests.js';
import { listRecoveryStreaks } from '../../reports/recovery-streaks.js';
import type { AppDeps } from '../deps.js';
import { Before, errorResponses, Limit } from '../schemas.js';
import {
  BroughtPullRequests,
  DeploymentDeliveries,
  RecoveryStreaks,
  WindowPullRequests,
} from '../schemas-drill-down.js';

const WindowQuery = Type.Object({
  from: Type.Optional(
    Type.String({
      description: 'RFC 3339 with Z or an offset, or YYYY-MM-DD (first instant of that day in the project time zone)',
    }),
  ),
  to: Type.Optional(Type.String({ description: 'as from; exclusive' })),
  repository: Type.Optional(Type.String()),
});

/** The rows behind the figures that no other list gives (issue 20, the page's drill-down): thin reads. */
export const drillDownRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const db = deps.database.db;
  app.get(
    '/projects/:projectId/metrics/streaks',
    {
      schema: {
        tags: ['metrics'],
        summary: 'The failure streaks behind failed deployment recovery time: those that start in the window',
        params: Type.Object({ projectId: Type.String() }),
        querystring: WindowQuery,
        response: { 200: RecoveryStreaks, ...errorResponses },
      },
    },
    async (request) => listRecoveryStreaks(db, request.params.projectId, request.query, deps.now()),
  );
  app.get(
    '/projects/:projectId/metrics/pull-requests',
    {
      schema: {
        tags: ['metrics'],
        summary: "The merged pull requests the window's deployments brought, each with its stages",
        params: Type.Object({ projectId: Type.String() }),
        querystring: WindowQuery,
        response: { 200: WindowPullRequests, ...errorResponses },
      },
    },
    async (request) => listWindowPullRequests(db, request.params.projectId, request.query, deps.now()),
  );
  app.get(
    '/deployments/:deploymentId/pull-requests',
    {
      schema: {
        tags: ['deployments'],
        summary: 'The merged pull requests a deployment brought, each with its stages',
        params: Type.Object({ deploymentId: Type.String() }),
        response: { 200: BroughtPullRequests, ...errorResponses },
      },
    },
    async (request) => listDeploymentPullRequests(db, request.params.deploymentId),
  );
  app.get(
    '/deployments/:deploymentId/deliveries',
    {
      schema: {
        tags: ['deployments'],
        summary:
          'The deliveries that carried a deployment (its creation, each status event), newest first, through any live webhook',
        params: Type.Object({ deploymentId: Type.String() }),
        querystring: Type.Object({ limit: Limit, before: Before }),
        response: { 200: DeploymentDeliveries, ...errorResponses },
      },
    },
    async (request) =>
      listDeploymentDeliveries(db, {
        deploymentId: request.params.deploymentId,
        limit: request.query.limit ?? 50,
        before: request.query.before,
      }),
  );
};
