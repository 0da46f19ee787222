import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../deps.js';
import { credentialOfRequest } from '../plugins/api-auth.js';
import { Me } from '../schemas.js';

/** GET /api/me: who the credential is, for any role (the page decides what to show from it). */
export const meRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app) => {
  app.get(
    '/me',
    {
      schema: {
        tags: ['session'],
        summary: "The credential's role, name and projects (null: every project)",
        response: { 200: Me },
      },
    },
    async (request) => {
      const credential = credentialOfRequest(request);
      const projectIds = credential.projectIds === null ? null : [...credential.projectIds];
      return { role: credential.role, name: credential.name, projectIds };
    },
  );
};
