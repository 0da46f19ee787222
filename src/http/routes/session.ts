import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { HttpError } from '../../errors.js';
import { createFailureLimiter } from '../../ingest/failure-limiter.js';
import { createSession, deleteSession, sessionExpiresAt } from '../../manage/sessions.js';
import { authenticateToken } from '../../manage/tokens.js';
import type { AppDeps } from '../deps.js';
import { SESSION_COOKIE } from '../plugins/api-auth.js';
import { ErrorResponse, SessionAnswer } from '../schemas.js';

/** The session cookie's attributes (CONTRACT.md): also set by the OpenID Connect callback. */
export function cookieOptions(deps: AppDeps) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: '/',
    secure: deps.config.publicUrl.startsWith('https://'),
  };
}

/** Failed sign-ins allowed per client address and minute; past them, sign-in answers 429 without checking. */
export const FAILED_SIGN_INS_PER_MINUTE = 10;

/**
 * POST /api/session: the one management route that takes no credential (it checks the token it is given).
 * Failed sign-ins are counted per client address (`request.ip`, so behind a proxy SHIPWATCH_TRUST_PROXY decides
 * what the address is); past the limit, every sign-in from that address is answered 429 before the token is
 * checked, or the answers would still tell a right guess from a wrong one.
 */
export const publicSessionRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const limiter = createFailureLimiter({ max: FAILED_SIGN_INS_PER_MINUTE, windowMs: 60_000 });
  app.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in with an API token; sets the shipwatch_session cookie',
        body: Type.Object({ token: Type.String({ minLength: 1 }) }),
        response: { 200: SessionAnswer, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const now = deps.now();
      const waitSeconds = limiter.blockedFor(request.ip, now);
      if (waitSeconds !== null) {
        throw new HttpError(
          'too_many_failures',
          `Too many failed sign-ins from this address; try again in ${waitSeconds} s.`,
          { 'retry-after': String(waitSeconds) },
        );
      }
      if (!deps.config.tokenSignIn) {
        throw new HttpError('forbidden', 'Signing in with a token is turned off here (SHIPWATCH_TOKEN_SIGN_IN=off).');
      }
      const credential = await authenticateToken(deps.database.db, request.body.token, {
        adminToken: deps.config.adminToken,
        now,
      });
      if (credential?.tokenId === null || credential?.tokenId === undefined) {
        limiter.fail(request.ip, now);
        throw new HttpError('unauthorized', 'That token is wrong or was revoked.');
      }
      const sessionId = await createSession(deps.database.db, { tokenId: credential.tokenId }, now);
      reply.setCookie(SESSION_COOKIE, sessionId, cookieOptions(deps));
      return { expiresAt: sessionExpiresAt(now, deps.config.sessionIdleSeconds) };
    },
  );
  app.get(
    '/auth/methods',
    {
      schema: {
        tags: ['session'],
        summary: 'How the page may sign in: with a token, with OpenID Connect (its issuer and the login URL)',
        response: {
          200: Type.Object({
            token: Type.Boolean(),
            oidc: Type.Union([Type.Null(), Type.Object({ issuer: Type.String(), loginUrl: Type.String() })]),
          }),
        },
      },
    },
    async () => ({
      token: deps.config.tokenSignIn,
      oidc: deps.config.oidc === null ? null : { issuer: deps.config.oidc.issuer, loginUrl: '/auth/oidc/login' },
    }),
  );
};

export const sessionRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.delete(
    '/session',
    {
      config: { role: 'viewer' },
      schema: { tags: ['session'], summary: 'Sign out: ends the session and clears the cookie' },
    },
    async (request, reply) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      if (sessionId !== undefined) await deleteSession(deps.database.db, sessionId);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(deps));
      return reply.status(204).send();
    },
  );
};
