// Stage 2 of the benchmark: the metrics read model on one large project (100,000 deployments over two years, 20
// repositories, 3 environments, 1,000,000 commits in pushes) plus 49 typical ones (2,000 deployments, 10,000
// commits each), written straight through the storage layer (Kysely inserts into the tables of src/db/schema.ts,
// in big transactions). The endpoints are timed (median of 20 calls) beside one hand-written SQL aggregate over
// the same rows (the limit; for the weekly series, two: its deployments and its brought commits, whose lead times
// every point's median reads), on SQLite and on PostgreSQL. Sizes scale with BENCH_SCALE. Between writing the rows
// and starting the server, the caches are built as the end of `shipwatch import` builds them (`buildCaches`, timed),
// so the first read is the first read after an import.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createScratchDatabase,
  log,
  median,
  POSTGRES_URL,
  ROOT,
  request,
  startShipwatch,
  tempDir,
} from './lib/common.mjs';

const dist = (path) => import(pathToFileURL(join(ROOT, 'dist', path)).href);
const DAY = 86_400_000;
const CALLS = 20;
const ROWS_PER_STATEMENT = 1000;

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

/** One project's rows: environments, pushes with their commits, deployments with one status event each. */
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

/**
 * What the end of `shipwatch import` does (`RequestReceiver.buildCaches` → `refreshStaleRepositories`, the builder
 * the server also runs in the background after deliveries): each project's caches (brought commits, lead times,
 * verdicts) built before the server starts, so its first read builds nothing. Timed per project.
 */
async function buildCaches(handle, data) {
  const { refreshStaleRepositories } = await dist('ingest/refresh-lead-times.js');
  const started = Date.now();
  await refreshStaleRepositories(handle.db, data.large.id);
  const largeMs = Date.now() - started;
  const typicalStarted = Date.now();
  await refreshStaleRepositories(handle.db, data.typical.id);
  const typicalMs = Date.now() - typicalStarted;
  // The other 48 typical projects, untimed.
  await refreshStaleRepositories(handle.db);
  log(`  built the caches at the end of the import: large ${largeMs} ms, typical ${typicalMs} ms`);
  return { large: largeMs, typical: typicalMs };
}

async function generate(handle, scale, now) {
  const started = Date.now();
  const large = {
    index: 0,
    id: 'prj_bench_large',
    repositories: 20,
    deployments: Math.round(100_000 * scale),
    commits: Math.round(1_000_000 * scale),
    now,
  };
  await generateProject(handle.db, large);
  const typical = [];
  for (let i = 1; i <= 49; i++) {
    const project = {
      index: i,
      id: `prj_bench_typical_${i}`,
      repositories: 4,
      deployments: Math.round(2000 * scale),
      commits: Math.round(10_000 * scale),
      now,
    };
    await generateProject(handle.db, project);
    typical.push(project);
  }
  const seconds = (Date.now() - started) / 1000;
  log(
    `  generated ${large.deployments + 49 * typical[0].deployments} deployments and ${large.commits + 49 * typical[0].commits} commits in ${seconds.toFixed(0)} s`,
  );
  return { large, typical: typical[0], seconds };
}

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

/** The limit: one hand-written SQL aggregate over the same rows as the endpoint's figures. */
function windowSql(p) {
  return `select
      sum(case when d.status = 'success' then 1 else 0 end) as deployments,
      count(distinct case when d.status = 'success' then d.finished_at / ${DAY} end) as deployment_days,
      sum(case when d.status = 'failure' then 1 else 0 end) as failures,
      (select count(*) from deployment_commits c where c.project_id = ${p(1)} and c.finished_at >= ${p(2)} and c.finished_at < ${p(3)}) as commits,
      (select avg(c.lead_time_seconds) from deployment_commits c where c.project_id = ${p(1)} and c.finished_at >= ${p(2)} and c.finished_at < ${p(3)}) as lead_time
    from deployments d join environments e on e.id = d.environment_id
    where d.project_id = ${p(1)} and e.production = 1 and d.status in ('success', 'failure')
      and d.finished_at >= ${p(2)} and d.finished_at < ${p(3)}`;
}

