import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ADMIN_TOKEN_ID, type Credential, sha256Hex } from './tokens.js';

/** Sessions live in the database, so every server process knows them; the cookie holds a random id, never the token. */
export async function createSession(db: Kysely<Database>, tokenId: string, now: number): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({ id_hash: sha256Hex(id), token_id: tokenId, created_at: now, last_seen_at: now })
    .execute();
  return id;
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', sha256Hex(id)).execute();
}

/** A live session's credential; a session unused for idleSeconds, or whose token is revoked, is ended. */
export async function authenticateSession(
  db: Kysely<Database>,
  id: string,
  options: { idleSeconds: number; now: number; adminTokenSet: boolean },
): Promise<Credential | null> {
  const hash = sha256Hex(id);
  const row = await db
    .selectFrom('sessions')
    .leftJoin('api_tokens', 'api_tokens.id', 'sessions.token_id')
    .select(['sessions.token_id', 'sessions.last_seen_at', 'api_tokens.revoked_at', 'api_tokens.id as token_row'])
    .where('sessions.id_hash', '=', hash)
    .executeTakeFirst();
  if (row === undefined) return null;
  const tokenAlive =
    row.token_id === ADMIN_TOKEN_ID ? options.adminTokenSet : row.token_row !== null && row.revoked_at === null;
  if (!tokenAlive || options.now - row.last_seen_at > options.idleSeconds * 1000) {
    await db.deleteFrom('sessions').where('id_hash', '=', hash).execute();
    return null;
  }
  if (options.now - row.last_seen_at > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: options.now }).where('id_hash', '=', hash).execute();
  }
  return { tokenId: row.token_id, actor: row.token_id === ADMIN_TOKEN_ID ? 'admin-token' : `token:${row.token_id}` };
}

export function sessionExpiresAt(now: number, idleSeconds: number): string {
  return new Date(now + idleSeconds * 1000).toISOString();
}
