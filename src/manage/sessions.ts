import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ADMIN_TOKEN_CREDENTIAL, ADMIN_TOKEN_ID, type Credential, sha256Hex, tokenCredential } from './tokens.js';
import { userCredential } from './users.js';

/** Whose session: a token's (signed in with `POST /api/session`), or a person's (OpenID Connect). */
export type SessionOwner = { readonly tokenId: string } | { readonly userId: string };

/** Sessions live in the database, so every server process knows them; the cookie holds a random id, never the token. */
export async function createSession(db: Kysely<Database>, owner: SessionOwner, now: number): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      id_hash: sha256Hex(id),
      token_id: 'tokenId' in owner ? owner.tokenId : '',
      user_id: 'userId' in owner ? owner.userId : null,
      created_at: now,
      last_seen_at: now,
    })
    .execute();
  return id;
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', sha256Hex(id)).execute();
}

/** Ends every session of a person; answers how many there were. */
export async function deleteUserSessions(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * A live session's credential; a session unused for idleSeconds, whose token is revoked or whose person is
 * disabled, is ended. A person's role is the one stored at their last sign-in.
 */
export async function authenticateSession(
  db: Kysely<Database>,
  id: string,
  options: { idleSeconds: number; now: number; adminTokenSet: boolean },
): Promise<Credential | null> {
  const hash = sha256Hex(id);
  const row = await db
    .selectFrom('sessions')
    .leftJoin('api_tokens', 'api_tokens.id', 'sessions.token_id')
    .leftJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.token_id',
      'sessions.user_id',
      'sessions.last_seen_at',
      'api_tokens.revoked_at',
      'api_tokens.id as token_row',
      'api_tokens.name as token_name',
      'api_tokens.role as token_role',
      'api_tokens.project_ids',
      'users.id as user_row',
      'users.name as user_name',
      'users.email',
      'users.role as user_role',
      'users.disabled_at',
    ])
    .where('sessions.id_hash', '=', hash)
    .executeTakeFirst();
  if (row === undefined) return null;
  let credential: Credential | null = null;
  if (row.user_id !== null) {
    if (row.user_row !== null && row.user_role !== null && row.disabled_at === null) {
      credential = userCredential({ id: row.user_row, name: row.user_name, email: row.email, role: row.user_role });
    }
  } else if (row.token_id === ADMIN_TOKEN_ID) {
    if (options.adminTokenSet) credential = ADMIN_TOKEN_CREDENTIAL;
  } else if (row.token_row !== null && row.revoked_at === null) {
    credential = tokenCredential({
      id: row.token_row,
      name: row.token_name ?? '',
      role: row.token_role ?? 'viewer',
      project_ids: row.project_ids,
    });
  }
  if (credential === null || options.now - row.last_seen_at > options.idleSeconds * 1000) {
    await db.deleteFrom('sessions').where('id_hash', '=', hash).execute();
    return null;
  }
  if (options.now - row.last_seen_at > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: options.now }).where('id_hash', '=', hash).execute();
  }
  return credential;
}

export function sessionExpiresAt(now: number, idleSeconds: number): string {
  return new Date(now + idleSeconds * 1000).toISOString();
}
