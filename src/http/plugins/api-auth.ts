import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, notFound } from '../../errors.js';
import { type Access, canSeeProject, PROJECT_OF_PARAM, type Role, roleAllows } from '../../manage/access.js';
import { authenticateSession } from '../../manage/sessions.js';
import { authenticateToken, type Credential } from '../../manage/tokens.js';
import type { AppDeps } from '../deps.js';
import { checkWriteOrigin } from '../origin-check.js';

export const SESSION_COOKIE = 'shipwatch_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The role a route needs (CONTRACT.md version 2, "People, roles and sign-in"). Left out, it is the safe
     * default by method: viewer for GET and HEAD, maintainer for any write. Routes that need admin, and the
     * exceptions (a webhook's secret is maintainer though it is a GET), say so with `config: { role }`.
     */
    role?: Role;
  }
}

/** The role a route needs: its own `config.role`, else viewer to read and maintainer to write. */
export function requiredRole(method: string, configured: Role | undefined): Role {
  if (configured !== undefined) return configured;
  return method === 'GET' || method === 'HEAD' ? 'viewer' : 'maintainer';
}

const ROLE_WORDS: Record<Role, string> = {
  viewer: 'viewer',
  maintainer: 'maintainer or admin',
  admin: 'admin',
};

/**
 * The management API's credential check, installed as a hook on the authenticated plugin context only:
 * a bearer token, or the session cookie; cookie-authenticated writes must carry the public URL's Origin.
 * Then the route's role (403 `forbidden` naming it), then the project of every resource the path names
 * (`PROJECT_OF_PARAM`): 404 when the credential is limited to other projects.
 */
export function installApiAuth(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('credential', null);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const credential = await credentialOf(request, deps);
    request.credential = credential;
    const needed = requiredRole(request.method, request.routeOptions.config.role);
    if (!roleAllows(credential.role, needed)) {
      throw new HttpError(
        'forbidden',
        `This needs the ${ROLE_WORDS[needed]} role; this credential is ${credential.role}.`,
      );
    }
    if (credential.projectIds === null) return;
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    for (const [param, projectOf] of Object.entries(PROJECT_OF_PARAM)) {
      const id = params[param];
      if (id === undefined) continue;
      const projectId = await projectOf(deps.database.db, id);
      if (projectId === null || projectId === undefined || !canSeeProject(credential, projectId)) {
        throw notFound(`${nameOfParam(param)} ${id} does not exist.`);
      }
    }
  });
}

const nameOfParam = (param: string) => {
  const word = param.replace(/Id$/, '');
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
};

async function credentialOf(request: FastifyRequest, deps: AppDeps): Promise<Credential> {
  const now = deps.now();
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const credential =
      match?.[1] === undefined
        ? null
        : await authenticateToken(deps.database.db, match[1], { adminToken: deps.config.adminToken, now });
    if (credential === null) throw new HttpError('unauthorized', 'The bearer token is wrong, expired or revoked.');
    return credential;
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
  if (credential === null) throw new HttpError('unauthorized', 'The session has expired or was ended; sign in again.');
  checkWriteOrigin(request, deps.config);
  return credential;
}

/** The credential of an authenticated request (the hook guarantees one). */
export function credentialOfRequest(request: FastifyRequest): Credential {
  if (request.credential === null) throw new HttpError('unauthorized', 'Sign in first.');
  return request.credential;
}

export function actorOf(request: FastifyRequest): string {
  return credentialOfRequest(request).actor;
}

/**
 * The projects a request may see: null for every project, else the list its token is limited to. Every route
 * that lists or pools several projects (project list, overviews, `/api/metrics`, `/metrics`, teams) filters
 * with this, or with `canSeeProject`; routes naming one resource in their path are checked by the hook.
 */
export function visibleProjectIds(request: FastifyRequest): readonly string[] | null {
  return credentialOfRequest(request).projectIds;
}

/** The access of a request (role and projects), for use-case functions that take an `Access`. */
export function accessOf(request: FastifyRequest): Access {
  return credentialOfRequest(request);
}

/** 404 unless the request may see the project (for a project named in a body or query, not the path). */
export function assertProjectVisible(request: FastifyRequest, projectId: string): void {
  if (!canSeeProject(credentialOfRequest(request), projectId)) throw notFound(`Project ${projectId} does not exist.`);
}

/** The items of a list whose `id` is a project the request may see (the project list, overviews). */
export function visibleOf<T extends { readonly id: string }>(access: Access, items: readonly T[]): T[] {
  return items.filter((item) => canSeeProject(access, item.id));
}