function seriesSql(p) {
  // ISO weeks: the epoch was a Thursday, so weeks start 4 days after it.
  return `select (d.finished_at - ${4 * DAY}) / ${7 * DAY} as week,
      sum(case when d.status = 'success' then 1 else 0 end) as deployments,
      count(distinct case when d.status = 'success' then d.finished_at / ${DAY} end) as deployment_days,
      sum(case when d.status = 'failure' then 1 else 0 end) as failures,
      sum(d.commits_count) as commits
    from deployments d join environments e on e.id = d.environment_id
    where d.project_id = ${p(1)} and e.production = 1 and d.status in ('success', 'failure')
      and d.finished_at >= ${p(2)} and d.finished_at < ${p(3)}
    group by 1`;
}

/**
 * The weekly series' lead times: each point's median reads every brought commit of its week, so the limit reads
 * them too, once, the cheapest way (count and mean over deployment_commits for the window, as the window's
 * aggregate does; grouping them by week would add a sort on SQLite).
 */
function seriesLeadTimeSql(p) {
  return `select count(*) as commits, avg(c.lead_time_seconds) as lead_time
    from deployment_commits c
    where c.project_id = ${p(1)} and c.finished_at >= ${p(2)} and c.finished_at < ${p(3)}`;
}

export async function sqlRunner(dialect, target) {
  if (dialect === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(target, { readonly: true });
    const cache = new Map();
    return {
      async run(sql, values) {
        let stmt = cache.get(sql);
        if (stmt === undefined) {
          stmt = db.prepare(sql);
          cache.set(sql, stmt);
        }
        return stmt.all(...values);
      },
      close: async () => db.close(),
    };
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  return { run: async (sql, values) => (await client.query(sql, values)).rows, close: () => client.end() };
}

async function timeIt(fn) {
  const times = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function measure(dialect, server, sqlTarget, data, now, built) {
  const rows = [];
  for (const name of ['large', 'typical'])
    rows.push({
      figure: `metrics ${dialect} ${name}: building the caches at the end of the import`,
      value: `${built[name]} ms`,
      limit: '',
      goal: 'measured',
      met: '',
    });
  const tomorrow = Math.floor(now / DAY) * DAY + DAY;
  const get = async (path) => {
    const res = await server.api('GET', path);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.json)}`);
    return res;
  };
  const first = {};
  for (const [name, project] of [
    ['large', data.large],
    ['typical', data.typical],
  ]) {
    const res = await get(
      `/api/projects/${project.id}/metrics?from=${isoDay(tomorrow - 365 * DAY)}&to=${isoDay(tomorrow)}`,
    );
    first[name] = res.ms;
    log(`  ${dialect} ${name}: first read after the import ${res.ms.toFixed(0)} ms`);
    rows.push({
      figure: `metrics ${dialect} ${name}: first read after the import, 365 days`,
      value: `${res.ms.toFixed(0)} ms`,
      limit: '',
      goal: '< 2000 ms',
      met: res.ms < 2000 ? 'MET' : 'MISSED',
    });
  }
  // The HTTP round trip every endpoint call pays (GET /healthz), added to the SQL aggregate's time.
  const httpFloor = await timeIt(() => request(server.base, { path: '/healthz' }));
  const sql = await sqlRunner(dialect, sqlTarget);
  const p = dialect === 'sqlite' ? () => '?' : (n) => `$${n}`;
  const values = (project, from) => [project.id, from, tomorrow];
  const sqliteValues = (project, from) => {
    // SQLite's ? are positional: the window query names the project and window three times.
    const one = [project.id, from, tomorrow];
    return [...one, ...one, ...one];
  };
  const figures = [];
  try {
    for (const [name, project] of [
      ['typical', data.typical],
      ['large', data.large],
    ]) {
      for (const days of [30, 90, 365]) {
        const from = tomorrow - days * DAY;
        const endpoint = await timeIt(() =>
          get(`/api/projects/${project.id}/metrics?from=${isoDay(from)}&to=${isoDay(tomorrow)}`),
        );
        const limit = await timeIt(() =>
          sql.run(windowSql(p), dialect === 'sqlite' ? sqliteValues(project, from) : values(project, from)),
        );
        figures.push({ dialect, project: name, call: `metrics ${days} days`, endpoint, limit });
      }
      const from = tomorrow - 365 * DAY;
      const endpoint = await timeIt(() =>
        get(`/api/projects/${project.id}/metrics/series?from=${isoDay(from)}&to=${isoDay(tomorrow)}&interval=week`),
      );
      const deploymentsPart = await timeIt(() => sql.run(seriesSql(p), [project.id, from, tomorrow]));
      const commitsPart = await timeIt(() => sql.run(seriesLeadTimeSql(p), [project.id, from, tomorrow]));
      figures.push({
        dialect,
        project: name,
        call: 'weekly series 365 days',
        endpoint,
        limit: deploymentsPart + commitsPart,
        parts: `deployments ${deploymentsPart.toFixed(1)} ms + brought commits ${commitsPart.toFixed(1)} ms`,
      });
    }
  } finally {
    await sql.close();
  }
  for (const f of figures) {
    const limit = f.limit + httpFloor;
    const ratio = f.endpoint / limit;
    log(
      `  ${f.dialect} ${f.project} ${f.call}: ${f.endpoint.toFixed(1)} ms (SQL ${f.limit.toFixed(1)} ms${f.parts === undefined ? '' : ` (${f.parts})`} + HTTP ${httpFloor.toFixed(1)} ms, ${ratio.toFixed(1)}x)`,
    );
    rows.push({
      figure: `metrics ${f.dialect} ${f.project}: ${f.call} (median of ${CALLS})`,
      value: `${f.endpoint.toFixed(1)} ms`,
      limit: `SQL aggregate ${f.limit.toFixed(1)} ms${f.parts === undefined ? '' : ` (${f.parts})`} + HTTP ${httpFloor.toFixed(1)} ms`,
      goal: 'within 2x',
      met: `${ratio.toFixed(1)}x ${ratio <= 2 ? 'MET' : 'MISSED'}`,
    });
    const absolute =
      f.dialect === 'sqlite' && f.project === 'typical' && f.call === 'metrics 90 days'
        ? 20
        : f.dialect === 'sqlite' && f.project === 'large' && f.call === 'metrics 365 days'
          ? 500
          : null;
    if (absolute !== null)
      rows.push({
        figure: `metrics ${f.dialect} ${f.project}: ${f.call}, absolute`,
        value: `${f.endpoint.toFixed(1)} ms`,
        limit: '',
        goal: `< ${absolute} ms`,
        met: f.endpoint < absolute ? 'MET' : 'MISSED',
      });
  }
  return { rows, figures, first };
}

export async function benchMetrics({ scale }) {
  const { openSqlite, openPostgres } = await dist('db/create-db.js');
  const { migrateToLatest } = await dist('db/migrate.js');
  const now = Date.now();
  const out = { rows: [], runs: {} };

  log(`metrics on SQLite (BENCH_SCALE=${scale})`);
  const dir = tempDir('shipwatch-bench-metrics-');
  try {
    const file = join(dir.path, 'shipwatch.db');
    const handle = openSqlite({ filename: file, synchronous: 'normal' });
    await migrateToLatest(handle);
    const data = await generate(handle, scale, now);
    const built = await buildCaches(handle, data);
    await handle.close();
    const server = await startShipwatch({ dataDir: dir.path });
    try {
      const result = await measure('sqlite', server, file, data, now, built);
      out.rows.push(...result.rows);
      out.runs.sqlite = { generateSeconds: data.seconds, ...result, rows: undefined };
    } finally {
      await server.stop();
    }
  } finally {
    dir.remove();
  }

  if (POSTGRES_URL === undefined) {
    log('SHIPWATCH_BENCH_DATABASE_URL / SHIPWATCH_TEST_DATABASE_URL unset: the PostgreSQL metrics run is SKIPPED.');
    return out;
  }
  log(`metrics on PostgreSQL (BENCH_SCALE=${scale})`);
  const scratch = await createScratchDatabase();
  try {
    const handle = openPostgres({ connectionString: scratch.url, poolSize: 4 });
    await migrateToLatest(handle);
    const data = await generate(handle, scale, now);
    const built = await buildCaches(handle, data);
    await handle.close();
    const server = await startShipwatch({ databaseUrl: scratch.url });
    try {
      const result = await measure('postgres', server, scratch.url, data, now, built);
      out.rows.push(...result.rows);
      out.runs.postgres = { generateSeconds: data.seconds, ...result, rows: undefined };
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.drop();
  }
  return out;
}
