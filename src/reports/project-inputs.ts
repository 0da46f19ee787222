import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { eventLoopTurns, yieldingBetweenStatements } from '../ingest/turns.js';
import { type MetricWindow, type ProjectInput, projectInput } from '../metrics/index.js';
import { loadWindowIncidentsOf } from './incidents.js';
import { leadTimePiecesOf } from './lead-time-figures.js';
import { loadWindowInputs } from './load-window-input.js';

/** Projects read by one set of statements: bounds the statements' parameters and the memory of one batch. */
const PROJECTS_PER_BATCH = 200;

/**
 * Several projects' parts of a read over one window (a team's figures, the overview's lines), in the order given:
 * each project's deployments with their stored verdicts and streak edges (`loadWindowInputs`), its incidents
 * (`loadWindowIncidentsOf`) and each bucket's lead-time pieces (`leadTimePiecesOf`), read as
 * `GET /api/projects/:projectId/metrics` reads them, but in a few statements per `PROJECTS_PER_BATCH` projects
 * rather than a few per project. `starts` are the buckets' starts (`[window.from]` for one window). The caller has
 * refreshed the projects' stale repositories.
 */
export async function loadProjectInputs(
  db: Kysely<Database>,
  projectIds: readonly string[],
  window: MetricWindow,
  starts: readonly number[],
): Promise<ProjectInput[]> {
  const inputs: ProjectInput[] = [];
  // Other requests get turns between the statements (on SQLite they run on the main thread).
  const reads = yieldingBetweenStatements(db, eventLoopTurns());
  for (let i = 0; i < projectIds.length; i += PROJECTS_PER_BATCH) {
    const ids = projectIds.slice(i, i + PROJECTS_PER_BATCH);
    const loading = loadWindowInputs(reads, ids, window);
    const [windowInputs, leadTimes, incidents] = await Promise.all([
      loading,
      loading.then((loaded) =>
        leadTimePiecesOf(
          reads,
          ids,
          starts,
          window.to,
          new Map([...loaded].map(([id, input]) => [id, input.broughtAt])),
        ),
      ),
      loadWindowIncidentsOf(reads, ids, window),
    ]);
    for (const id of ids) {
      inputs.push(
        projectInput(windowInputs.get(id)?.deployments ?? [], incidents.get(id) ?? [], leadTimes.get(id) ?? []),
      );
    }
  }
  return inputs;
}
