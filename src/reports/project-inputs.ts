import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { type MetricWindow, type ProjectInput, projectInput } from '../metrics/index.js';
import { loadWindowIncidents } from './incidents.js';
import { leadTimePieces } from './lead-time-figures.js';
import { loadWindowInput } from './load-window-input.js';

/**
 * One project's part of a pooled read (a team's figures): the window's deployments with their stored verdicts
 * and streak edges (`loadWindowInput`), its incidents (`loadWindowIncidents`) and each bucket's lead-time pieces
 * (`leadTimePieces`), read as `GET /api/projects/:projectId/metrics` reads them. `starts` are the buckets' starts
 * (`[window.from]` for one window). The caller has refreshed the project's stale repositories.
 */
export async function loadProjectInput(
  db: Kysely<Database>,
  projectId: string,
  window: MetricWindow,
  starts: readonly number[],
): Promise<ProjectInput> {
  const loading = loadWindowInput(db, projectId, window);
  const [windowInput, leadTimes, incidents] = await Promise.all([
    loading,
    leadTimePieces(
      db,
      projectId,
      starts,
      window.to,
      loading.then((input) => input.broughtAt),
    ),
    loadWindowIncidents(db, projectId, window),
  ]);
  return projectInput(windowInput.deployments, incidents, leadTimes);
}
