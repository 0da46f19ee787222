import { type Command, Option } from 'commander';
import { ROLES, type Role } from '../manage/access.js';
import { createProject, deleteProject, listProjects } from '../manage/projects.js';
import { revokeWebhook } from '../manage/revoke-webhook.js';
import { createToken, listTokens, revokeToken } from '../manage/tokens.js';
import { createWebhook, listWebhooks, renameWebhook, rotateSecret, type WebhookContext } from '../manage/webhooks.js';
import type { Runtime } from '../runtime.js';
import { confirm } from './confirm.js';
import { cliActor, withRuntime } from './context.js';

const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
const json = (value: unknown): void => out(JSON.stringify(value, null, 2));
const webhookContext = (r: Runtime): WebhookContext => ({
  db: r.database.db,
  secretBox: r.secretBox,
  publicUrl: r.config.publicUrl,
});

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** token, project and webhook commands: thin shells over src/manage, the same functions the API calls. */
export function addManageCommands(program: Command): void {
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
    .action((o: { name: string; role?: Role; project: string[] }) =>
      withRuntime(async (r) => {
        const made = await createToken(r.database.db, {
          name: o.name,
          role: o.role,
          projectIds: o.project.length === 0 ? undefined : o.project,
          actor: cliActor(),
          now: Date.now(),
        });
        const scope = made.projectIds === null ? 'every project' : `projects ${made.projectIds.join(', ')}`;
        out(`Token ${made.id} (${made.name}, ${made.role}, ${scope}), shown once:\n\n  ${made.token}\n`);
      }),
    );
  token
    .command('list')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) =>
      withRuntime(async (r) => {
        const tokens = await listTokens(r.database.db);
        if (o.json === true) return json({ tokens });
        for (const t of tokens) {
          const scope = t.projectIds === null ? 'every project' : t.projectIds.join(',');
          out(`${t.id}  ${t.name}  ${t.role}  ${scope}  created ${t.createdAt}  last used ${t.lastUsedAt ?? 'never'}`);
        }
      }),
    );
  token
    .command('revoke <id>')
    .option('--yes', 'do not ask for confirmation')
    .action((id: string, o: { yes?: boolean }) =>
      withRuntime(async (r) => {
        await confirm(`Revoke token ${id}? Its sessions end at once.`, o.yes);
        await revokeToken(r.database.db, { id, actor: cliActor(), now: Date.now() });
        out(`Token ${id} revoked.`);
      }),
    );

  const project = program.command('project').description('projects');
  project
    .command('create <name>')
    .option('--time-zone <zone>', 'IANA time zone for calendar days and weeks', 'UTC')
    .option('--json', 'print JSON')
    .action((name: string, o: { timeZone: string; json?: boolean }) =>
      withRuntime(async (r) => {
        const p = await createProject(r.database.db, {
          name,
          timeZone: o.timeZone,
          actor: cliActor(),
          now: Date.now(),
        });
        if (o.json === true) return json(p);
        out(`Project ${p.id} "${p.name}" (${p.timeZone}) created.`);
      }),
    );
  project
    .command('list')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) =>
      withRuntime(async (r) => {
        const projects = await listProjects(r.database.db);
        if (o.json === true) return json({ projects });
        for (const p of projects) out(`${p.id}  ${p.name}  ${p.timeZone}`);
      }),
    );
  project
    .command('delete <id>')
    .option('--yes', 'do not ask for confirmation')
    .action((id: string, o: { yes?: boolean }) =>
      withRuntime(async (r) => {
        await confirm(
          `Delete project ${id}, revoke its webhooks and delete all its deployments, commits and deliveries? This cannot be undone.`,
          o.yes,
        );
        await deleteProject(r.database.db, { id, actor: cliActor(), now: Date.now() });
        out(`Project ${id} deleted.`);
      }),
    );

  const webhook = program.command('webhook').description("a project's deployment webhooks");
  webhook
    .command('create')
    .requiredOption('--project <id>', 'the project')
    .requiredOption('--provider <provider>', 'github, gitlab, azure-devops or generic')
    .option('--name <name>', 'a name (default: names the provider)')
    .option('--json', 'print JSON')
    .action((o: { project: string; provider: string; name?: string; json?: boolean }) =>
      withRuntime(async (r) => {
        const made = await createWebhook(webhookContext(r), {
          projectId: o.project,
          provider: o.provider,
          name: o.name,
          actor: cliActor(),
          now: Date.now(),
        });
        if (o.json === true) return json(made);
        out(`Webhook ${made.id} "${made.name}" (${made.provider}). Paste these into the provider:\n`);
        out(`  URL:    ${made.url}`);
        out(`  Secret: ${made.secret}\n`);
      }),
    );
  webhook
    .command('list')
    .requiredOption('--project <id>', 'the project')
    .option('--include-revoked', 'list revoked webhooks too')
    .option('--json', 'print JSON')
    .action((o: { project: string; includeRevoked?: boolean; json?: boolean }) =>
      withRuntime(async (r) => {
        const webhooks = await listWebhooks(webhookContext(r), {
          projectId: o.project,
          includeRevoked: o.includeRevoked === true,
          now: Date.now(),
        });
        if (o.json === true) return json({ webhooks });
        for (const w of webhooks) {
          const state = w.revokedAt !== null ? 'revoked' : w.verifiedAt !== null ? 'verified' : 'not verified yet';
          out(
            `${w.id}  ${w.provider}  ${w.name}  ${state}  last delivery ${w.lastDeliveryAt ?? 'never'} ${w.lastDeliveryOutcome ?? ''}`.trimEnd(),
          );
        }
      }),
    );
  webhook.command('rename <id> <name>').action((id: string, name: string) =>
    withRuntime(async (r) => {
      const w = await renameWebhook(webhookContext(r), { id, name, actor: cliActor(), now: Date.now() });
      out(`Webhook ${w.id} renamed to "${w.name}".`);
    }),
  );
  webhook
    .command('rotate-secret <id>')
    .option('--grace-seconds <n>', 'how long the old secret stays valid', '86400')
    .action((id: string, o: { graceSeconds: string }) =>
      withRuntime(async (r) => {
        const result = await rotateSecret(webhookContext(r), {
          id,
          graceSeconds: Number(o.graceSeconds),
          actor: cliActor(),
          now: Date.now(),
        });
        out(`New secret (paste it into the provider):\n\n  ${result.secret}\n`);
        out(
          result.previousSecretExpiresAt === null
            ? 'The old secret no longer works.'
            : `The old secret works until ${result.previousSecretExpiresAt}.`,
        );
      }),
    );
  webhook
    .command('revoke <id>')
    .option('--yes', 'do not ask for confirmation')
    .action((id: string, o: { yes?: boolean }) =>
      withRuntime(async (r) => {
        await confirm(
          `Revoke webhook ${id}? Everything only it delivered is deleted, and this cannot be undone.`,
          o.yes,
        );
        const result = await revokeWebhook(r.database.db, { id, actor: cliActor(), now: Date.now() });
        const d = result.deleted;
        out(
          `Webhook ${id} revoked. Deleted ${d.deployments} deployments, ${d.commits} commits, ${d.deliveries} deliveries.`,
        );
      }),
    );
}
