import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { type ImportSummary, importHistory } from '../history-import/import-history.js';
import { createProgress } from '../history-import/progress.js';
import { activeSecrets } from '../ingest/active-secrets.js';
import { createRequestReceiver } from '../ingest/receive-request.js';
import { getWebhookRow } from '../manage/webhooks.js';
import { CliError } from './context.js';
import { onLocal } from './target.js';

/** `shipwatch import --webhook <id> <file.jsonl>`: past deployments through a generic webhook (docs/PROVIDERS.md). */
export function addImportCommands(program: Command): void {
  program
    .command('import <file>')
    .description(
      'load past deployments from a JSON Lines file (one generic webhook body per line) through a generic webhook; a re-run is idempotent',
    )
    .requiredOption('--webhook <id>', 'the generic webhook to import through (its project gets the deployments)')
    .option('--json', 'print the summary as JSON (lines, accepted, duplicate, ignored, rejected, problems)')
    .action((file: string, o: { webhook: string; json?: boolean }) =>
      onLocal(program, 'import', async (r) => {
        const size = await stat(file).then(
          (s) => s.size,
          () => {
            throw new CliError(`cannot read ${file}: no such file.`);
          },
        );
        const webhook = await getWebhookRow(r.database.db, o.webhook);
        if (webhook.revoked_at !== null) throw new CliError(`Webhook ${webhook.id} is revoked; it takes no more data.`);
        if (webhook.provider !== 'generic') {
          throw new CliError(
            `Webhook ${webhook.id} is a ${webhook.provider} webhook: import takes a generic one (shipwatch webhook create --project ${webhook.project_id} --provider generic).`,
          );
        }
        const [secret] = activeSecrets(webhook, r.secretBox, Date.now());
        if (secret === undefined) throw new CliError(`Webhook ${webhook.id} has no secret.`);
        // Each line goes through the receiver use case, as a delivery to POST /hooks/<id> does.
        const receiver = createRequestReceiver({ ...r, now: Date.now });
        const progress = createProgress(process.stderr, size);
        let summary: ImportSummary;
        try {
          const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
          summary = await importHistory({
            receiver,
            webhookId: webhook.id,
            secret,
            lines,
            onProgress: progress.update,
          });
        } finally {
          progress.finish();
        }
        process.stdout.write(
          o.json === true ? `${JSON.stringify(summary, null, 2)}\n` : `${formatSummary(file, summary)}\n`,
        );
        if (summary.ignored + summary.rejected > 0) process.exitCode = 1;
      }),
    );
}

export function formatSummary(file: string, s: ImportSummary): string {
  const lines = [
    `Imported ${file}: ${s.lines} lines, ${s.accepted} accepted, ${s.duplicate} duplicate, ${s.ignored} ignored, ${s.rejected} rejected.`,
  ];
  for (const p of s.problems) lines.push(`  line ${p.line} ${p.outcome}: ${p.reason}`);
  const more = s.ignored + s.rejected - s.problems.length;
  if (more > 0) lines.push(`  ... and ${more} more (the webhook's delivery log lists them).`);
  return lines.join('\n');
}
