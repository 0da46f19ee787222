import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { listDeploymentCommits } from '../../reports/deployment-commits.js';
import { getDeployment, listDeployments } from '../../reports/deployments.js';
import { listEnvironments, setProduction } from '../../reports/environments.js';
import { markDeployment } from '../../reports/mark-deployment.js';
import { getMetrics, getSeries } from '../../reports/metrics.js';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/api-auth.js';
import {
  Before,
  Deployment,
  DeploymentCommitsPage,
  Environment,
  ErrorResponse,
  errorResponses,
  Limit,
  MetricSeries,
  Metrics,
  Nullable,
} from '../schemas.js';

const ProjectParams = Type.Object({ projectId: Type.String() });
const TimeQuery = Type.String({
  description: 'RFC 3339 with Z or an offset, or YYYY-MM-DD (first instant of that day in the project time zone)',
});

/** Environments, deployments and metrics (CONTRACT.md, "Deployments and environments" and "Metrics"). */
export const reportRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const db = deps.database.db;

  app.get(
    '/projects/:projectId/environments',
    {
      schema: {
        tags: ['environments'],
        summary: 'Every environment with its production mark, deployment count and last deployment',
        params: ProjectParams,
        response: { 200: Type.Object({ environments: Type.Array(Environment) }), ...errorResponses },
      },
    },
    async (request) => ({ environments: await listEnvironments(db, request.params.projectId) }),
  );
  app.put(
    '/projects/:projectId/environments/:name',
    {
      schema: {
        tags: ['environments'],
        summary: 'Mark an environment production or not (creates it if not seen yet); the figures follow at once',
        params: Type.Object({
          projectId: Type.String(),
          name: Type.String({ description: 'percent-encoded environment name' }),
        }),
        body: Type.Object({ production: Type.Boolean() }),
        response: { 200: Environment, ...errorResponses },
      },
    },
    async (request) =>
      setProduction(db, {
        projectId: request.params.projectId,
        name: request.params.name,
        production: request.body.production,
        now: deps.now(),
      }),
  );
  app.get(
    '/projects/:projectId/deployments',
    {
      schema: {
        tags: ['deployments'],
        summary: 'Deployments, newest first by finishedAt (unfinished ones by start)',
        params: ProjectParams,
        querystring: Type.Object({
          from: Type.Optional(TimeQuery),
          to: Type.Optional(TimeQuery),
          environment: Type.Optional(Type.String()),
          repository: Type.Optional(Type.String()),
          production: Type.Optional(Type.Boolean()),
          limit: Limit,
          before: Before,
        }),
        response: {
          200: Type.Object({ deployments: Type.Array(Deployment), nextCursor: Nullable(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      listDeployments(db, request.params.projectId, { ...request.query, limit: request.query.limit ?? 50 }),
  );
  app.get(
    '/deployments/:deploymentId',
    {
      schema: {
        tags: ['deployments'],
        summary: 'One deployment',
        params: Type.Object({ deploymentId: Type.String() }),
        response: { 200: Deployment, ...errorResponses },
      },
    },
    async (request) => getDeployment(db, request.params.deploymentId),
  );
  app.get(
    '/deployments/:deploymentId/commits',
    {
      schema: {
        tags: ['deployments'],
        summary: 'What a deployment brought, oldest first: message, author, lead time, exclusion, pull request',
        params: Type.Object({ deploymentId: Type.String() }),
        querystring: Type.Object({
          limit: Limit,
          after: Type.Optional(Type.String({ minLength: 1, description: 'the nextCursor of the previous page' })),
        }),
        response: { 200: DeploymentCommitsPage, ...errorResponses },
      },
    },
    async (request) =>
      listDeploymentCommits(db, request.params.deploymentId, {
        limit: request.query.limit ?? 50,
        after: request.query.after,
      }),
  );
  app.patch(
    '/deployments/:deploymentId',
    {
      schema: {
        tags: ['deployments'],
        summary:
          'A person’s judgement: changeFailure (a successful deployment a failed change, a failed one not, null: automatic) and rework (a successful deployment rework or not, null: automatic)',
        params: Type.Object({ deploymentId: Type.String() }),
        body: Type.Object({
          changeFailure: Type.Optional(Nullable(Type.Boolean())),
          rework: Type.Optional(Nullable(Type.Boolean())),
        }),
        response: { 200: Deployment, ...errorResponses, 409: ErrorResponse },
      },
    },
    async (request) =>
      markDeployment(db, {
        id: request.params.deploymentId,
        marks: request.body,
        actor: actorOf(request),
        now: deps.now(),
      }),
  );
  app.get(
    '/projects/:projectId/metrics',
    {
      schema: {
        tags: ['metrics'],
        summary: 'The four DORA keys over a window (default: the last 30 calendar days)',
        params: ProjectParams,
        querystring: Type.Object({
          from: Type.Optional(TimeQuery),
          to: Type.Optional(TimeQuery),
          repository: Type.Optional(Type.String()),
        }),
        response: { 200: Metrics, ...errorResponses },
      },
    },
    async (request) => getMetrics(db, request.params.projectId, request.query, deps.now()),
  );
  app.get(
    '/projects/:projectId/metrics/series',
    {
      schema: {
        tags: ['metrics'],
        summary: 'The four keys per day, ISO week or month, for charts',
        params: ProjectParams,
        querystring: Type.Object({
          from: Type.Optional(TimeQuery),
          to: Type.Optional(TimeQuery),
          repository: Type.Optional(Type.String()),
          interval: Type.Optional(
            Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { default: 'week' }),
          ),
        }),
        response: {
          200: MetricSeries,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      // The client gone before the answer is written: the series stops (src/reports/metrics.ts).
      const gone = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableFinished) gone.abort(new Error('the client closed the connection'));
      };
      reply.raw.once('close', onClose);
      try {
        return await getSeries(
          db,
          request.params.projectId,
          { ...request.query, interval: request.query.interval ?? 'week' },
          deps.now(),
          gone.signal,
        );
      } finally {
        reply.raw.off('close', onClose);
      }
    },
  );
};
