import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createTeam, deleteTeam, getTeamView, listTeams, updateTeam } from '../../manage/teams.js';
import { getOverview } from '../../reports/overview.js';
import { getTeamMetrics, getTeamSeries } from '../../reports/team-metrics.js';
import { Overview, Team, TeamMetrics } from '../across-schemas.js';
import type { AppDeps } from '../deps.js';
import { accessOf, actorOf } from '../plugins/api-auth.js';
import { errorResponses, MetricSeries, Name } from '../schemas.js';

const TeamParams = Type.Object({ teamId: Type.String() });
const TimeQuery = Type.String({
  description: 'RFC 3339 with Z or an offset, or YYYY-MM-DD (first instant of that day in the time zone that applies)',
});
const Window = Type.Object({ from: Type.Optional(TimeQuery), to: Type.Optional(TimeQuery) });
const ProjectIds = Type.Array(Type.String(), {
  description: 'project ids, the first one giving the default time zone',
});

/**
 * CONTRACT.md version 2, "Across projects": the overview of every visible project (`GET /api/metrics`), teams, and
 * a team's pooled figures. Writes need maintainer (the default for a write), reads any role; a project-limited
 * credential sees a team only when it may see all of the team's projects (src/manage/teams.ts).
 */
export const acrossRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const db = deps.database.db;

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['metrics'],
        summary: "Every visible project's figures over the window, dates read in each project's time zone",
        querystring: Window,
        response: { 200: Overview, ...errorResponses },
      },
    },
    async (request) => getOverview(db, accessOf(request), request.query, deps.now()),
  );
  app.post(
    '/teams',
    {
      schema: {
        tags: ['teams'],
        summary: 'Create a team of projects',
        body: Type.Object({ name: Name, projectIds: ProjectIds, timeZone: Type.Optional(Type.String()) }),
        response: { 201: Team, ...errorResponses },
      },
    },
    async (request, reply) => {
      const team = await createTeam(db, {
        ...request.body,
        access: accessOf(request),
        actor: actorOf(request),
        now: deps.now(),
      });
      return reply.status(201).send(team);
    },
  );
  app.get(
    '/teams',
    {
      schema: {
        tags: ['teams'],
        summary: 'List teams (those all of whose projects the credential sees)',
        response: { 200: Type.Object({ teams: Type.Array(Team) }) },
      },
    },
    async (request) => ({ teams: await listTeams(db, accessOf(request)) }),
  );
  app.get(
    '/teams/:teamId',
    {
      schema: { tags: ['teams'], summary: 'One team', params: TeamParams, response: { 200: Team, ...errorResponses } },
    },
    async (request) => getTeamView(db, accessOf(request), request.params.teamId),
  );
  app.patch(
    '/teams/:teamId',
    {
      schema: {
        tags: ['teams'],
        summary: 'Rename a team, replace its projects or change its time zone',
        params: TeamParams,
        body: Type.Object({
          name: Type.Optional(Name),
          projectIds: Type.Optional(ProjectIds),
          timeZone: Type.Optional(Type.String()),
        }),
        response: { 200: Team, ...errorResponses },
      },
    },
    async (request) =>
      updateTeam(db, {
        id: request.params.teamId,
        ...request.body,
        access: accessOf(request),
        actor: actorOf(request),
        now: deps.now(),
      }),
  );
  app.delete(
    '/teams/:teamId',
    { schema: { tags: ['teams'], summary: 'Delete a team (its projects stay)', params: TeamParams } },
    async (request, reply) => {
      await deleteTeam(db, {
        id: request.params.teamId,
        access: accessOf(request),
        actor: actorOf(request),
        now: deps.now(),
      });
      return reply.status(204).send();
    },
  );
  app.get(
    '/teams/:teamId/metrics',
    {
      schema: {
        tags: ['teams', 'metrics'],
        summary: "The figures pooled over the team's projects, in its time zone, each project's beside",
        params: TeamParams,
        querystring: Window,
        response: { 200: TeamMetrics, ...errorResponses },
      },
    },
    async (request) => getTeamMetrics(db, accessOf(request), request.params.teamId, request.query, deps.now()),
  );
  app.get(
    '/teams/:teamId/metrics/series',
    {
      schema: {
        tags: ['teams', 'metrics'],
        summary: 'The pooled figures per day, ISO week or month of the team’s time zone',
        params: TeamParams,
        querystring: Type.Object({
          ...Window.properties,
          interval: Type.Optional(
            Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { default: 'week' }),
          ),
        }),
        response: { 200: MetricSeries, ...errorResponses },
      },
    },
    async (request, reply) => {
      // The client gone before the answer is written: the series stops, as the project series does.
      const gone = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableFinished) gone.abort(new Error('the client closed the connection'));
      };
      reply.raw.once('close', onClose);
      try {
        return await getTeamSeries(
          db,
          accessOf(request),
          request.params.teamId,
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
