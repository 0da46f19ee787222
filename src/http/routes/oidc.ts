import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import type { OidcConfig } from '../../config.js';
import { HttpError } from '../../errors.js';
import { OIDC_LOGIN_SECONDS, startOidcLogin, takeOidcLogin } from '../../manage/oidc-logins.js';
import { createSession } from '../../manage/sessions.js';
import { recordSignIn, roleFromGroups } from '../../manage/users.js';
import type { AppDeps } from '../deps.js';
import { SESSION_COOKIE } from '../plugins/api-auth.js';
import { cookieOptions } from './session.js';

export const OIDC_COOKIE = 'shipwatch_oidc';
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';

/** An issuer on this machine may be plain http (tests, a local Keycloak); any other must be https. */
const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

/**
 * Sign-in with OpenID Connect (CONTRACT.md version 2), with openid-client: the authorization code flow with
 * PKCE, state and nonce, the ID token's signature checked against the issuer's keys (non-repudiation checks on:
 * openid-client otherwise trusts the token endpoint's TLS), its issuer, audience, expiry and nonce by openid-client.
 * The provider's metadata is discovered from SHIPWATCH_OIDC_ISSUER at the first sign-in and kept.
 */
export const oidcRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const oidc = deps.config.oidc;
  if (oidc === null) return;
  const db = deps.database.db;
  const redirectUri = `${deps.config.publicUrl}${OIDC_CALLBACK_PATH}`;
  let discovered: Promise<client.Configuration> | null = null;
  const configuration = () => {
    discovered ??= discover(oidc).catch((error: unknown) => {
      discovered = null;
      throw error;
    });
    return discovered;
  };
  const loginCookie = {
    httpOnly: true,
    // Lax, not Strict: the callback is a navigation from the provider's site, and must carry it.
    sameSite: 'lax' as const,
    path: '/auth/oidc',
    maxAge: OIDC_LOGIN_SECONDS,
    secure: deps.config.publicUrl.startsWith('https://'),
  };

  app.get('/auth/oidc/login', { schema: { hide: true } }, async (_request, reply) => {
    const config = await configuration().catch((error: unknown) => unavailable(deps, error));
    const checks = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const loginId = await startOidcLogin(db, checks, deps.now());
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    });
    reply.setCookie(OIDC_COOKIE, loginId, loginCookie);
    return reply.redirect(url.href, 302);
  });

  app.get(OIDC_CALLBACK_PATH, { schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
    const now = deps.now();
    const loginId = request.cookies[OIDC_COOKIE];
    reply.clearCookie(OIDC_COOKIE, { path: loginCookie.path });
    const checks = loginId === undefined ? null : await takeOidcLogin(db, loginId, now);
    if (checks === null) {
      throw new HttpError(
        'unauthorized',
        'This sign-in was not started here, was already used or took too long; sign in again.',
      );
    }
    const config = await configuration().catch((error: unknown) => unavailable(deps, error));
    const currentUrl = new URL(request.url, deps.config.publicUrl);
    let claims: client.IDToken;
    try {
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (idClaims === undefined) throw new Error('no ID token');
      claims = idClaims;
    } catch (error) {
      request.log.warn({ reason: reasonOf(error) }, 'OpenID Connect sign-in refused');
      throw new HttpError('unauthorized', `Sign-in with ${oidc.issuer} failed (${reasonOf(error)}); sign in again.`);
    }
    const { credential, disabled } = await recordSignIn(db, {
      issuer: claims.iss,
      subject: claims.sub,
      name: stringClaim(claims.name),
      email: stringClaim(claims.email),
      role: roleFromGroups(groupsOf(claims[oidc.groupsClaim]), oidc),
      now,
    });
    if (disabled || credential.userId === null) {
      throw new HttpError('forbidden', 'This account is disabled here; ask an admin of Shipwatch.');
    }
    const sessionId = await createSession(db, { userId: credential.userId }, now);
    reply.setCookie(SESSION_COOKIE, sessionId, cookieOptions(deps));
    return reply.redirect('/', 302);
  });
};

async function discover(oidc: OidcConfig): Promise<client.Configuration> {
  const issuer = new URL(oidc.issuer);
  const execute = [client.enableNonRepudiationChecks];
  if (issuer.protocol === 'http:' && isLoopback(issuer)) execute.push(client.allowInsecureRequests);
  return client.discovery(issuer, oidc.clientId, oidc.clientSecret, undefined, { execute });
}

function unavailable(deps: AppDeps, error: unknown): never {
  deps.logger.error({ reason: reasonOf(error) }, 'OpenID Connect discovery failed');
  throw new HttpError('not_ready', 'The OpenID provider cannot be reached; try again in a moment.');
}

/**
 * The most precise message of an error: openid-client wraps oauth4webapi's, which names the check that failed
 * (`unexpected "state" response parameter value`, `unexpected JWT "aud" (audience) claim value`); the values
 * compared are left in the cause's data, out of the answer.
 */
function reasonOf(error: unknown): string {
  let inner = error;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  return inner instanceof Error ? inner.message : String(inner);
}

const stringClaim = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/** A groups claim is a list of names (Okta, Keycloak, Entra ID) or, from some providers, one name. */
function groupsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}
