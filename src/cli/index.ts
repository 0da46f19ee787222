import { Command, Option } from 'commander';
import { createDatabase } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrate.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { serve } from '../main.js';
import { CliError, configFromEnv } from './context.js';
import { addDataCommands } from './data-commands.js';
import { addDemoCommands, demoOnStart } from './demo-commands.js';
import { addImportCommands } from './import-commands.js';
import { addManageCommands } from './manage-commands.js';
import { addReportCommands } from './report-commands.js';

/** `shipwatch`: the command line. Commands open the database with the server's configuration. */
export function buildProgram(): Command {
  const program = new Command('shipwatch')
    .description(
      'Shipwatch: DORA metrics from deployment webhooks. Configuration comes from environment variables (see README); with --server, commands go to a running server instead of the local database.',
    )
    .showHelpAfterError()
    .addOption(
      new Option(
        '--server <url>',
        'send token, project, webhook and metrics commands to this Shipwatch server through its API',
      ).env('SHIPWATCH_SERVER'),
    )
    .addOption(new Option('--token <token>', 'an API token of that server').env('SHIPWATCH_TOKEN'));
  program
    .command('serve', { isDefault: true })
    .description('serve the API, the receiver and the web page')
    .option('--demo', 'once listening, create the demo project if the database has no project yet')
    .action(async (o: { demo?: boolean }) => {
      const config = configFromEnv();
      await serve(config);
      if (o.demo === true) await demoOnStart(config);
    });
  program
    .command('migrate')
    .description('apply database migrations (the server also does this at start)')
    .action(async () => {
      const config = configFromEnv();
      const database = createDatabase(config);
      try {
        const applied = await migrateToLatest(database);
        process.stdout.write(
          applied.length === 0 ? 'The database is up to date.\n' : `Applied: ${applied.join(', ')}\n`,
        );
      } finally {
        await database.close();
      }
    });
  addManageCommands(program);
  addDataCommands(program);
  addReportCommands(program);
  addImportCommands(program);
  addDemoCommands(program);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`shipwatch: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const hint = isDatabaseUnavailable(error)
      ? ' (cannot reach the database: check DATABASE_URL and that PostgreSQL is running)'
      : '';
    process.stderr.write(`shipwatch: ${message}${hint}\n`);
    process.exitCode = 1;
  }
}

const invoked = process.argv[1] ?? '';
if (import.meta.url === `file://${invoked}` || invoked.endsWith('/cli/index.js')) {
  void runCli(process.argv);
}
