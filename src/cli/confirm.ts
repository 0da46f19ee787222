import { createInterface } from 'node:readline/promises';
import { CliError } from './context.js';

/** Asks the user to type `yes`, unless --yes was given; without a terminal, --yes is required. */
export async function confirm(question: string, assumeYes: boolean | undefined): Promise<void> {
  if (assumeYes === true) return;
  if (!process.stdin.isTTY) throw new CliError(`${question} Add --yes to confirm when not at a terminal.`);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`${question} Type "yes" to go on: `);
    if (answer.trim().toLowerCase() !== 'yes') throw new CliError('Cancelled; nothing was changed.');
  } finally {
    rl.close();
  }
}
