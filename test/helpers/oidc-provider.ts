import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, importJWK, type JWK, SignJWT } from 'jose';
import Provider from 'oidc-provider';

export interface TestPerson {
  readonly email: string;
  readonly name: string;
  groups: string[];
}

export interface TestProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly people: Record<string, TestPerson>;
  /** The next ID token the token endpoint answers is rewritten by this (signed again with the issuer's key, or another). */
  tamperNextIdToken(change: (claims: Record<string, unknown>) => Record<string, unknown>, foreignKey?: boolean): void;
  close(): Promise<void>;
}

/**
 * oidc-provider (a certified OpenID Provider) on a loopback port, with one confidential client whose redirect URI
 * is `<publicUrl>/auth/oidc/callback`, its development login and consent pages, and the people given (login = their
 * key), whose `groups` claim goes into the ID token.
 */
export async function startTestProvider(publicUrl: string, people: Record<string, TestPerson>): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signing = await keyPair('issuer-key');
  const foreign = await keyPair('issuer-key');
  const clientId = 'shipwatch';
  const clientSecret = randomUUID();
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${publicUrl}/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signing.privateJwk] },
    cookies: { keys: [randomUUID()] },
    claims: { openid: ['sub'], email: ['email'], profile: ['name', 'groups'] },
    conformIdTokenClaims: false,
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    findAccount: async (_ctx: unknown, sub: string) => {
      const person = people[sub];
      if (person === undefined) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: person.email, name: person.name, groups: person.groups }),
      };
    },
  });
  let tamper: { change: (claims: Record<string, unknown>) => Record<string, unknown>; foreignKey: boolean } | null =
    null;
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== '/token' || tamper === null) return;
    const body = ctx.body as { id_token?: string };
    if (body.id_token === undefined) return;
    const { change, foreignKey } = tamper;
    tamper = null;
    const key = foreignKey ? foreign : signing;
    body.id_token = await new SignJWT(change(decodeJwt(body.id_token)))
      .setProtectedHeader({ alg: 'RS256', kid: key.privateJwk.kid as string })
      .sign(await importJWK(key.privateJwk, 'RS256'));
  });
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    people,
    tamperNextIdToken(change, foreignKey = false) {
      tamper = { change, foreignKey };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function keyPair(kid: string): Promise<{ privateJwk: JWK }> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  return { privateJwk };
}
