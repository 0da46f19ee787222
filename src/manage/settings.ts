import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DEFAULT_PROJECT_SETTINGS, type ProjectSettings, readProjectSettings } from '../domain/index.js';
import { badRequest } from '../errors.js';
import { markProjectVerdictsStale } from '../ingest/mark-verdicts-stale.js';
import { type Actor, recordAudit } from './audit.js';
import { getProjectRow } from './projects.js';

/**
 * A project's settings: the stored JSON read through the one reader (so a setting added later takes its
 * default on rows stored before), or the defaults when none were ever PUT. 404 for an unknown project.
 */
export async function getProjectSettings(db: Kysely<Database>, projectId: string): Promise<ProjectSettings> {
  await getProjectRow(db, projectId);
  return loadProjectSettings(db, projectId);
}

/** The settings without the project check, for readers that already know the project exists. */
export async function loadProjectSettings(db: Kysely<Database>, projectId: string): Promise<ProjectSettings> {
  const row = await db
    .selectFrom('project_settings')
    .select('settings')
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row === undefined ? DEFAULT_PROJECT_SETTINGS : readStored(row.settings);
}

/** `loadProjectSettings` of several projects in one statement (the overview, a team). */
export async function loadProjectSettingsOf(
  db: Kysely<Database>,
  projectIds: readonly string[],
): Promise<Map<string, ProjectSettings>> {
  const found = new Map<string, ProjectSettings>(projectIds.map((id) => [id, DEFAULT_PROJECT_SETTINGS]));
  if (projectIds.length === 0) return found;
  const rows = await db
    .selectFrom('project_settings')
    .select(['project_id', 'settings'])
    .where('project_id', 'in', [...projectIds])
    .execute();
  for (const row of rows) found.set(row.project_id, readStored(row.settings));
  return found;
}

function readStored(text: string): ProjectSettings {
  const read = readProjectSettings(JSON.parse(text));
  return read.ok ? read.settings : DEFAULT_PROJECT_SETTINGS;
}

/** `PUT /api/projects/:id/settings`: replaces them whole (a missing key takes its default), audited. */
export async function putProjectSettings(
  db: Kysely<Database>,
  input: { projectId: string; body: unknown; actor: Actor; now: number },
): Promise<ProjectSettings> {
  const read = readProjectSettings(input.body);
  if (!read.ok) throw badRequest(read.message);
  const text = JSON.stringify(read.settings);
  await db.transaction().execute(async (trx) => {
    await getProjectRow(trx, input.projectId);
    await trx
      .insertInto('project_settings')
      .values({ project_id: input.projectId, settings: text, updated_at: input.now })
      .onConflict((oc) => oc.column('project_id').doUpdateSet({ settings: text, updated_at: input.now }))
      .execute();
    // failureDetection applies to all history at once: every repository's verdicts are recomputed.
    await markProjectVerdictsStale(trx, input.projectId);
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'settings.update',
        targetType: 'settings',
        targetId: input.projectId,
        projectId: input.projectId,
      },
      input.now,
    );
  });
  return read.settings;
}
