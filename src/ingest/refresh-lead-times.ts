import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CommitRef } from '../domain/index.js';
import {
  type AncestryDeployment,
  type AncestryPush,
  type AncestryStart,
  type BroughtCommits,
  computeBroughtCommits,
} from '../metrics/index.js';
import { markRepositoriesStale } from './mark-stale.js';
import { refreshStaleVerdicts } from './refresh-verdicts.js';

/** Rows written per statement and per transaction, so a recomputation never holds the writer lock for long. */
const ROWS_PER_BATCH = 2000;

/**
 * The cache of what each successful production deployment brought first (`deployment_commits`, and each
 * deployment's `commits_count`, `commits_complete`, `lead_time_seconds`). Deliveries, production marks and
 * revokes mark a repository stale from the earliest deployment time they affect (`repositories.stale_from`);
 * this recomputes from there. Reads call it before reading, so a figure is never computed from a stale cache.
 *
 * The data is read first, the ancestry computed in memory (src/metrics), then written in batches of short
 * transactions while the mark stays set; the last one clears the mark only if no new mark came meanwhile
 * (`stale_seq`), so a delivery racing a recomputation is never lost from the figures.
 */
export async function refreshStaleRepositories(db: Kysely<Database>, projectId?: string): Promise<number> {
  let query = db
    .selectFrom('repositories')
    .select(['project_id', 'repository', 'stale_from', 'stale_seq'])
    .where('stale_from', 'is not', null);
  if (projectId !== undefined) query = query.where('project_id', '=', projectId);
  const stale = await query.execute();
  for (const row of stale) {
    await recomputeRepository(db, row.project_id, row.repository, row.stale_from ?? 0, row.stale_seq);
  }
  // The verdicts read what each deployment brings: recomputed right after it (src/ingest/refresh-verdicts.ts).
  await refreshStaleVerdicts(db, projectId);
  return stale.length;
}

async function loadPushes(db: Kysely<Database>, projectId: string, repository: string): Promise<AncestryPush[]> {
  const pushes = await db
    .selectFrom('pushes')
    .select(['id', 'ref', 'before_sha', 'after_sha', 'forced', 'deleted', 'total_count'])
    .where('project_id', '=', projectId)
    .where('repository', '=', repository)
    .execute();
  const commits = await db
    .selectFrom('push_commits')
    .innerJoin('pushes', 'pushes.id', 'push_commits.push_id')
    .select(['push_commits.push_id', 'push_commits.sha', 'push_commits.timestamp'])
    .where('pushes.project_id', '=', projectId)
    .where('pushes.repository', '=', repository)
    .orderBy('push_commits.push_id')
    .orderBy('push_commits.position')
    .execute();
  const byPush = new Map<string, CommitRef[]>();
  for (const c of commits) {
    let list = byPush.get(c.push_id);
    if (list === undefined) {
      list = [];
      byPush.set(c.push_id, list);
    }
    list.push({ sha: c.sha, timestamp: c.timestamp });
  }
  return pushes.map((p) => ({
    id: p.id,
    ref: p.ref,
    before: p.before_sha,
    after: p.after_sha,
    forced: p.forced === 1,
    deleted: p.deleted === 1,
    totalCommits: p.total_count,
    commits: byPush.get(p.id) ?? [],
  }));
}

/** The successful production deployments finished at or after `from` (those before it are in the starting state). */
async function loadDeployments(
  db: Kysely<Database>,
  projectId: string,
  repository: string,
  from: number,
): Promise<AncestryDeployment[]> {
  const rows = await db
    .selectFrom('deployments')
    .innerJoin('environments', 'environments.id', 'deployments.environment_id')
    .select(['deployments.id', 'deployments.finished_at', 'deployments.sha', 'deployments.lists_commits'])
    .where('deployments.project_id', '=', projectId)
    .where('deployments.repository', '=', repository)
    .where('deployments.status', '=', 'success')
    .where('deployments.finished_at', 'is not', null)
    .where('deployments.finished_at', '>=', from)
    .where('environments.production', '=', 1)
    .execute();
  const listed = await db
    .selectFrom('deployment_listed_commits')
    .innerJoin('deployments', 'deployments.id', 'deployment_listed_commits.deployment_id')
    .select([
      'deployment_listed_commits.deployment_id',
      'deployment_listed_commits.sha',
      'deployment_listed_commits.timestamp',
    ])
    .where('deployments.project_id', '=', projectId)
    .where('deployments.repository', '=', repository)
    .where('deployments.finished_at', '>=', from)
    .execute();
  const byDeployment = new Map<string, CommitRef[]>();
  for (const c of listed) {
    const list = byDeployment.get(c.deployment_id) ?? [];
    list.push({ sha: c.sha, timestamp: c.timestamp });
    byDeployment.set(c.deployment_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    finishedAt: r.finished_at as number,
    sha: r.sha,
    listedCommits: r.lists_commits === 1 ? (byDeployment.get(r.id) ?? []) : undefined,
  }));
}

