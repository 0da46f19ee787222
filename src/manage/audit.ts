import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { newSortableId } from '../ids.js';

/** Who did a management action: `token:<id>`, `user:<email>` (a person signed in with OpenID Connect), `admin-token`, or `cli:<os user>`. */
export type Actor = string;

export interface AuditEntry {
  readonly actor: Actor;
  readonly action: string;
  readonly targetType:
    | 'project'
    | 'webhook'
    | 'token'
    | 'user'
    | 'deployment'
    | 'environment'
    | 'settings'
    | 'incident'
    | 'team';
  readonly targetId: string;
  readonly projectId: string | null;
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry, now: number): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newSortableId('au', now),
      at: now,
      actor: entry.actor,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      project_id: entry.projectId,
      detail: null,
    })
    .execute();
}

export interface AuditView {
  id: string;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
}

export async function listAudit(
  db: Kysely<Database>,
  options: { projectId?: string; limit: number; before?: string },
): Promise<{ audit: AuditView[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (options.projectId !== undefined) query = query.where('project_id', '=', options.projectId);
  if (options.before !== undefined) query = query.where('id', '<', options.before);
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  return {
    audit: page.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actor: r.actor,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
    })),
    nextCursor: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
