import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { FAILURE_CAUSE_KINDS } from '../domain/index.js';
import { type DeploymentVerdict, detectChangeFailures } from '../metrics/index.js';
import { loadProjectSettings } from './load-project-settings.js';
import { loadVerdictHistory } from './load-verdict-history.js';
import { refreshIncidents } from './refresh-incidents.js';
import { eventLoopTurns, yieldingBetweenStatements } from './turns.js';

/** Rows per statement: the causes have 6 columns, under SQLite's bound-parameter limit. */
const ROWS_PER_STATEMENT = 500;

/** Rounds of a project's refresh: a round marks further repositories only when an incident moved between them. */
const MAX_ROUNDS = 3;

/**
 * Recomputes the stored verdicts of every repository marked stale (`markVerdictsStale`), one repository at a time,
 * from all of its stored history: what the failure rules find (`detectChangeFailures`, persons' marks left out, as
 * they apply at read time) replaces the repository's causes (`deployment_failure_causes`) and each deployment's
 * `failure_kinds`, `rework_kind` and `rework_of`, in one transaction, so a read never sees half a repository. The
 * mark is cleared only if no new one came while this ran (`seq`). Runs after the brought commits are refreshed
 * (`refreshStaleRepositories` calls it last, one project at a time), whose cache it reads; the event loop gets a turn
 * between repositories.
 *
 * A project whose verdicts or incidents are marked stale first has its incidents refreshed (`refreshIncidents`):
 * re-decided, attributed, and the repositories whose `incident` causes changed marked too. The stale repositories
 * are read before the attributions, so a deployment stored after them leaves its repository marked for the next
 * refresh; the repositories a round marks are recomputed by the next round.
 */
export async function refreshStaleVerdicts(db: Kysely<Database>, projectId?: string): Promise<number> {
  const projects =
    projectId !== undefined
      ? [projectId]
      : (
          await db
            .selectFrom('stale_verdicts')
            .select('project_id')
            .union(db.selectFrom('stale_incidents').select('project_id'))
            .execute()
        ).map((row) => row.project_id);
  let refreshed = 0;
  for (const project of projects) refreshed += await refreshProject(db, project);
  return refreshed;
}

async function refreshProject(root: Kysely<Database>, projectId: string): Promise<number> {
  let refreshed = 0;
  const turns = eventLoopTurns();
  // A turn between statements too: one repository's history is read in a few statements (src/ingest/turns.ts).
  const db = yieldingBetweenStatements(root, turns);
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const stale = await db
      .selectFrom('stale_verdicts')
      .select(['repository_key', 'seq'])
      .where('project_id', '=', projectId)
      .execute();
    const incidentsStale = await db
      .selectFrom('stale_incidents')
      .select('seq')
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (stale.length === 0 && incidentsStale === undefined) return refreshed;
    const settings = await loadProjectSettings(db, projectId);
    const incidents = await refreshIncidents(db, projectId, settings, new Set(stale.map((row) => row.repository_key)));
    for (const row of stale) {
      await turns.yield();
      const repository = row.repository_key === '' ? null : row.repository_key;
      const history = await loadVerdictHistory(db, projectId, repository, incidents.byDeployment);
      const verdicts = detectChangeFailures(history.deployments, {
        settings: settings.failureDetection,
        resolveCommit: (_repository, prefix) => history.prefixes.get(prefix) ?? [],
        describeIncident: (id) => incidents.detailOf.get(id) ?? `incident ${id} is attributed to this deployment`,
      });
      await writeVerdicts(db, projectId, row.repository_key, [...verdicts.values()]);
      await db
        .deleteFrom('stale_verdicts')
        .where('project_id', '=', projectId)
        .where('repository_key', '=', row.repository_key)
        .where('seq', '=', row.seq)
        .execute();
    }
    refreshed += stale.length;
    if (incidents.marked.length === 0) return refreshed;
  }
  return refreshed;
}

async function writeVerdicts(
  db: Kysely<Database>,
  projectId: string,
  repositoryKey: string,
  verdicts: readonly DeploymentVerdict[],
): Promise<void> {
  const causes = verdicts.flatMap((verdict) =>
    verdict.failureCauses.map((cause) => ({
      deployment_id: verdict.id,
      project_id: projectId,
      repository_key: repositoryKey,
      kind: cause.kind,
      by_id: cause.by,
      detail: cause.detail,
    })),
  );
  const changed = verdicts.filter((verdict) => verdict.failureCauses.length > 0 || verdict.rework !== null);
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('deployment_failure_causes')
      .where('project_id', '=', projectId)
      .where('repository_key', '=', repositoryKey)
      .execute();
    let clear = trx
      .updateTable('deployments')
      .set({ failure_kinds: null, rework_kind: null, rework_of: null })
      .where('project_id', '=', projectId)
      .where((eb) =>
        eb.or([
          eb('failure_kinds', 'is not', null),
          eb('rework_kind', 'is not', null),
          eb('rework_of', 'is not', null),
        ]),
      );
    clear =
      repositoryKey === '' ? clear.where('repository', 'is', null) : clear.where('repository', '=', repositoryKey);
    await clear.execute();
    for (let i = 0; i < causes.length; i += ROWS_PER_STATEMENT) {
      await trx
        .insertInto('deployment_failure_causes')
        .values(causes.slice(i, i + ROWS_PER_STATEMENT))
        .execute();
    }
    // One UPDATE per 500 deployments, a CASE on the id per column (as the brought commits are written).
    for (let i = 0; i < changed.length; i += ROWS_PER_STATEMENT) {
      const part = changed.slice(i, i + ROWS_PER_STATEMENT);
      const byId = (value: (verdict: DeploymentVerdict) => string | null) =>
        sql<string | null>`case ${sql.ref('id')} ${sql.join(
          part.map((verdict) => sql`when ${verdict.id} then cast(${value(verdict)} as text)`),
          sql` `,
        )} end`;
      await trx
        .updateTable('deployments')
        .set({
          failure_kinds: byId((verdict) => failureKinds(verdict)),
          rework_kind: byId((verdict) => verdict.rework?.kind ?? null),
          rework_of: byId((verdict) => verdict.rework?.of ?? null),
        })
        .where(
          'id',
          'in',
          part.map((verdict) => verdict.id),
        )
        .execute();
    }
  });
}

/** The kinds of a verdict's causes, each once, in contract order, comma-separated; null when none. */
function failureKinds(verdict: DeploymentVerdict): string | null {
  const kinds = new Set(verdict.failureCauses.map((cause) => cause.kind));
  const list = FAILURE_CAUSE_KINDS.filter((kind) => kinds.has(kind));
  return list.length === 0 ? null : list.join(',');
}
