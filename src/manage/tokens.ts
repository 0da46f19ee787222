import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { badRequest, notFound } from '../errors.js';
import { type Access, isRole, parseProjectIds, type Role } from './access.js';
import { type Actor, recordAudit } from './audit.js';
import { validateName } from './validate.js';

/** The id under which SHIPWATCH_ADMIN_TOKEN's sessions are kept. */
export const ADMIN_TOKEN_ID = 'admin';

export interface TokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  role: Role;
  projectIds: string[] | null;
}

/** Who a request is: a token (tokenId), or a person signed in with OpenID Connect (userId), with what it may reach. */
export interface Credential extends Access {
  readonly tokenId: string | null;
  readonly userId: string | null;
  readonly actor: Actor;
  /** The token's name, or the person's name (their e-mail when the provider gives no name). */
  readonly name: string;
}

/** SHIPWATCH_ADMIN_TOKEN's credential. */
export const ADMIN_TOKEN_CREDENTIAL: Credential = {
  tokenId: ADMIN_TOKEN_ID,
  userId: null,
  actor: 'admin-token',
  name: 'SHIPWATCH_ADMIN_TOKEN',
  role: 'admin',
  projectIds: null,
};

interface TokenRow {
  id: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
  role: string;
  project_ids: string | null;
}

const roleOf = (text: string): Role => (isRole(text) ? text : 'viewer');

/** The credential a stored token gives. */
export function tokenCredential(row: Pick<TokenRow, 'id' | 'name' | 'role' | 'project_ids'>): Credential {
  return {
    tokenId: row.id,
    userId: null,
    actor: `token:${row.id}`,
    name: row.name,
    role: roleOf(row.role),
    projectIds: parseProjectIds(row.project_ids),
  };
}

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

function toView(row: TokenRow): TokenView {
  return {
    id: row.id,
    name: row.name,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at).toISOString(),
    role: roleOf(row.role),
    projectIds: parseProjectIds(row.project_ids),
  };
}

/**
 * A token's role and projects, checked: a token limited to projects is never admin (400) and defaults to viewer
 * (docs/DECISIONS.md); an unlimited token defaults to admin, as the contract says; every project must exist.
 */
async function checkedScope(
  db: Kysely<Database>,
  input: { role?: Role | undefined; projectIds?: readonly string[] | undefined },
): Promise<{ role: Role; projectIds: string[] | null }> {
  if (input.projectIds === undefined) return { role: input.role ?? 'admin', projectIds: null };
  const projectIds = [...new Set(input.projectIds)];
  if (projectIds.length === 0) throw badRequest('projectIds must name at least one project (or be left out).');
  if (input.role === 'admin') throw badRequest('role: a token limited to projects (projectIds) cannot be admin.');
  const found = await db.selectFrom('projects').select('id').where('id', 'in', projectIds).execute();
  const missing = projectIds.filter((id) => !found.some((row) => row.id === id));
  if (missing.length > 0) throw badRequest(`projectIds: project ${missing[0]} does not exist.`);
  return { role: input.role ?? 'viewer', projectIds };
}

/** Makes a token `swt_<id>_<secret>`; only its secret's hash is stored, so it is shown once. */
export async function createToken(
  db: Kysely<Database>,
  input: {
    name: string;
    role?: Role | undefined;
    projectIds?: readonly string[] | undefined;
    actor: Actor;
    now: number;
  },
): Promise<TokenView & { token: string }> {
  const name = validateName(input.name);
  const scope = await checkedScope(db, input);
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const row: TokenRow = {
    id,
    name,
    created_at: input.now,
    last_used_at: null,
    role: scope.role,
    project_ids: scope.projectIds === null ? null : JSON.stringify(scope.projectIds),
  };
  await db
    .insertInto('api_tokens')
    .values({ ...row, secret_hash: sha256Hex(secret), revoked_at: null })
    .execute();
  await recordAudit(
    db,
    { actor: input.actor, action: 'token.created', targetType: 'token', targetId: id, projectId: null },
    input.now,
  );
  return { ...toView(row), token: `swt_${id}_${secret}` };
}

export async function listTokens(db: Kysely<Database>): Promise<TokenView[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toView);
}

/** Revokes a token and ends its sessions. */
export async function revokeToken(
  db: Kysely<Database>,
  input: { id: string; actor: Actor; now: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: input.now })
      .where('id', '=', input.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw notFound(`Token ${input.id} does not exist.`);
    await trx.deleteFrom('sessions').where('token_id', '=', input.id).execute();
    await recordAudit(
      trx,
      { actor: input.actor, action: 'token.revoked', targetType: 'token', targetId: input.id, projectId: null },
      input.now,
    );
  });
}

function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Checks a presented token: SHIPWATCH_ADMIN_TOKEN, or a stored, unrevoked one. */
export async function authenticateToken(
  db: Kysely<Database>,
  presented: string,
  options: { adminToken: string | null; now: number },
): Promise<Credential | null> {
  if (options.adminToken !== null && safeEqual(presented, options.adminToken)) {
    return ADMIN_TOKEN_CREDENTIAL;
  }
  const match = /^swt_([0-9a-f]{16})_([A-Za-z0-9_-]{20,})$/.exec(presented);
  if (match === null) return null;
  const [, id, secret] = match as unknown as [string, string, string];
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'project_ids', 'secret_hash', 'revoked_at', 'last_used_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined || row.revoked_at !== null || !safeEqual(sha256Hex(secret), row.secret_hash)) return null;
  // lastUsedAt to the minute: one write a minute per token at most, not one per request.
  if (row.last_used_at === null || options.now - row.last_used_at > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: options.now }).where('id', '=', id).execute();
  }
  return tokenCredential(row);
}

/**
 * When SHIPWATCH_ADMIN_TOKEN is unset and no token exists, the first server to start makes one. A row in
 * `meta` claimed with ON CONFLICT DO NOTHING makes sure only one process does, also on a shared PostgreSQL.
 */
export async function ensureFirstToken(
  db: Kysely<Database>,
  options: { adminToken: string | null; now: number },
): Promise<string | null> {
  if (options.adminToken !== null) return null;
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('api_tokens').select('id').limit(1).executeTakeFirst();
    if (existing !== undefined) return null;
    const claim = await trx
      .insertInto('meta')
      .values({ key: 'first_token', value: String(options.now) })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    if (claim.numInsertedOrUpdatedRows === 0n) return null;
    const made = await createToken(trx, { name: 'First admin token', actor: 'system', now: options.now });
    return made.token;
  });
}
