import { CliError } from './context.js';

/** The management API of a running Shipwatch, as the CLI's `--server` mode uses it. */
export interface ApiClient {
  readonly server: string;
  request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** The contract's error body: `{"error": {"code", "message"}}`. */
interface ErrorBody {
  readonly error?: { readonly code?: unknown; readonly message?: unknown };
}

/**
 * A client of `<server>/api` with a bearer token, on Node's fetch. A non-2xx answer becomes a CliError carrying the
 * API's own message (the catalogue's text), so a remote failure reads like a local one.
 */
export function createApiClient(server: string, token: string): ApiClient {
  if (!URL.canParse(server)) throw new CliError(`--server must be a URL such as https://shipwatch.example.com.`, 2);
  const base = new URL(server);
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new CliError('--server must be an http:// or https:// URL.', 2);
  const root = base.href.replace(/\/+$/, '');
  return {
    server: root,
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const url = `${root}/api${path}`;
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
        throw new CliError(`cannot reach the Shipwatch server at ${root}${cause}`);
      }
      const text = await response.text();
      if (!response.ok) throw new CliError(failureMessage(response.status, text, root));
      if (text === '') return undefined as T;
      return JSON.parse(text) as T;
    },
  };
}

function failureMessage(status: number, text: string, root: string): string {
  let parsed: ErrorBody = {};
  try {
    parsed = JSON.parse(text) as ErrorBody;
  } catch {
    // not JSON: a proxy's page, say; the status is all we can report
  }
  const message = typeof parsed.error?.message === 'string' ? parsed.error.message : `HTTP ${status}`;
  const code = typeof parsed.error?.code === 'string' ? ` (${parsed.error.code})` : '';
  const hint = status === 401 ? ' Give an API token with --token or SHIPWATCH_TOKEN.' : '';
  return `${root} answered ${status}${code}: ${message}${hint}`;
}
