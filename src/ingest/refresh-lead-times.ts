import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../db/dialect/dialect.js';
import type { Database } from '../db/schema.js';
import {
  type AncestryStart,
  type BroughtCommits,
  type RepositoryHistory,
  walkBroughtCommits,
} from '../metrics/index.js';
import { loadReachableHistory } from './load-reachable-history.js';
import { loadDeployments, loadMergedPullRequests, loadPushes } from './load-repository-history.js';
import { markRepositoriesStale } from './mark-stale.js';
import { refreshStaleVerdicts } from './refresh-verdicts.js';
import { eventLoopTurns, type Turns, yieldingBetweenStatements } from './turns.js';

/** Rows written per statement and per transaction, so a recomputation never holds the writer lock for long. */
const ROWS_PER_BATCH = 2000;
/** Brought commits written by one refresh past which the planner's statistics are brought up to date. */
const ANALYZE_AFTER_ROWS = 10_000;
/** What the build and the reads after it join: the cache tables and the history they come from. */
const ANALYZED_TABLES = [
  'deployment_commits',
  'deployment_replaced_commits',
  'deployment_pull_requests',
  'deployments',
  'commits',
  'pushes',
  'push_commits',
] as const;

/** The refresh running (or last run) per database and project in this process: one at a time, each after the last. */
const running = new WeakMap<Kysely<Database>, Map<string, Promise<unknown>>>();

/**
 * The cache of what each successful production deployment brought first (`deployment_commits`, and each
 * deployment's `commits_count`, `commits_complete`, `lead_time_seconds`). Deliveries, production marks and
 * revokes mark a repository stale from the earliest deployment time they affect (`repositories.stale_from`);
 * this recomputes from there: the deployments from that time on, from the commits the earlier ones took. It runs
 * in the background right after the writes (src/ingest/maintenance.ts) and at the end of `shipwatch import`, and
 * reads call it before reading, so a figure is never computed from a stale cache (a read finds nothing to do unless
 * it came before the background refresh).
 *
 * The data is read first, the ancestry computed in memory (src/metrics), then written in batches of short
 * transactions while the mark stays set; the last one clears the mark only if no new mark came meanwhile
 * (`stale_seq`), so a delivery racing a recomputation is never lost from the figures. The event loop gets a turn
 * every `TURN_BUDGET_MS` between deployments and between transactions (`eventLoopTurns`), so requests and
 * deliveries are answered while it runs. Calls for the same project in one process run one after the other (a
 * read that comes while the background refresh runs waits for it, then finds nothing stale), so an older
 * computation never overwrites a newer one.
 */
export function refreshStaleRepositories(db: Kysely<Database>, projectId?: string): Promise<number> {
  let chains = running.get(db);
  if (chains === undefined) {
    chains = new Map();
    running.set(db, chains);
  }
  const key = projectId ?? '';
  const next = (chains.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => refreshNow(db, projectId));
  chains.set(key, next);
  const done = () => {
    if (chains.get(key) === next) chains.delete(key);
  };
  next.then(done, done);
  return next;
}

async function refreshNow(root: Kysely<Database>, projectId: string | undefined): Promise<number> {
  const turns = eventLoopTurns();
  // Every statement of the refresh offers a turn too: SQLite's reads of a large repository add up (src/ingest/turns.ts).
  const db = yieldingBetweenStatements(root, turns);
  let query = db
    .selectFrom('repositories')
    .select(['project_id', 'repository', 'stale_from', 'stale_seq'])
    .where('stale_from', 'is not', null);
  if (projectId !== undefined) query = query.where('project_id', '=', projectId);
  const stale = await query.execute();
  let written = 0;
  for (const row of stale) {
    written += await recomputeRepository(db, row.project_id, row.repository, row.stale_from ?? 0, row.stale_seq, turns);
  }
  // A large build (an import's, a whole project's) leaves the planner statistics of fresh tables behind.
  if (written >= ANALYZE_AFTER_ROWS) await dialectOf(db).refreshStatistics(db, ANALYZED_TABLES);
  // The verdicts read what each deployment brings: recomputed right after it (src/ingest/refresh-verdicts.ts).
  await refreshStaleVerdicts(root, projectId);
  return stale.length;
}

