import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { sha256Hex } from './tokens.js';

/** How long a sign-in may take between the redirect to the provider and its callback. */
export const OIDC_LOGIN_SECONDS = 600;

export interface OidcLoginChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** Keeps a sign-in's checks; answers the random id the browser keeps in a cookie. Old sign-ins are swept. */
export async function startOidcLogin(db: Kysely<Database>, checks: OidcLoginChecks, now: number): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db
    .deleteFrom('oidc_logins')
    .where('created_at', '<', now - OIDC_LOGIN_SECONDS * 1000)
    .execute();
  await db
    .insertInto('oidc_logins')
    .values({
      id_hash: sha256Hex(id),
      state: checks.state,
      nonce: checks.nonce,
      code_verifier: checks.codeVerifier,
      created_at: now,
    })
    .execute();
  return id;
}

/** Takes a sign-in's checks, once: null when unknown, already taken or too old. */
export async function takeOidcLogin(db: Kysely<Database>, id: string, now: number): Promise<OidcLoginChecks | null> {
  const hash = sha256Hex(id);
  const row = await db.selectFrom('oidc_logins').selectAll().where('id_hash', '=', hash).executeTakeFirst();
  if (row === undefined) return null;
  const taken = await db.deleteFrom('oidc_logins').where('id_hash', '=', hash).executeTakeFirst();
  if (taken.numDeletedRows === 0n || now - row.created_at > OIDC_LOGIN_SECONDS * 1000) return null;
  return { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier };
}
