// Stage 3 of the benchmark: the organization overview, `GET /api/metrics` over 90 days, on 500 typical projects
// (2 repositories, 1,000 deployments over two years in 3 environments, 4,000 commits in pushes, each), written
// straight through the storage layer as the metrics stage writes them (`generateProject` of bench/lib/dataset.mjs).
// BENCH_SCALE scales the number of projects (at least 10), not their size. The endpoint is timed (median of 10
// calls, after every project's lead-time cache was built by a read of each project) beside its limit: one hand-written SQL
// aggregate over the same rows for every project at once (grouped by project). The goal is absolute: under 1 s for
// 500 projects, scaled to the number of projects at a smaller BENCH_SCALE. A team of 20 of the projects, pooled,
// is timed beside it.
import { log, request, sqlRunner } from './lib/common.mjs';
import { DAY, generateProject, isoDay } from './lib/dataset.mjs';
import { getOk, onEachDatabase, probeWhile, timeIt } from './lib/read-stage.mjs';

const CALLS = 10;
const GOAL_MS_AT_500 = 1000;
const TEAM_SIZE = 20;

async function generate(handle, projects, now) {
  const started = Date.now();
  const list = [];
  for (let i = 0; i < projects; i++) {
    const project = {
      // Past the metrics stage's indexes, so the ids never meet.
      index: 1000 + i,
      id: `prj_overview_${i}`,
      repositories: 2,
      deployments: 1000,
      commits: 4000,
      now,
    };
    await generateProject(handle.db, project);
    list.push(project);
  }
  const seconds = (Date.now() - started) / 1000;
  log(
    `  generated ${projects} projects (${projects * 1000} deployments, ${projects * 4000} commits) in ${seconds.toFixed(0)} s`,
  );
  return { projects: list, seconds };
}

/** The limit: the figures' raw counts for every project in one grouped aggregate (deployments, days, failures, commits). */
function overviewSql(p) {
  return `select d.project_id,
      sum(case when d.status = 'success' then 1 else 0 end) as deployments,
      count(distinct case when d.status = 'success' then d.finished_at / ${DAY} end) as deployment_days,
      sum(case when d.status = 'failure' then 1 else 0 end) as failures,
      sum(d.commits_count) as commits,
      avg(d.lead_time_seconds) as lead_time
    from deployments d join environments e on e.id = d.environment_id
    where e.production = 1 and d.status in ('success', 'failure')
      and d.finished_at >= ${p(1)} and d.finished_at < ${p(2)}
    group by d.project_id`;
}

