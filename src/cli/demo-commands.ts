import type { Command } from 'commander';
import type { Config } from '../config.js';
import { createDemo, createDemoIfEmpty, type DemoSummary } from '../demo/create-demo.js';
import { DEMO_DAYS } from '../demo/demo-history.js';
import { createLogger } from '../logger.js';
import { webhookUrl } from '../manage/webhooks.js';
import { openRuntime } from '../runtime.js';
import { CliError, cliActor } from './context.js';
import { printJson } from './output.js';
import { onLocal } from './target.js';

/** `shipwatch demo [--seed N] [--days N] [--json]`: the demo project, made through the real receivers. */
export function addDemoCommands(program: Command): void {
  program
    .command('demo')
    .description(
      'create the project "Demo: acme/checkout": six months of history sent through GitHub, GitLab and Azure DevOps webhooks',
    )
    .option('--seed <n>', 'the same seed gives the same history (on the same day)', '1')
    .option('--days <n>', 'how many days of history, up to now', String(DEMO_DAYS))
    .option(
      '--json',
      'print what was made as JSON (project, webhooks, deployments, pushes, deliveries, elapsedMs, url, problems)',
    )
    .action((o: { seed: string; days: string; json?: boolean }) =>
      onLocal(
        program,
        'demo',
        async (r) => {
          if (!/^\d{1,9}$/.test(o.seed)) throw new CliError(`--seed must be a whole number, got ${o.seed}.`, 2);
          if (!/^\d{1,4}$/.test(o.days) || Number(o.days) < 1 || Number(o.days) > 3660)
            throw new CliError(`--days must be a whole number of days from 1 to 3660, got ${o.days}.`, 2);
          const summary = await createDemo(r, {
            seed: Number(o.seed),
            days: Number(o.days),
            now: Date.now(),
            actor: cliActor(),
          });
          if (o.json) printJson(demoJson(summary, r.config.publicUrl));
          else process.stdout.write(`${describeDemo(summary, r.config.publicUrl)}\n`);
        },
        { create: true },
      ),
    );
}

/**
 * `demo --json`: what the human lines say, as data: the project as the API answers it, each webhook's provider, id
 * and URL, the deployments and pushes sent, the deliveries by outcome with their total, the time taken, the page to
 * open and the deliveries not accepted (a demo expects none).
 */
export function demoJson(s: DemoSummary, publicUrl: string) {
  const { accepted, duplicate, ignored, rejected } = s.deliveries;
  return {
    project: s.project,
    webhooks: Object.entries(s.webhooks).map(([provider, id]) => ({ provider, id, url: webhookUrl(publicUrl, id) })),
    deployments: s.deployments,
    pushes: s.pushes,
    deliveries: { accepted, duplicate, ignored, rejected, total: accepted + duplicate + ignored + rejected },
    elapsedMs: s.elapsedMs,
    url: publicUrl,
    problems: s.problems,
  };
}

export function describeDemo(s: DemoSummary, publicUrl: string): string {
  const total = s.deliveries.accepted + s.deliveries.duplicate + s.deliveries.ignored + s.deliveries.rejected;
  const lines = [
    `Demo project ${s.project.id} "${s.project.name}" created: ${s.deployments} deployments and ${s.pushes} pushes from GitHub, GitLab and Azure DevOps webhooks (${total} deliveries in ${(s.elapsedMs / 1000).toFixed(1)} s).`,
    `Open ${publicUrl} and pick the project; delete it with: shipwatch project delete ${s.project.id}`,
  ];
  for (const problem of s.problems) lines.push(`  not accepted: ${problem}`);
  return lines.join('\n');
}

/**
 * `serve --demo`, once the server listens: the demo, when the database has no project. With its own connection
 * and receiver (`src/ingest/receive-request.ts`); a failure is logged and leaves the server running.
 */
export async function demoOnStart(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  try {
    const runtime = await openRuntime(config, logger);
    try {
      const made = await createDemoIfEmpty(runtime, { seed: 1, now: Date.now(), actor: 'serve --demo' });
      if (made === null) logger.info('--demo: the database already has projects; no demo made');
      else logger.info({ projectId: made.project.id }, describeDemo(made, config.publicUrl));
    } finally {
      await runtime.database.close();
    }
  } catch (error) {
    logger.error({ err: error }, '--demo: the demo project could not be made');
  }
}
