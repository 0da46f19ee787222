import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { linkIncident } from '../../manage/link-incident.js';
import { listIncidents } from '../../reports/incidents.js';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/api-auth.js';
import { Before, ErrorResponse, errorResponses, Incident, Limit, Nullable } from '../schemas.js';

const TimeQuery = Type.String({
  description:
    'RFC 3339 with Z or an offset, or YYYY-MM-DD (first instant of that day in the project time zone); on the start',
});

/** `GET /api/projects/:projectId/incidents` and `PATCH /api/incidents/:incidentId` (CONTRACT.md, "Incidents"). */
export const incidentRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const db = deps.database.db;
  app.get(
    '/projects/:projectId/incidents',
    {
      schema: {
        tags: ['incidents'],
        summary: "A project's incidents, newest first by start, each with the deployment it is put down to",
        params: Type.Object({ projectId: Type.String() }),
        querystring: Type.Object({
          from: Type.Optional(TimeQuery),
          to: Type.Optional(TimeQuery),
          repository: Type.Optional(Type.String()),
          limit: Limit,
          before: Before,
        }),
        response: {
          200: Type.Object({ incidents: Type.Array(Incident), nextCursor: Nullable(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      listIncidents(db, request.params.projectId, { ...request.query, limit: request.query.limit ?? 50 }),
  );
  app.patch(
    '/incidents/:incidentId',
    {
      schema: {
        tags: ['incidents'],
        summary:
          'Link an incident to a successful production deployment, to none (null), or back to automatic ("auto")',
        params: Type.Object({ incidentId: Type.String() }),
        body: Type.Object({ deploymentId: Nullable(Type.String({ minLength: 1 })) }),
        response: { 200: Incident, ...errorResponses, 409: ErrorResponse },
      },
    },
    async (request) =>
      linkIncident(db, {
        id: request.params.incidentId,
        deploymentId: request.body.deploymentId,
        actor: actorOf(request),
        now: deps.now(),
      }),
  );
};
