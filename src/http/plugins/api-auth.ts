import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../errors.js';
import { authenticateSession } from '../../manage/sessions.js';
import { authenticateToken } from '../../manage/tokens.js';
import type { AppDeps } from '../deps.js';
import { checkWriteOrigin } from '../origin-check.js';

export const SESSION_COOKIE = 'shipwatch_session';

/**
 * The management API's credential check, installed as a hook on the authenticated plugin context only:
 * a bearer token, or the session cookie; cookie-authenticated writes must carry the public URL's Origin.
 */
export function installApiAuth(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('credential', null);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const now = deps.now();
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const credential =
        match?.[1] === undefined
          ? null
          : await authenticateToken(deps.database.db, match[1], { adminToken: deps.config.adminToken, now });
      if (credential === null) throw new HttpError('unauthorized', 'The bearer token is wrong, expired or revoked.');
      request.credential = credential;
      return;
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId === undefined || sessionId === '') {
      throw new HttpError(
        'unauthorized',
        'Sign in first: send Authorization: Bearer <token>, or use the session cookie from POST /api/session.',
      );
    }
    const credential = await authenticateSession(deps.database.db, sessionId, {
      idleSeconds: deps.config.sessionIdleSeconds,
      now,
      adminTokenSet: deps.config.adminToken !== null,
    });
    if (credential === null)
      throw new HttpError('unauthorized', 'The session has expired or was ended; sign in again.');
    checkWriteOrigin(request, deps.config);
    request.credential = credential;
  });
}

/** The credential of an authenticated request (the hook guarantees one). */
export function actorOf(request: FastifyRequest): string {
  if (request.credential === null) throw new HttpError('unauthorized', 'Sign in first.');
  return request.credential.actor;
}
