// Stage 2 of the benchmark: the metrics read model on one large project (100,000 deployments over two years, 20
// repositories, 3 environments, 1,000,000 commits in pushes) plus 49 typical ones (2,000 deployments, 10,000
// commits each), written straight through the storage layer (`generateProject` of bench/lib/dataset.mjs). The
// endpoints are timed (median of 20 calls) beside one hand-written SQL aggregate over the same rows (the limit; for
// the weekly series, two: its deployments and its brought commits, whose lead times every point's median reads), on
// SQLite and on PostgreSQL (`onEachDatabase` of bench/lib/read-stage.mjs). Sizes scale with BENCH_SCALE. Between
// writing the rows and starting the server, the caches are built as the end of `shipwatch import` builds them
// (`buildCaches`, timed), so the first read is the first read after an import.
import { log, request, sqlRunner } from './lib/common.mjs';
import { DAY, generateProject, isoDay } from './lib/dataset.mjs';
import { dist, getOk, onEachDatabase, probeWhile, timeIt } from './lib/read-stage.mjs';

const CALLS = 20;

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

/**
 * Marks one repository of the large project stale from `from` on, brought commits and verdicts, as the write of a
 * delivery does (`markRepositoriesStale`): a new deployment marks from its own time, a late push from the earliest
 * deployment it changes. Written with SQL beside the server (its next read refreshes what is marked).
 */
async function markStale(dialect, target, projectId, repository, from) {
  const statements = [
    [
      'update repositories set stale_from = $1, stale_seq = stale_seq + 1 where project_id = $2 and repository = $3',
      [from, projectId, repository],
    ],
    [
      'insert into stale_verdicts (project_id, repository_key, seq) values ($1, $2, 1) on conflict (project_id, repository_key) do update set seq = stale_verdicts.seq + 1',
      [projectId, repository],
    ],
  ];
  if (dialect === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(target);
    try {
      for (const [text, values] of statements) db.prepare(text.replace(/\$\d/g, '?')).run(...values);
    } finally {
      db.close();
    }
    return;
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    for (const [text, values] of statements) await client.query(text, values);
  } finally {
    await client.end();
  }
}

/**
 * The read after new data on the large project (one repository of 5,000 deployments and 50,000 commits marked
 * stale): it refreshes that repository's brought commits and verdicts first. Meanwhile `/healthz` is asked back to
 * back: its longest answer is how long the server was held from other requests. The read is of 30 days, whose own
 * statements are short, so that what holds the server is the refresh; its limit is the longest answer while the
 * same read, with nothing to refresh, runs. A read of 365 days, with nothing to refresh, is measured the same way.
 */
async function readAfterNewData(dialect, server, sqlTarget, data, now) {
  const tomorrow = Math.floor(now / DAY) * DAY + DAY;
  const path = (days) =>
    `/api/projects/${data.large.id}/metrics?from=${isoDay(tomorrow - days * DAY)}&to=${isoDay(tomorrow)}`;
  const rows = [];
  const year = await probeWhile(server, () => getOk(server, path(365)));
  log(
    `  ${dialect} large: read of 365 days, nothing to refresh: ${year.ms.toFixed(0)} ms; longest /healthz meanwhile ${year.longest.toFixed(1)} ms of ${year.answers}`,
  );
  rows.push({
    figure: `metrics ${dialect} large: longest /healthz answer during a read of 365 days (nothing to refresh)`,
    value: `${year.longest.toFixed(1)} ms (${year.answers} answers)`,
    limit: `the read took ${year.ms.toFixed(0)} ms`,
    goal: 'measured',
    met: '',
  });
  const fresh = await probeWhile(server, () => getOk(server, path(30)));
  for (const [what, from] of [
    ['a new deployment', now - 3_600_000],
    ['a late push (30 days back)', now - 30 * DAY],
  ]) {
    await markStale(dialect, sqlTarget, data.large.id, 'acme/service-0', from);
    const probe = await probeWhile(server, () => getOk(server, path(30)));
    log(
      `  ${dialect} large: read of 30 days after ${what}: ${probe.ms.toFixed(0)} ms; longest /healthz meanwhile ${probe.longest.toFixed(1)} ms of ${probe.answers} (nothing to refresh: ${fresh.longest.toFixed(1)} ms of ${fresh.answers})`,
    );
    rows.push(
      {
        figure: `metrics ${dialect} large: read of 30 days after ${what} in one repository (refreshes it)`,
        value: `${probe.ms.toFixed(0)} ms`,
        limit: '',
        goal: 'measured',
        met: '',
      },
      {
        figure: `metrics ${dialect} large: longest /healthz answer during that read`,
        value: `${probe.longest.toFixed(1)} ms (${probe.answers} answers)`,
        limit: `${fresh.longest.toFixed(1)} ms with nothing to refresh`,
        goal: '< 100 ms',
        met: probe.longest < 100 ? 'MET' : 'MISSED',
      },
    );
  }
  return rows;
}

async function measure(dialect, server, sqlTarget, data, now) {
  const rows = [];
  for (const name of ['large', 'typical'])
    rows.push({
      figure: `metrics ${dialect} ${name}: building the caches at the end of the import`,
      value: `${data.built[name]} ms`,
      limit: '',
      goal: 'measured',
      met: '',
    });
  const tomorrow = Math.floor(now / DAY) * DAY + DAY;
  const get = (path) => getOk(server, path);
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
  rows.push(...(await readAfterNewData(dialect, server, sqlTarget, data, now)));
  // The HTTP round trip every endpoint call pays (GET /healthz), added to the SQL aggregate's time.
  const httpFloor = await timeIt(CALLS, () => request(server.base, { path: '/healthz' }));
  const sql = await sqlRunner(dialect, sqlTarget);
  const p = sql.placeholder;
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
        const endpoint = await timeIt(CALLS, () =>
          get(`/api/projects/${project.id}/metrics?from=${isoDay(from)}&to=${isoDay(tomorrow)}`),
        );
        const limit = await timeIt(CALLS, () =>
          sql.run(windowSql(p), dialect === 'sqlite' ? sqliteValues(project, from) : values(project, from)),
        );
        figures.push({ dialect, project: name, call: `metrics ${days} days`, endpoint, limit });
      }
      const from = tomorrow - 365 * DAY;
      const endpoint = await timeIt(CALLS, () =>
        get(`/api/projects/${project.id}/metrics/series?from=${isoDay(from)}&to=${isoDay(tomorrow)}&interval=week`),
      );
      const deploymentsPart = await timeIt(CALLS, () => sql.run(seriesSql(p), [project.id, from, tomorrow]));
      const commitsPart = await timeIt(CALLS, () => sql.run(seriesLeadTimeSql(p), [project.id, from, tomorrow]));
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
  const now = Date.now();
  return onEachDatabase({
    stage: 'metrics',
    about: `BENCH_SCALE=${scale}`,
    async prepare(handle) {
      const data = await generate(handle, scale, now);
      return { ...data, built: await buildCaches(handle, data) };
    },
    measure: (dialect, server, sqlTarget, data) => measure(dialect, server, sqlTarget, data, now),
  });
}
