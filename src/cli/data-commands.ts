import type { Command } from 'commander';
import { type ReplayResult, replayDeliveries } from '../ingest/replay.js';
import { parseQueryTime } from '../metrics/index.js';
import { getMetrics, type MetricsBody } from '../reports/metrics.js';
import { CliError } from './context.js';
import { formatMetricsTable } from './format-metrics.js';
import { onTarget, seg } from './target.js';

/** metrics and replay: thin shells over src/reports and src/ingest. */
export function addDataCommands(program: Command): void {
  program
    .command('metrics')
    .description('the five DORA figures of a project and its time to restore service, as a table or JSON')
    .requiredOption('--project <id>', 'the project')
    .option(
      '--from <time>',
      'window start: RFC 3339 or YYYY-MM-DD in the project time zone (default: 30 days before --to)',
    )
    .option('--to <time>', 'window end, exclusive (default: the start of tomorrow)')
    .option('--repository <name>', 'only this repository')
    .option('--json', 'print the API JSON')
    .action(async (o: { project: string; from?: string; to?: string; repository?: string; json?: boolean }) => {
      const query = new URLSearchParams();
      for (const [key, value] of [
        ['from', o.from],
        ['to', o.to],
        ['repository', o.repository],
      ] as const) {
        if (value !== undefined) query.set(key, value);
      }
      const search = query.size === 0 ? '' : `?${query.toString()}`;
      const metrics = await onTarget<MetricsBody>(
        program,
        (r) => getMetrics(r.database.db, o.project, { from: o.from, to: o.to, repository: o.repository }, Date.now()),
        (api) => api.request('GET', `/projects/${seg(o.project)}/metrics${search}`),
      );
      process.stdout.write(o.json === true ? `${JSON.stringify(metrics, null, 2)}\n` : formatMetricsTable(metrics));
    });
  program
    .command('replay')
    .description(
      "re-derive what a webhook's deliveries stored (deployments, statuses, commits, pull requests, incidents) from their kept raw bodies, after a parser fix: corrects what was stored wrong, removes what the parser no longer derives; a body past its raw-body retention cannot be replayed and what it stored is kept",
    )
    .requiredOption('--webhook <id>', 'the webhook')
    .option('--since <time>', 'only deliveries received since (RFC 3339 or YYYY-MM-DD, UTC)')
    .option('--json', "print the API's JSON answer")
    .action(async (o: { webhook: string; since?: string; json?: boolean }) => {
      let since: number | undefined;
      if (o.since !== undefined) {
        const parsed = parseQueryTime(o.since, 'UTC', '--since');
        if (!parsed.ok) throw new CliError(parsed.message);
        since = parsed.instant;
      }
      const query = since === undefined ? '' : `?since=${encodeURIComponent(new Date(since).toISOString())}`;
      const result = await onTarget<ReplayResult>(
        program,
        (r) =>
          replayDeliveries(r.database.db, {
            webhookId: o.webhook,
            ...(since === undefined ? {} : { since }),
            now: Date.now(),
          }),
        (api) => api.request('POST', `/webhooks/${seg(o.webhook)}/replay${query}`),
      );
      if (o.json === true) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `Replayed ${result.replayed} deliveries: ${result.stored} records stored, ${result.corrected} corrected, ${result.removed} removed; ${result.ignored} deliveries ignored.\n` +
          (result.pastRetention > 0
            ? `${result.pastRetention} deliveries are past their raw-body retention and could not be replayed: what they stored is kept as it is, and nothing is removed.\n`
            : ''),
      );
    });
}
