import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createToken, listTokens, revokeToken } from '../../manage/tokens.js';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/api-auth.js';
import { errorResponses, Name, RoleName, Token, TokenWithSecret } from '../schemas.js';

/** Tokens are admin business, all three routes (CONTRACT.md version 2's table). */
export const tokenRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '/tokens',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: 'List API tokens, with their role and projects',
        response: { 200: Type.Object({ tokens: Type.Array(Token) }) },
      },
    },
    async () => ({ tokens: await listTokens(deps.database.db) }),
  );
  app.post(
    '/tokens',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: 'Make an API token (shown once), of a role, optionally limited to projects',
        body: Type.Object({
          name: Name,
          role: Type.Optional(RoleName),
          projectIds: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 500 })),
        }),
        response: { 201: TokenWithSecret, ...errorResponses },
      },
    },
    async (request, reply) => {
      const made = await createToken(deps.database.db, {
        name: request.body.name,
        role: request.body.role,
        projectIds: request.body.projectIds,
        actor: actorOf(request),
        now: deps.now(),
      });
      return reply.status(201).send(made);
    },
  );
  app.delete(
    '/tokens/:tokenId',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token and end its sessions',
        params: Type.Object({ tokenId: Type.String() }),
      },
    },
    async (request, reply) => {
      await revokeToken(deps.database.db, { id: request.params.tokenId, actor: actorOf(request), now: deps.now() });
      return reply.status(204).send();
    },
  );
};