async function recomputeRepository(
  db: Kysely<Database>,
  projectId: string,
  repository: string,
  staleFrom: number,
  seq: number,
): Promise<void> {
  const [pushes, deployments] = await Promise.all([
    loadPushes(db, projectId, repository),
    loadDeployments(db, projectId, repository, staleFrom),
  ]);
  let start: AncestryStart | undefined;
  if (staleFrom > 0) {
    const before = await db
      .selectFrom('deployment_commits')
      .select('sha')
      .where('project_id', '=', projectId)
      .where('repository', '=', repository)
      .where('finished_at', '<', staleFrom)
      .execute();
    start = { from: { finishedAt: staleFrom, id: '' }, brought: before.map((r) => r.sha) };
  }
  const results = computeBroughtCommits({ pushes, deployments }, start);
  await writeResults(db, projectId, repository, staleFrom, results);
  await db
    .updateTable('repositories')
    .set({ stale_from: null })
    .where('project_id', '=', projectId)
    .where('repository', '=', repository)
    .where('stale_seq', '=', seq)
    .execute();
}

async function writeResults(
  db: Kysely<Database>,
  projectId: string,
  repository: string,
  staleFrom: number,
  results: readonly BroughtCommits[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('deployment_commits')
      .where('project_id', '=', projectId)
      .where('repository', '=', repository)
      .where('finished_at', '>=', staleFrom)
      .execute();
    // Deployments from staleFrom on that no longer bring anything (a status or mark changed) lose their figures.
    await trx
      .updateTable('deployments')
      .set({ commits_count: null, commits_complete: 1, lead_time_seconds: null })
      .where('project_id', '=', projectId)
      .where('repository', '=', repository)
      .where((eb) => eb.or([eb('finished_at', '>=', staleFrom), eb('finished_at', 'is', null)]))
      .execute();
  });
  const rows: Database['deployment_commits'][] = [];
  for (const result of results) {
    result.shas?.forEach((sha, i) => {
      rows.push({
        deployment_id: result.deploymentId,
        project_id: projectId,
        repository,
        sha,
        lead_time_seconds: result.commitLeadTimes?.[i] ?? 0,
        finished_at: result.finishedAt,
      });
    });
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_BATCH) {
    const batch = rows.slice(i, i + ROWS_PER_BATCH);
    await db.transaction().execute(async (trx) => {
      for (let j = 0; j < batch.length; j += 500) {
        await trx
          .insertInto('deployment_commits')
          .values(batch.slice(j, j + 500))
          .onConflict((oc) => oc.columns(['deployment_id', 'sha']).doNothing())
          .execute();
      }
    });
  }
  for (let i = 0; i < results.length; i += ROWS_PER_BATCH) {
    const batch = results.slice(i, i + ROWS_PER_BATCH);
    await db.transaction().execute(async (trx) => {
      // One UPDATE per 500 deployments (a CASE on the id per column), not one per deployment: a round trip each
      // made most of a large first read on PostgreSQL.
      for (let j = 0; j < batch.length; j += 500) {
        const part = batch.slice(j, j + 500);
        const byId = <T extends number | null>(value: (result: BroughtCommits) => T, type: 'integer' | 'bigint') =>
          sql<T>`case ${sql.ref('id')} ${sql.join(
            part.map((result) => sql`when ${result.deploymentId} then cast(${value(result)} as ${sql.raw(type)})`),
            sql` `,
          )} end`;
        await trx
          .updateTable('deployments')
          .set({
            commits_count: byId((result) => (result.shas === null ? null : result.shas.length), 'integer'),
            commits_complete: byId((result) => (result.complete ? 1 : 0), 'integer'),
            lead_time_seconds: byId((result) => result.leadTimeSeconds, 'bigint'),
          })
          .where(
            'id',
            'in',
            part.map((result) => result.deploymentId),
          )
          .execute();
      }
    });
  }
}

/** Everything of a project is recomputed (a production mark changed: what each deployment brought may change). */
export async function markProjectStale(db: Kysely<Database>, projectId: string): Promise<void> {
  const repos = await db
    .selectFrom('deployments')
    .select('repository')
    .distinct()
    .where('project_id', '=', projectId)
    .where('repository', 'is not', null)
    .union(db.selectFrom('pushes').select('repository').where('project_id', '=', projectId))
    .execute();
  await markRepositoriesStale(
    db,
    projectId,
    repos.flatMap((r) => (r.repository === null ? [] : [r.repository])),
    0,
  );
}
