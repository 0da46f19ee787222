import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { type ProjectSettings, readProjectSettings } from '../domain/index.js';
import { badRequest } from '../errors.js';
import { loadProjectSettings } from '../ingest/load-project-settings.js';
import { markIncidentsStale } from '../ingest/mark-incidents-stale.js';
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
    // Every setting applies to all history at once: every repository's verdicts are recomputed, and the incidents
    // re-decided (incidentLabels) and re-attributed (incidentWindowHours, pagerdutyServices) before them.
    await markProjectVerdictsStale(trx, input.projectId);
    await markIncidentsStale(trx, input.projectId);
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
