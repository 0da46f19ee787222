import type { Command } from 'commander';
import type { Access } from '../manage/access.js';
import { createTeam, deleteTeam, getTeamView, listTeams, type TeamView, updateTeam } from '../manage/teams.js';
import { getOverview, type OverviewLine } from '../reports/overview.js';
import { getTeamMetrics, type TeamMetricsBody } from '../reports/team-metrics.js';
import { confirm } from './confirm.js';
import { cliActor } from './context.js';
import { formatMetricsTable, humanDuration } from './format-metrics.js';
import { out, printJson } from './output.js';
import { onTarget, seg } from './target.js';

/** The local database: the shell on the server's host sees every project, as an admin. */
const LOCAL: Access = { role: 'admin', projectIds: null };

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface WindowOptions {
  from?: string;
  to?: string;
  json?: boolean;
}

function windowSearch(o: WindowOptions): string {
  const query = new URLSearchParams();
  if (o.from !== undefined) query.set('from', o.from);
  if (o.to !== undefined) query.set('to', o.to);
  return query.size === 0 ? '' : `?${query.toString()}`;
}

const windowQuery = (o: WindowOptions) => ({ from: o.from, to: o.to });

function overviewTable(lines: readonly OverviewLine[]): string {
  const rows = lines.map((p) => [
    p.name,
    `${p.deploymentFrequency.deployments} on ${p.deploymentFrequency.deploymentDays} days`,
    humanDuration(p.leadTimeForChanges.medianSeconds),
    p.changeFailureRate.rate === null ? '-' : `${(p.changeFailureRate.rate * 100).toFixed(1)} %`,
    humanDuration(p.failedDeploymentRecoveryTime.medianSeconds),
    p.projectId,
  ]);
  const header = ['Project', 'Deployments', 'Lead time', 'Failure rate', 'Recovery', 'Id'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `shipwatch overview` and `shipwatch team ...`: on the local database, or through the API with --server. */
export function addTeamCommands(program: Command): void {
  program
    .command('overview')
    .description("every project's figures over one window (dates in each project's time zone)")
    .option('--from <time>', 'window start: RFC 3339 or YYYY-MM-DD (default: 30 days before --to)')
    .option('--to <time>', 'window end, exclusive (default: the start of tomorrow)')
    .option('--json', 'print the API JSON')
    .action(async (o: WindowOptions) => {
      const overview = await onTarget<{ projects: OverviewLine[] }>(
        program,
        (r) => getOverview(r.database.db, LOCAL, windowQuery(o), Date.now()),
        (api) => api.request('GET', `/metrics${windowSearch(o)}`),
      );
      if (o.json === true) return printJson(overview);
      out(overviewTable(overview.projects));
    });

  const team = program.command('team').description('teams of projects and their pooled figures');
  const show = (t: TeamView) => out(`${t.id}  ${t.name}  ${t.timeZone}  projects ${t.projectIds.join(', ')}`);
  team
    .command('list')
    .option('--json', 'print the API JSON')
    .action(async (o: { json?: boolean }) => {
      const { teams } = await onTarget<{ teams: TeamView[] }>(
        program,
        async (r) => ({ teams: await listTeams(r.database.db, LOCAL) }),
        (api) => api.request('GET', '/teams'),
      );
      if (o.json === true) return printJson({ teams });
      for (const t of teams) show(t);
    });
  team
    .command('create <name>')
    .requiredOption(
      '--project <projectId>',
      'a project of the team (repeat for more; the first gives the time zone)',
      collect,
      [],
    )
    .option('--time-zone <zone>', "IANA time zone (default: the first project's)")
    .option('--json', 'print the API JSON')
    .action(async (name: string, o: { project: string[]; timeZone?: string; json?: boolean }) => {
      const body = { name, projectIds: o.project, ...(o.timeZone === undefined ? {} : { timeZone: o.timeZone }) };
      const made = await onTarget<TeamView>(
        program,
        (r) => createTeam(r.database.db, { ...body, access: LOCAL, actor: cliActor(), now: Date.now() }),
        (api) => api.request('POST', '/teams', body),
      );
      if (o.json === true) return printJson(made);
      out(`Team ${made.id} "${made.name}" (${made.timeZone}) created with ${made.projectIds.length} projects.`);
    });
  team
    .command('show <id>')
    .option('--json', 'print the API JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const found = await onTarget<TeamView>(
        program,
        (r) => getTeamView(r.database.db, LOCAL, id),
        (api) => api.request('GET', `/teams/${seg(id)}`),
      );
      if (o.json === true) return printJson(found);
      show(found);
    });
  team
    .command('rename <id> <name>')
    .option('--json', 'print the API JSON')
    .action(async (id: string, name: string, o: { json?: boolean }) => {
      const changed = await onTarget<TeamView>(
        program,
        (r) => updateTeam(r.database.db, { id, name, access: LOCAL, actor: cliActor(), now: Date.now() }),
        (api) => api.request('PATCH', `/teams/${seg(id)}`, { name }),
      );
      if (o.json === true) return printJson(changed);
      out(`Team ${changed.id} renamed "${changed.name}".`);
    });
  team
    .command('delete <id>')
    .option('--yes', 'do not ask for confirmation')
    .option('--json', 'print {"deleted": <id>}')
    .action(async (id: string, o: { yes?: boolean; json?: boolean }) => {
      await confirm(`Delete team ${id}? Its projects and their data stay.`, o.yes);
      await onTarget(
        program,
        (r) => deleteTeam(r.database.db, { id, access: LOCAL, actor: cliActor(), now: Date.now() }),
        (api) => api.request<undefined>('DELETE', `/teams/${seg(id)}`),
      );
      if (o.json === true) return printJson({ deleted: id });
      out(`Team ${id} deleted.`);
    });
  team
    .command('metrics <id>')
    .description("the figures pooled over the team's projects, in the team's time zone")
    .option('--from <time>', "window start: RFC 3339 or YYYY-MM-DD in the team's time zone")
    .option('--to <time>', 'window end, exclusive (default: the start of tomorrow)')
    .option('--json', 'print the API JSON')
    .action(async (id: string, o: WindowOptions) => {
      const metrics = await onTarget<TeamMetricsBody>(
        program,
        (r) => getTeamMetrics(r.database.db, LOCAL, id, windowQuery(o), Date.now()),
        (api) => api.request('GET', `/teams/${seg(id)}/metrics${windowSearch(o)}`),
      );
      if (o.json === true) return printJson(metrics);
      process.stdout.write(formatMetricsTable(metrics));
      out(`\nPooled over ${metrics.projects.length} projects: ${metrics.projects.map((p) => p.projectId).join(', ')}`);
    });
}
