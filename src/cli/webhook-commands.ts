import type { Command } from 'commander';
import { type RevokeResult, revokeWebhook } from '../manage/revoke-webhook.js';
import {
  createWebhook,
  listWebhooks,
  renameWebhook,
  rotateSecret,
  type WebhookContext,
  type WebhookView,
} from '../manage/webhooks.js';
import type { Runtime } from '../runtime.js';
import { confirm } from './confirm.js';
import { CliError, cliActor } from './context.js';
import { out, printJson } from './output.js';
import { onTarget, seg } from './target.js';

type NewWebhook = Awaited<ReturnType<typeof createWebhook>>;
type Rotated = Awaited<ReturnType<typeof rotateSecret>>;

const contextOf = (r: Runtime): WebhookContext => ({
  db: r.database.db,
  secretBox: r.secretBox,
  publicUrl: r.config.publicUrl,
});

function stateOf(w: WebhookView): string {
  return w.revokedAt !== null ? 'revoked' : w.verifiedAt !== null ? 'verified' : 'not verified yet';
}

/** `shipwatch webhook ...`: on the local database, or through the API with --server. */
export function addWebhookCommands(program: Command): void {
  const webhook = program.command('webhook').description("a project's deployment webhooks");
  webhook
    .command('create')
    .requiredOption('--project <id>', 'the project')
    .requiredOption('--provider <provider>', 'github, gitlab, azure-devops, generic, pagerduty or incident-io')
    .option('--name <name>', 'a name (default: names the provider)')
    .option('--secret <secret>', 'pagerduty and incident-io (required): the signing secret the provider made')
    .option('--json', 'print the API JSON')
    .action(async (o: { project: string; provider: string; name?: string; secret?: string; json?: boolean }) => {
      const made = await onTarget<NewWebhook>(
        program,
        (r) =>
          createWebhook(contextOf(r), {
            projectId: o.project,
            provider: o.provider,
            name: o.name,
            secret: o.secret,
            actor: cliActor(),
            now: Date.now(),
          }),
        (api) =>
          api.request('POST', `/projects/${seg(o.project)}/webhooks`, {
            provider: o.provider,
            ...(o.name === undefined ? {} : { name: o.name }),
            ...(o.secret === undefined ? {} : { secret: o.secret }),
          }),
      );
      if (o.json === true) return printJson(made);
      out(`Webhook ${made.id} "${made.name}" (${made.provider}). Paste these into the provider:\n`);
      out(`  URL:    ${made.url}`);
      out(`  Secret: ${made.secret}\n`);
    });
  webhook
    .command('list')
    .requiredOption('--project <id>', 'the project')
    .option('--include-revoked', 'list revoked webhooks too')
    .option('--json', 'print the API JSON')
    .action(async (o: { project: string; includeRevoked?: boolean; json?: boolean }) => {
      const includeRevoked = o.includeRevoked === true;
      const { webhooks } = await onTarget<{ webhooks: WebhookView[] }>(
        program,
        async (r) => ({
          webhooks: await listWebhooks(contextOf(r), { projectId: o.project, includeRevoked, now: Date.now() }),
        }),
        (api) =>
          api.request('GET', `/projects/${seg(o.project)}/webhooks${includeRevoked ? '?includeRevoked=true' : ''}`),
      );
      if (o.json === true) return printJson({ webhooks });
      for (const w of webhooks) {
        out(
          `${w.id}  ${w.provider}  ${w.name}  ${stateOf(w)}  last delivery ${w.lastDeliveryAt ?? 'never'} ${w.lastDeliveryOutcome ?? ''}`.trimEnd(),
        );
        out(`    ${w.url}`);
      }
    });
  webhook
    .command('rename <id> <name>')
    .option('--json', 'print the API JSON')
    .action(async (id: string, name: string, o: { json?: boolean }) => {
      const w = await onTarget<WebhookView>(
        program,
        (r) => renameWebhook(contextOf(r), { id, name, actor: cliActor(), now: Date.now() }),
        (api) => api.request('PATCH', `/webhooks/${seg(id)}`, { name }),
      );
      if (o.json === true) return printJson(w);
      out(`Webhook ${w.id} renamed to "${w.name}".`);
    });
  webhook
    .command('rotate-secret <id>')
    .option('--grace-seconds <n>', 'how long the old secret stays valid (0 to 2592000)', '86400')
    .option('--secret <secret>', "pagerduty and incident-io (required): the provider's new signing secret")
    .option('--json', 'print the API JSON')
    .action(async (id: string, o: { graceSeconds: string; secret?: string; json?: boolean }) => {
      if (!/^\d{1,7}$/.test(o.graceSeconds) || Number(o.graceSeconds) > 30 * 86_400)
        throw new CliError(`--grace-seconds must be a whole number from 0 to 2592000, got ${o.graceSeconds}.`, 2);
      const graceSeconds = Number(o.graceSeconds);
      const result = await onTarget<Rotated>(
        program,
        (r) => rotateSecret(contextOf(r), { id, graceSeconds, secret: o.secret, actor: cliActor(), now: Date.now() }),
        (api) =>
          api.request('POST', `/webhooks/${seg(id)}/rotate-secret`, {
            graceSeconds,
            ...(o.secret === undefined ? {} : { secret: o.secret }),
          }),
      );
      if (o.json === true) return printJson(result);
      out(`New secret (paste it into the provider):\n\n  ${result.secret}\n`);
      out(
        result.previousSecretExpiresAt === null
          ? 'The old secret no longer works.'
          : `The old secret works until ${result.previousSecretExpiresAt}.`,
      );
    });
  webhook
    .command('revoke <id>')
    .option('--yes', 'do not ask for confirmation')
    .option('--json', 'print the API JSON')
    .action(async (id: string, o: { yes?: boolean; json?: boolean }) => {
      await confirm(`Revoke webhook ${id}? Everything only it delivered is deleted, and this cannot be undone.`, o.yes);
      const result = await onTarget<RevokeResult>(
        program,
        (r) => revokeWebhook(r.database.db, { id, actor: cliActor(), now: Date.now() }),
        (api) => api.request('POST', `/webhooks/${seg(id)}/revoke`),
      );
      if (o.json === true) return printJson(result);
      const d = result.deleted;
      out(
        `Webhook ${id} revoked. Deleted ${d.deployments} deployments, ${d.commits} commits, ${d.deliveries} deliveries.`,
      );
    });
}