async function measure(dialect, server, sqlTarget, data, now) {
  const rows = [];
  const n = data.projects.length;
  const tomorrow = Math.floor(now / DAY) * DAY + DAY;
  const from = tomorrow - 90 * DAY;
  const path = `/api/metrics?from=${isoDay(from)}&to=${isoDay(tomorrow)}`;
  const get = (url) => getOk(server, url);
  // Every repository's lead-time cache is built first, one project per request as a server's background refresh
  // would (one request refreshing 1,000 repositories could outlast the HTTP client's timeout), timed on its own.
  const warmStarted = performance.now();
  for (const project of data.projects)
    await get(`/api/projects/${project.id}/metrics?from=${isoDay(from)}&to=${isoDay(tomorrow)}`);
  const warmMs = performance.now() - warmStarted;
  const first = await get(path);
  if (first.json.projects.length !== n)
    throw new Error(`the overview listed ${first.json.projects.length} of ${n} projects`);
  log(
    `  ${dialect}: lead-time caches of ${n * 2} repositories built in ${warmMs.toFixed(0)} ms; first overview ${first.ms.toFixed(0)} ms`,
  );
  rows.push({
    figure: `overview ${dialect}: build every lead-time cache (${n} project reads, 90 days)`,
    value: `${warmMs.toFixed(0)} ms`,
    limit: '',
    goal: 'measured separately',
    met: '',
  });
  const httpFloor = await timeIt(CALLS, () => request(server.base, { path: '/healthz' }));
  const cpuBefore = server.cpuMs();
  const endpoint = await timeIt(CALLS, () => get(path));
  const cpuPerCall = (server.cpuMs() - cpuBefore) / CALLS;
  const sql = await sqlRunner(dialect, sqlTarget);
  let limit;
  try {
    limit = await timeIt(CALLS, () => sql.run(overviewSql(sql.placeholder), [from, tomorrow]));
  } finally {
    await sql.close();
  }
  const goal = (GOAL_MS_AT_500 * n) / 500;
  log(
    `  ${dialect}: overview of ${n} projects, 90 days: ${endpoint.toFixed(1)} ms (SQL ${limit.toFixed(1)} ms + HTTP ${httpFloor.toFixed(1)} ms)`,
  );
  rows.push({
    figure: `overview ${dialect}: GET /api/metrics, ${n} projects, 90 days (median of ${CALLS})`,
    value: `${endpoint.toFixed(1)} ms`,
    limit: `SQL aggregate ${limit.toFixed(1)} ms + HTTP ${httpFloor.toFixed(1)} ms (${(endpoint / (limit + httpFloor)).toFixed(1)}x)`,
    goal: n === 500 ? `< ${GOAL_MS_AT_500} ms` : `< ${goal.toFixed(0)} ms (1 s at 500 projects, scaled to ${n})`,
    met: endpoint < goal ? 'MET' : 'MISSED',
  });

  // Another request meanwhile: `GET /healthz` back to back while the overview is read; its longest answer is how
  // long the overview held the server from other requests.
  const probe = await probeWhile(server, () => get(path));
  log(
    `  ${dialect}: overview read beside /healthz: ${probe.ms.toFixed(0)} ms; longest /healthz meanwhile ${probe.longest.toFixed(1)} ms of ${probe.answers}`,
  );
  rows.push({
    figure: `overview ${dialect}: longest /healthz answer during GET /api/metrics, ${n} projects`,
    value: `${probe.longest.toFixed(1)} ms (${probe.answers} answers)`,
    limit: `the read took ${probe.ms.toFixed(0)} ms`,
    goal: 'measured',
    met: '',
  });
  rows.push({
    figure: `overview ${dialect}: server CPU per GET /api/metrics, ${n} projects`,
    value: `${cpuPerCall.toFixed(1)} ms`,
    limit:
      'user + system time of the server process over the 10 calls / 10 (hardly depends on what else the machine does)',
    goal: 'measured',
    met: '',
  });

  const members = data.projects.slice(0, Math.min(TEAM_SIZE, n)).map((p) => p.id);
  const team = await server.api('POST', '/api/teams', { name: 'bench team', projectIds: members });
  if (team.status !== 201) throw new Error(`POST /api/teams answered ${team.status}: ${JSON.stringify(team.json)}`);
  const teamPath = `/api/teams/${team.json.id}/metrics?from=${isoDay(from)}&to=${isoDay(tomorrow)}`;
  await get(teamPath);
  const teamMs = await timeIt(CALLS, () => get(teamPath));
  log(`  ${dialect}: team of ${members.length} projects, pooled, 90 days: ${teamMs.toFixed(1)} ms`);
  rows.push({
    figure: `team ${dialect}: GET /api/teams/:id/metrics, ${members.length} projects pooled, 90 days (median of ${CALLS})`,
    value: `${teamMs.toFixed(1)} ms`,
    limit: '',
    goal: 'measured',
    met: '',
  });
  return { rows, endpoint, cpuPerCall, limit, httpFloor, warmMs, firstMs: first.ms, teamMs, projects: n };
}

export async function benchOverview({ scale }) {
  const now = Date.now();
  const projects = Math.max(10, Math.round(500 * scale));
  return onEachDatabase({
    stage: 'overview',
    about: `${projects} projects, BENCH_SCALE=${scale}`,
    prepare: (handle) => generate(handle, projects, now),
    measure: (dialect, server, sqlTarget, data) => measure(dialect, server, sqlTarget, data, now),
  });
}
