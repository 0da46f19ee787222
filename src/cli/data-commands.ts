import type { Command } from 'commander';
import { replayDeliveries } from '../ingest/replay.js';
import { parseQueryTime } from '../metrics/index.js';
import { getMetrics, type MetricsBody } from '../reports/metrics.js';
import { CliError } from './context.js';
import { formatMetricsTable } from './format-metrics.js';
import { onLocal, onTarget, seg } from './target.js';

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
    .description("re-derive deployments, statuses and commits from a webhook's kept raw bodies (after a parser fix)")
    .requiredOption('--webhook <id>', 'the webhook')
    .option('--since <time>', 'only deliveries received since (RFC 3339 or YYYY-MM-DD, UTC)')
    .action((o: { webhook: string; since?: string }) => {
      return onLocal(program, 'replay', async (r) => {
        let since: number | undefined;
        if (o.since !== undefined) {
          const parsed = parseQueryTime(o.since, 'UTC', '--since');
          if (!parsed.ok) throw new CliError(parsed.message);
          since = parsed.instant;
        }
        const result = await replayDeliveries(r.database.db, {
          webhookId: o.webhook,
          ...(since === undefined ? {} : { since }),
          now: Date.now(),
        });
        process.stdout.write(
          `Replayed ${result.replayed} deliveries: ${result.stored} stored something new, ${result.ignored} still ignored.\n` +
            (result.pastRetention > 0
              ? `${result.pastRetention} deliveries are past their raw-body retention and could not be replayed.\n`
              : ''),
        );
      });
    });
}
