import { getMe } from '../api/client';
import type { Me, Role } from '../api/types';
import { useApiQuery } from './api-query';

/** What each role may do on the page (CONTRACT.md version 2, "People, roles and sign-in"). */
const RANK: Record<Role, number> = { viewer: 0, maintainer: 1, admin: 2 };

export interface Access {
  /** The signed-in credential, once known. */
  me: Me | undefined;
  /** Writes to projects, webhooks, environments, deployments, incidents and settings: maintainer and admin. */
  canWrite: boolean;
  /** Projects created or deleted, tokens, users and the audit log: admin only. */
  isAdmin: boolean;
}

export function roleAllows(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[needed];
}

/**
 * The role of whoever is signed in (`GET /api/me`, fetched once and shared). Until it is known, nothing may be
 * written: a control appears only once the role allows it, so a viewer never sees one flash and vanish.
 */
export function useAccess(): Access {
  const { state } = useApiQuery(['me'], (signal) => getMe(signal));
  const me = state.data;
  return { me, canWrite: roleAllows(me?.role, 'maintainer'), isAdmin: roleAllows(me?.role, 'admin') };
}
