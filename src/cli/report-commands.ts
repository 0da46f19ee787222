import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { reporterPath } from '../reporter/reporter-path.js';

interface ReporterModule {
  main(argv: string[]): Promise<number>;
}

/**
 * `shipwatch report-deployment ...`: runs the very file the server serves at /reporter.mjs, with the same
 * options (`shipwatch report-deployment --help`), so the CLI and `node reporter.mjs` cannot disagree.
 */
export function addReportCommands(program: Command): void {
  program
    .command('report-deployment')
    .description('report one deployment to a generic webhook (the same program as <shipwatch>/reporter.mjs; --help)')
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .argument('[options...]', 'the reporter options: --url, --secret, --environment, --status, --git, ...')
    .action(async (args: string[]) => {
      const reporter = (await import(pathToFileURL(reporterPath()).href)) as ReporterModule;
      process.exitCode = await reporter.main(args);
    });
}
