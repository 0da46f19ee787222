import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isRole, type Role } from './access.js';
import type { Credential } from './tokens.js';

/** A person who signed in with OpenID Connect, as `GET /api/users` lists them. */
export interface UserView {
  id: string;
  issuer: string;
  subject: string;
  name: string | null;
  email: string | null;
  role: Role;
  createdAt: string;
  lastSignInAt: string;
  disabled: boolean;
}

interface UserFields {
  id: string;
  name: string | null;
  email: string | null;
  role: string;
}

/** The audit log's name for a person: `user:<email>` (their subject when the provider gives no e-mail). */
export const userActor = (user: { email: string | null; id: string }) => `user:${user.email ?? user.id}`;

export function userCredential(user: UserFields): Credential {
  return {
    tokenId: null,
    userId: user.id,
    actor: userActor(user),
    name: user.name ?? user.email ?? user.id,
    role: isRole(user.role) ? user.role : 'viewer',
    projectIds: null,
  };
}

/**
 * A person's role from their groups (CONTRACT.md: admin groups, then maintainer groups, anyone else a viewer).
 * Recomputed at each sign-in, so a person removed from a group loses its role the next time.
 */
export function roleFromGroups(
  groups: readonly string[],
  options: { adminGroups: readonly string[]; maintainerGroups: readonly string[] },
): Role {
  if (groups.some((g) => options.adminGroups.includes(g))) return 'admin';
  if (groups.some((g) => options.maintainerGroups.includes(g))) return 'maintainer';
  return 'viewer';
}

/** Records a sign-in: the person is made on their first, and their name, e-mail and role are refreshed at each. */
export async function recordSignIn(
  db: Kysely<Database>,
  input: { issuer: string; subject: string; name: string | null; email: string | null; role: Role; now: number },
): Promise<{ credential: Credential; disabled: boolean }> {
  const existing = await db
    .selectFrom('users')
    .select(['id', 'disabled_at'])
    .where('issuer', '=', input.issuer)
    .where('subject', '=', input.subject)
    .executeTakeFirst();
  const fields = { name: input.name, email: input.email, role: input.role, last_sign_in_at: input.now };
  const id = existing?.id ?? `us_${randomBytes(12).toString('hex')}`;
  if (existing === undefined) {
    await db
      .insertInto('users')
      .values({ id, issuer: input.issuer, subject: input.subject, created_at: input.now, disabled_at: null, ...fields })
      .onConflict((oc) => oc.columns(['issuer', 'subject']).doUpdateSet(fields))
      .execute();
  } else {
    await db.updateTable('users').set(fields).where('id', '=', id).execute();
  }
  return {
    credential: userCredential({ id, name: input.name, email: input.email, role: input.role }),
    disabled: existing !== undefined && existing.disabled_at !== null,
  };
}

export async function listUsers(db: Kysely<Database>): Promise<UserView[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('last_sign_in_at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    issuer: r.issuer,
    subject: r.subject,
    name: r.name,
    email: r.email,
    role: isRole(r.role) ? r.role : 'viewer',
    createdAt: new Date(r.created_at).toISOString(),
    lastSignInAt: new Date(r.last_sign_in_at).toISOString(),
    disabled: r.disabled_at !== null,
  }));
}

export async function findUser(db: Kysely<Database>, id: string): Promise<{ id: string; email: string | null } | null> {
  return (await db.selectFrom('users').select(['id', 'email']).where('id', '=', id).executeTakeFirst()) ?? null;
}
