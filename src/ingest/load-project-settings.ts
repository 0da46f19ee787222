import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DEFAULT_PROJECT_SETTINGS, type ProjectSettings, readProjectSettings } from '../domain/index.js';

/**
 * A project's settings, without checking that the project exists: the stored JSON read through the one reader (so a
 * setting added later takes its default on rows stored before), or the defaults when none were ever PUT. In ingest,
 * for the receiver, replay and the verdicts; src/manage/settings.ts and the reports read them through it too.
 */
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
