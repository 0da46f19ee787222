import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { HttpError } from '../../errors.js';
import { createSession, deleteSession, sessionExpiresAt } from '../../manage/sessions.js';
import { authenticateToken } from '../../manage/tokens.js';
import type { AppDeps } from '../deps.js';
import { SESSION_COOKIE } from '../plugins/api-auth.js';
import { ErrorResponse, SessionAnswer } from '../schemas.js';

function cookieOptions(deps: AppDeps) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: '/',
    secure: deps.config.publicUrl.startsWith('https://'),
  };
}

/** POST /api/session: the one management route that takes no credential (it checks the token it is given). */
export const publicSessionRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in with an API token; sets the shipwatch_session cookie',
        body: Type.Object({ token: Type.String({ minLength: 1 }) }),
        response: { 200: SessionAnswer, 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      const now = deps.now();
      const credential = await authenticateToken(deps.database.db, request.body.token, {
        adminToken: deps.config.adminToken,
        now,
      });
      if (credential === null) throw new HttpError('unauthorized', 'That token is wrong or was revoked.');
      const sessionId = await createSession(deps.database.db, credential.tokenId, now);
      reply.setCookie(SESSION_COOKIE, sessionId, cookieOptions(deps));
      return { expiresAt: sessionExpiresAt(now, deps.config.sessionIdleSeconds) };
    },
  );
};

export const sessionRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.delete(
    '/session',
    { schema: { tags: ['session'], summary: 'Sign out: ends the session and clears the cookie' } },
    async (request, reply) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      if (sessionId !== undefined) await deleteSession(deps.database.db, sessionId);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(deps));
      return reply.status(204).send();
    },
  );
};
