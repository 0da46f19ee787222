import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { getProjectSettings, putProjectSettings } from '../../manage/settings.js';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/api-auth.js';
import { errorResponses, ProjectSettings } from '../schemas.js';

const ProjectParams = Type.Object({ projectId: Type.String() });

/** `GET` and `PUT /api/projects/:projectId/settings` (CONTRACT.md version 2, "Project settings"). */
export const settingsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const db = deps.database.db;
  app.get(
    '/projects/:projectId/settings',
    {
      schema: {
        tags: ['projects'],
        summary: "A project's settings (the defaults until a PUT)",
        params: ProjectParams,
        response: { 200: ProjectSettings, ...errorResponses },
      },
    },
    async (request) => getProjectSettings(db, request.params.projectId),
  );
  app.put(
    '/projects/:projectId/settings',
    {
      schema: {
        tags: ['projects'],
        summary: "Replace a project's settings whole; they apply to all history at once",
        description: 'A missing key takes its default; unknown keys are ignored; a bad field is a 400 naming it.',
        params: ProjectParams,
        body: Type.Unknown({ description: 'the settings object (see the GET answer)' }),
        response: { 200: ProjectSettings, ...errorResponses },
      },
    },
    async (request) =>
      putProjectSettings(db, {
        projectId: request.params.projectId,
        body: request.body,
        actor: actorOf(request),
        now: deps.now(),
      }),
  );
};
