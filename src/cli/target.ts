import type { Command } from 'commander';
import type { Runtime } from '../runtime.js';
import { type ApiClient, createApiClient } from './api-client.js';
import { CliError, withRuntime } from './context.js';

/** Where a command that reads or manages goes: the local database, or a server's API (`--server`, `--token`). */
export function apiClientOf(program: Command): ApiClient | null {
  const o = program.opts<{ server?: string; token?: string }>();
  if (o.server === undefined || o.server === '') {
    if (o.token !== undefined && o.token !== '')
      throw new CliError('--token (or SHIPWATCH_TOKEN) needs --server <url> (or SHIPWATCH_SERVER) too.', 2);
    return null;
  }
  if (o.token === undefined || o.token === '') {
    throw new CliError(
      "--server needs an API token of that server: --token <token> or SHIPWATCH_TOKEN (make one on the page's Tokens, or with `shipwatch token create` on its host).",
      2,
    );
  }
  return createApiClient(o.server, o.token);
}

/** Runs `local` on the local database, or `remote` on the server's API: both return what the command prints. */
export async function onTarget<T>(
  program: Command,
  local: (runtime: Runtime) => Promise<T>,
  remote: (api: ApiClient) => Promise<T>,
): Promise<T> {
  const api = apiClientOf(program);
  return api === null ? withRuntime(local) : remote(api);
}

/** A path segment, escaped. */
export const seg = (value: string): string => encodeURIComponent(value);

/**
 * For a command the API does not offer (import, demo): opens the local database, refusing `--server` rather
 * than quietly working on a local database instead.
 */
export function onLocal<T>(
  program: Command,
  command: string,
  run: (runtime: Runtime) => Promise<T>,
  options: { readonly create?: boolean } = {},
): Promise<T> {
  if (apiClientOf(program) !== null) {
    throw new CliError(
      `\`${command}\` works on the server's own database, not through --server: run it on the server's host with its SHIPWATCH_DATA_DIR (or DATABASE_URL).`,
      2,
    );
  }
  return withRuntime(run, options);
}
