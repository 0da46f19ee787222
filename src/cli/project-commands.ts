import type { Command } from 'commander';
import { createProject, deleteProject, listProjects, type ProjectView } from '../manage/projects.js';
import { confirm } from './confirm.js';
import { cliActor } from './context.js';
import { out, printJson } from './output.js';
import { onTarget, seg } from './target.js';

/** `shipwatch project ...`: on the local database, or through the API with --server. */
export function addProjectCommands(program: Command): void {
  const project = program.command('project').description('projects');
  project
    .command('create <name>')
    .option('--time-zone <zone>', 'IANA time zone for calendar days and weeks', 'UTC')
    .option('--json', 'print the API JSON')
    .action(async (name: string, o: { timeZone: string; json?: boolean }) => {
      const p = await onTarget<ProjectView>(
        program,
        (r) => createProject(r.database.db, { name, timeZone: o.timeZone, actor: cliActor(), now: Date.now() }),
        (api) => api.request('POST', '/projects', { name, timeZone: o.timeZone }),
      );
      if (o.json === true) return printJson(p);
      out(`Project ${p.id} "${p.name}" (${p.timeZone}) created.`);
    });
  project
    .command('list')
    .option('--json', 'print the API JSON')
    .action(async (o: { json?: boolean }) => {
      const { projects } = await onTarget<{ projects: ProjectView[] }>(
        program,
        async (r) => ({ projects: await listProjects(r.database.db) }),
        (api) => api.request('GET', '/projects'),
      );
      if (o.json === true) return printJson({ projects });
      for (const p of projects) out(`${p.id}  ${p.name}  ${p.timeZone}`);
    });
  project
    .command('delete <id>')
    .option('--yes', 'do not ask for confirmation')
    .option('--json', 'print {"deleted": <id>}')
    .action(async (id: string, o: { yes?: boolean; json?: boolean }) => {
      await confirm(
        `Delete project ${id}, revoke its webhooks and delete all its deployments, commits and deliveries? This cannot be undone.`,
        o.yes,
      );
      await onTarget(
        program,
        (r) => deleteProject(r.database.db, { id, actor: cliActor(), now: Date.now() }),
        (api) => api.request<undefined>('DELETE', `/projects/${seg(id)}`),
      );
      if (o.json === true) return printJson({ deleted: id });
      out(`Project ${id} deleted.`);
    });
}
