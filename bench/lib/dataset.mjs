// The rows the metrics and overview stages write straight through the storage layer (Kysely inserts into the tables
// of src/db/schema.ts, in big transactions): one project at a time, `generateProject`.
export const DAY = 86_400_000;
const ROWS_PER_STATEMENT = 1000;

/** The `YYYY-MM-DD` of an instant, in UTC (the bench projects' time zone). */
export const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

const hex = (project, repo, i) =>
  `${project.toString(16).padStart(4, '0')}${repo.toString(16).padStart(4, '0')}${i.toString(16).padStart(32, '0')}`;

/** Inserts rows in statements of ROWS_PER_STATEMENT inside the caller's transaction. */
async function insertAll(trx, table, rows) {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + ROWS_PER_STATEMENT))
      .execute();
}

/**
 * One project's rows over the two years before `now`: environments, pushes of 10 commits with their commits,
 * deployments with one status event each, every repository's caches marked stale from the start (as the import's
 * deliveries leave them). `index` keeps the ids and shas of projects apart.
 */
export async function generateProject(db, { index, id, repositories, deployments, commits, now }) {
  const start = now - 730 * DAY;
  const span = now - DAY - start;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('projects')
      .values({ id, name: `bench ${index}`, time_zone: 'UTC', created_at: start, is_demo: 0 })
      .execute();
    const envs = ['production', 'staging', 'development'].map((name, i) => ({
      id: `env_${index}_${i}`,
      project_id: id,
      name,
      name_key: name,
      production: i === 0 ? 1 : 0,
      production_set_by_user: 0,
      created_at: start,
    }));
    await insertAll(trx, 'environments', envs);
    for (let r = 0; r < repositories; r++) {
      const repository = `acme/service-${r}`;
      const perRepo = Math.floor(commits / repositories);
      const commitAt = (i) => start + Math.floor((span * i) / perRepo);
      const pushes = [];
      const pushCommits = [];
      const commitRows = [];
      for (let p = 0; p * 10 < perRepo; p++) {
        const first = p * 10;
        const last = Math.min(perRepo, first + 10) - 1;
        const before = p === 0 ? '0'.repeat(40) : hex(index, r, first - 1);
        const after = hex(index, r, last);
        const pushId = `psh_${index}_${r}_${p}`;
        pushes.push({
          id: pushId,
          project_id: id,
          repository,
          ref: 'refs/heads/main',
          before_sha: before,
          after_sha: after,
          forced: 0,
          deleted: 0,
          listed_count: last - first + 1,
          total_count: last - first + 1,
          first_commit_at: commitAt(first),
          received_at: commitAt(last),
          push_key: [repository, 'refs/heads/main', before, after].join('\n'),
        });
        for (let c = first; c <= last; c++) {
          pushCommits.push({ push_id: pushId, position: c - first, sha: hex(index, r, c), timestamp: commitAt(c) });
          commitRows.push({ project_id: id, repository, sha: hex(index, r, c), timestamp: commitAt(c) });
        }
      }
      await insertAll(trx, 'pushes', pushes);
      await insertAll(trx, 'push_commits', pushCommits);
      await insertAll(trx, 'commits', commitRows);

      const perRepoDeployments = Math.floor(deployments / repositories);
      const deploymentRows = [];
      const events = [];
      for (let j = 0; j < perRepoDeployments; j++) {
        const at = start + Math.floor((span * (j + 0.5)) / perRepoDeployments) + (j % 7) * 60_000;
        // The newest commit pushed half an hour before.
        const newest = Math.max(0, Math.min(perRepo - 1, Math.floor(((at - 1_800_000 - start) * perRepo) / span)));
        const status = j % 10 === 3 ? 'failure' : 'success';
        const depId = `dep_${index}_${r}_${j}`;
        deploymentRows.push({
          id: depId,
          project_id: id,
          provider: 'github',
          instance: 'github.com',
          provider_deployment_id: `${r}-${j}`,
          repository,
          environment_id: envs[j % 3].id,
          sha: hex(index, r, newest),
          ref: 'main',
          url: null,
          commit_url: null,
          started_at: at - 300_000,
          finished_at: at,
          status,
          status_at: at,
          change_failure: null,
          created_at: at,
          commits_count: null,
          commits_complete: 1,
          lead_time_seconds: null,
        });
        events.push({
          id: `dev_${index}_${r}_${j}`,
          deployment_id: depId,
          project_id: id,
          event_key: `status-${r}-${j}`,
          status,
          provider_state: status,
          at,
          created_at: at,
        });
      }
      await insertAll(trx, 'deployments', deploymentRows);
      await insertAll(trx, 'deployment_events', events);
      // Stale from the beginning, as the import's deliveries leave it; `buildCaches` below builds it, as the end of
      // `shipwatch import` does.
      await trx
        .insertInto('repositories')
        .values({ project_id: id, repository, stale_from: 0, stale_seq: 1 })
        .execute();
      // Its verdicts too (migration 0004): recomputed right after, in the same build.
      await trx.insertInto('stale_verdicts').values({ project_id: id, repository_key: repository, seq: 1 }).execute();
    }
  });
}