async function recomputeRepository(
  db: Kysely<Database>,
  projectId: string,
  repository: string,
  staleFrom: number,
  seq: number,
  turns: Turns,
): Promise<number> {
  // From a stale point on, only the part of the graph the new deployments reach (a few pushes, usually); from the
  // start, or when that part is large, the whole repository.
  const reachable = staleFrom > 0 ? await loadReachableHistory(db, projectId, repository, staleFrom) : null;
  let history: RepositoryHistory;
  let start: AncestryStart | undefined;
  if (reachable !== null) {
    history = reachable.history;
    start = { from: { finishedAt: staleFrom, id: '' }, brought: reachable.broughtBefore };
  } else {
    const [pushes, deployments, pullRequests] = await Promise.all([
      loadPushes(db, projectId, repository),
      loadDeployments(db, projectId, repository, staleFrom),
      loadMergedPullRequests(db, projectId, repository),
    ]);
    history = { pushes, deployments, pullRequests };
    if (staleFrom > 0) {
      // What the earlier deployments brought or reached and had replaced (CONTRACT.md version 2: "brought").
      const before = await db
        .selectFrom('deployment_commits')
        .select('sha')
        .where('project_id', '=', projectId)
        .where('repository', '=', repository)
        .where('finished_at', '<', staleFrom)
        .unionAll(
          db
            .selectFrom('deployment_replaced_commits')
            .select('sha')
            .where('project_id', '=', projectId)
            .where('repository', '=', repository)
            .where('finished_at', '<', staleFrom),
        )
        .execute();
      start = { from: { finishedAt: staleFrom, id: '' }, brought: before.map((r) => r.sha) };
    }
  }
  await turns.yield();
  const results: BroughtCommits[] = [];
  for (const result of walkBroughtCommits(history, start)) {
    results.push(result);
    await turns.yield();
  }
  const written = await writeResults(db, projectId, repository, staleFrom, results, turns);
  await db
    .updateTable('repositories')
    .set({ stale_from: null })
    .where('project_id', '=', projectId)
    .where('repository', '=', repository)
    .where('stale_seq', '=', seq)
    .execute();
  return written;
}

async function writeResults(
  db: Kysely<Database>,
  projectId: string,
  repository: string,
  staleFrom: number,
  results: readonly BroughtCommits[],
  turns: Turns,
): Promise<number> {
  await db.transaction().execute(async (trx) => {
    for (const table of ['deployment_commits', 'deployment_pull_requests', 'deployment_replaced_commits'] as const) {
      await trx
        .deleteFrom(table)
        .where('project_id', '=', projectId)
        .where('repository', '=', repository)
        .where('finished_at', '>=', staleFrom)
        .execute();
    }
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
        pull_request_number: result.viaPullRequest?.[i] ?? null,
      });
    });
  }
  await insertBridgeRows(db, projectId, repository, results);
  for (let i = 0; i < rows.length; i += ROWS_PER_BATCH) {
    await turns.yield();
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
    await turns.yield();
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
  return rows.length;
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

/** The pull requests each deployment brought and the commits their own commits replaced (`deployment_pull_requests`, `deployment_replaced_commits`). */
async function insertBridgeRows(
  db: Kysely<Database>,
  projectId: string,
  repository: string,
  results: readonly BroughtCommits[],
): Promise<void> {
  const pullRequests: Database['deployment_pull_requests'][] = [];
  const replaced: Database['deployment_replaced_commits'][] = [];
  for (const result of results) {
    const common = {
      deployment_id: result.deploymentId,
      project_id: projectId,
      repository,
      finished_at: result.finishedAt,
    };
    for (const pr of result.pullRequests) pullRequests.push({ ...common, number: pr.number });
    for (const sha of result.replacedShas) replaced.push({ ...common, sha });
  }
  if (pullRequests.length === 0 && replaced.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (let j = 0; j < pullRequests.length; j += 500) {
      await trx
        .insertInto('deployment_pull_requests')
        .values(pullRequests.slice(j, j + 500))
        .onConflict((oc) => oc.columns(['deployment_id', 'number']).doNothing())
        .execute();
    }
    for (let j = 0; j < replaced.length; j += 500) {
      await trx
        .insertInto('deployment_replaced_commits')
        .values(replaced.slice(j, j + 500))
        .onConflict((oc) => oc.columns(['deployment_id', 'sha']).doNothing())
        .execute();
    }
  });
}
