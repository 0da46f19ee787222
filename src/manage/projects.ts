import type { Kysely } from 'kysely';
import type { Database, ProjectsTable } from '../db/schema.js';
import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import { type Actor, recordAudit } from './audit.js';
import { validateName, validateTimeZone } from './validate.js';

export interface ProjectView {
  id: string;
  name: string;
  timeZone: string;
  createdAt: string;
  demo: boolean;
}

export function projectView(row: ProjectsTable): ProjectView {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    createdAt: new Date(row.created_at).toISOString(),
    demo: row.is_demo === 1,
  };
}

export async function createProject(
  db: Kysely<Database>,
  input: { name: string; timeZone?: string | undefined; demo?: boolean; actor: Actor; now: number },
): Promise<ProjectView> {
  const row: ProjectsTable = {
    id: newId('prj'),
    name: validateName(input.name),
    time_zone: validateTimeZone(input.timeZone ?? 'UTC'),
    created_at: input.now,
    is_demo: input.demo === true ? 1 : 0,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('projects').values(row).execute();
    await recordAudit(
      trx,
      { actor: input.actor, action: 'project.created', targetType: 'project', targetId: row.id, projectId: row.id },
      input.now,
    );
  });
  return projectView(row);
}

export async function getProjectRow(db: Kysely<Database>, id: string): Promise<ProjectsTable> {
  const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw notFound(`Project ${id} does not exist.`);
  return row;
}

export async function listProjects(db: Kysely<Database>): Promise<ProjectView[]> {
  const rows = await db.selectFrom('projects').selectAll().orderBy('created_at', 'asc').orderBy('id').execute();
  return rows.map(projectView);
}

export async function updateProject(
  db: Kysely<Database>,
  input: { id: string; name?: string | undefined; timeZone?: string | undefined; actor: Actor; now: number },
): Promise<ProjectView> {
  const changes: Partial<ProjectsTable> = {};
  if (input.name !== undefined) changes.name = validateName(input.name);
  if (input.timeZone !== undefined) changes.time_zone = validateTimeZone(input.timeZone);
  return db.transaction().execute(async (trx) => {
    const row = await getProjectRow(trx, input.id);
    if (Object.keys(changes).length === 0) return projectView(row);
    await trx.updateTable('projects').set(changes).where('id', '=', input.id).execute();
    const action = changes.name !== undefined ? 'project.renamed' : 'project.updated';
    await recordAudit(
      trx,
      { actor: input.actor, action, targetType: 'project', targetId: input.id, projectId: input.id },
      input.now,
    );
    return projectView({ ...row, ...changes });
  });
}

/**
 * Deletes a project and all its data (the foreign keys cascade). Its webhooks are revoked first: their ids
 * stay as tombstones so that their URLs answer 410 and a provider stops sending. Audit entries stay.
 */
export async function deleteProject(
  db: Kysely<Database>,
  input: { id: string; actor: Actor; now: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await getProjectRow(trx, input.id);
    const hooks = await trx.selectFrom('webhooks').select('id').where('project_id', '=', input.id).execute();
    if (hooks.length > 0) {
      await trx
        .insertInto('webhook_tombstones')
        .values(hooks.map((h) => ({ id: h.id, revoked_at: input.now })))
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    await trx.deleteFrom('projects').where('id', '=', input.id).execute();
    await recordAudit(
      trx,
      { actor: input.actor, action: 'project.deleted', targetType: 'project', targetId: input.id, projectId: input.id },
      input.now,
    );
  });
}
