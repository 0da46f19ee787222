import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** The roles of CONTRACT.md version 2, "People, roles and sign-in", weakest first. */
export const ROLES = ['viewer', 'maintainer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

/** Whether a credential of role `held` may do what needs `needed`. */
export const roleAllows = (held: Role, needed: Role): boolean => ROLES.indexOf(held) >= ROLES.indexOf(needed);

/** What a credential may reach: its role, and the projects it is limited to (null: every project). */
export interface Access {
  readonly role: Role;
  readonly projectIds: readonly string[] | null;
}

export const canSeeProject = (access: Access, projectId: string): boolean =>
  access.projectIds === null || access.projectIds.includes(projectId);

/**
 * How to find the project of a resource named in a route's path, by the parameter's name. The authentication
 * hook answers 404 when the credential may not see that project, for every route with one of these parameters,
 * so a new route under /api/webhooks/:webhookId or /api/deployments/:deploymentId is checked without a line of
 * its own. A new kind of resource adds one line here.
 */
export const PROJECT_OF_PARAM: Readonly<
  Record<string, (db: Kysely<Database>, id: string) => Promise<string | null | undefined>>
> = {
  projectId: async (_db, id) => id,
  webhookId: async (db, id) =>
    (await db.selectFrom('webhooks').select('project_id').where('id', '=', id).executeTakeFirst())?.project_id,
  deploymentId: async (db, id) =>
    (await db.selectFrom('deployments').select('project_id').where('id', '=', id).executeTakeFirst())?.project_id,
};

/** The project-id list stored on a token, read back (null: every project). */
export function parseProjectIds(text: string | null): string[] | null {
  if (text === null) return null;
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
}
