import { type Command, Option } from 'commander';
import { ROLES, type Role } from '../manage/access.js';
import { createToken, listTokens, revokeToken, type TokenView } from '../manage/tokens.js';
import { confirm } from './confirm.js';
import { cliActor } from './context.js';
import { out, printJson } from './output.js';
import { onTarget, seg } from './target.js';

type NewToken = Awaited<ReturnType<typeof createToken>>;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `shipwatch token ...`: on the local database, or through the API with --server. */
export function addTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens for the management API and the web page');
  token
    .command('create')
    .description('make an API token (shown once)')
    .option('--name <name>', 'a name to recognise it by', 'CLI token')
    .addOption(
      new Option('--role <role>', 'admin (default), maintainer or viewer (viewer when limited to projects)').choices(
        ROLES,
      ),
    )
    .option('--project <projectId>', 'limit the token to this project (repeat for more)', collect, [])
    .option('--json', 'print the API JSON')
    .action(async (o: { name: string; role?: Role; project: string[]; json?: boolean }) => {
      const projectIds = o.project.length === 0 ? undefined : o.project;
      const made = await onTarget<NewToken>(
        program,
        (r) =>
          createToken(r.database.db, { name: o.name, role: o.role, projectIds, actor: cliActor(), now: Date.now() }),
        (api) =>
          api.request('POST', '/tokens', {
            name: o.name,
            ...(o.role === undefined ? {} : { role: o.role }),
            ...(projectIds === undefined ? {} : { projectIds }),
          }),
      );
      if (o.json === true) return printJson(made);
      const scope = made.projectIds === null ? 'every project' : `projects ${made.projectIds.join(', ')}`;
      out(`Token ${made.id} (${made.name}, ${made.role}, ${scope}), shown once:\n\n  ${made.token}\n`);
    });
  token
    .command('list')
    .option('--json', 'print the API JSON')
    .action(async (o: { json?: boolean }) => {
      const { tokens } = await onTarget<{ tokens: TokenView[] }>(
        program,
        async (r) => ({ tokens: await listTokens(r.database.db) }),
        (api) => api.request('GET', '/tokens'),
      );
      if (o.json === true) return printJson({ tokens });
      for (const t of tokens) {
        const scope = t.projectIds === null ? 'every project' : t.projectIds.join(',');
        out(`${t.id}  ${t.name}  ${t.role}  ${scope}  created ${t.createdAt}  last used ${t.lastUsedAt ?? 'never'}`);
      }
    });
  token
    .command('revoke <id>')
    .option('--yes', 'do not ask for confirmation')
    .option('--json', 'print {"revoked": <id>}')
    .action(async (id: string, o: { yes?: boolean; json?: boolean }) => {
      await confirm(`Revoke token ${id}? Its sessions end at once.`, o.yes);
      await onTarget(
        program,
        (r) => revokeToken(r.database.db, { id, actor: cliActor(), now: Date.now() }),
        (api) => api.request<undefined>('DELETE', `/tokens/${seg(id)}`),
      );
      if (o.json === true) return printJson({ revoked: id });
      out(`Token ${id} revoked.`);
    });
}
