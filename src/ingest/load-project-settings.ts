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
  if (row === undefined) return DEFAULT_PROJECT_SETTINGS;
  const read = readProjectSettings(JSON.parse(row.settings));
  return read.ok ? read.settings : DEFAULT_PROJECT_SETTINGS;
}
