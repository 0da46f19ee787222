import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createToken, listTokens, revokeToken } from '../../manage/tokens.js';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/api-auth.js';
import { errorResponses, Name, Token, TokenWithSecret } from '../schemas.js';

export const tokenRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'List API tokens',
        response: { 200: Type.Object({ tokens: Type.Array(Token) }) },
      },
    },
    async () => ({ tokens: await listTokens(deps.database.db) }),
  );
  app.post(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Make an API token (shown once)',
        body: Type.Object({ name: Name }),
        response: { 201: TokenWithSecret, ...errorResponses },
      },
    },
    async (request, reply) => {
      const made = await createToken(deps.database.db, {
        name: request.body.name,
        actor: actorOf(request),
        now: deps.now(),
      });
      return reply.status(201).send(made);
    },
  );
  app.delete(
    '/tokens/:tokenId',
    {
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
