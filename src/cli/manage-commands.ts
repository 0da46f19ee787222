import type { Command } from 'commander';
import { addProjectCommands } from './project-commands.js';
import { addTeamCommands } from './team-commands.js';
import { addTokenCommands } from './token-commands.js';
import { addWebhookCommands } from './webhook-commands.js';

/** token, project, webhook, team and overview commands: thin shells over src/manage (locally) or the API (`--server`). */
export function addManageCommands(program: Command): void {
  addTokenCommands(program);
  addProjectCommands(program);
  addWebhookCommands(program);
  addTeamCommands(program);
}
