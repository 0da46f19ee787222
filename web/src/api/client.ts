import type {
  ApiErrorBody,
  ApiToken,
  Delivery,
  DeliveryOutcome,
  Deployment,
  Environment,
  Incident,
  Me,
  MetricSeries,
  Metrics,
  NewApiToken,
  NewWebhook,
  Project,
  ProjectSettings,
  ProviderId,
  RevokeResult,
  Role,
  RotatedSecret,
  SeriesInterval,
  Session,
  Webhook,
} from './types';

/** An answer other than 2xx, carrying the API's own `error.code` and `error.message`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {};

/** Called when any call but signing in answers 401: the app sends the user back to sign in. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

type Query = Record<string, string | number | boolean | null | undefined>;

interface RequestOptions {
  body?: unknown;
  query?: Query;
  signal?: AbortSignal | undefined;
  /** Whether a 401 means "signed out" (false for the sign-in call itself). */
  redirectOn401?: boolean;
}

function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'message' in error;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's page, say): fall back to the status line.
  }
  if (isApiErrorBody(body)) {
    return new ApiError(response.status, String(body.error.code), String(body.error.message));
  }
  const text = response.statusText || 'request failed';
  return new ApiError(response.status, 'http_error', `The server answered ${response.status} (${text}).`);
}

/** One call to the API; `api` below and the drill-down's calls (drill.ts) go through it. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  if (options.signal) init.signal = options.signal;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', 'The Shipwatch server could not be reached. Check that it is running.');
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && options.redirectOn401 !== false) onUnauthorized();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const enc = encodeURIComponent;

export interface TimeWindow {
  from?: string | undefined;
  to?: string | undefined;
}

export interface DeploymentQuery extends TimeWindow {
  environment?: string;
  repository?: string;
  production?: boolean;
  limit?: number;
  before?: string | undefined;
}

/** Every route of the public API that the page speaks (CONTRACT.md). */
export const api = {
  signIn: (token: string) => request<Session>('POST', '/api/session', { body: { token }, redirectOn401: false }),
  signOut: () => request<void>('DELETE', '/api/session', { redirectOn401: false }),
  authMethods: (signal?: AbortSignal) =>
    request<{ token: boolean; oidc: { issuer: string; loginUrl: string } | null }>('GET', '/api/auth/methods', {
      redirectOn401: false,
      ...(signal === undefined ? {} : { signal }),
    }),

  listProjects: (signal?: AbortSignal) =>
    request<{ projects: Project[] }>('GET', '/api/projects', { signal }).then((r) => r.projects),
  getProject: (projectId: string, signal?: AbortSignal) =>
    request<Project>('GET', `/api/projects/${enc(projectId)}`, { signal }),
  createProject: (input: { name: string; timeZone?: string }) =>
    request<Project>('POST', '/api/projects', { body: input }),
  updateProject: (projectId: string, input: { name?: string; timeZone?: string }) =>
    request<Project>('PATCH', `/api/projects/${enc(projectId)}`, { body: input }),
  deleteProject: (projectId: string) => request<void>('DELETE', `/api/projects/${enc(projectId)}`),

  listWebhooks: (projectId: string, includeRevoked: boolean, signal?: AbortSignal) =>
    request<{ webhooks: Webhook[] }>('GET', `/api/projects/${enc(projectId)}/webhooks`, {
      query: { includeRevoked: includeRevoked ? 'true' : undefined },
      signal,
    }).then((r) => r.webhooks),
  createWebhook: (projectId: string, input: { provider: ProviderId; name?: string; secret?: string }) =>
    request<NewWebhook>('POST', `/api/projects/${enc(projectId)}/webhooks`, { body: input }),
  getWebhook: (webhookId: string, signal?: AbortSignal) =>
    request<Webhook>('GET', `/api/webhooks/${enc(webhookId)}`, { signal }),
  getWebhookSecret: (webhookId: string) =>
    request<{ secret: string }>('GET', `/api/webhooks/${enc(webhookId)}/secret`).then((r) => r.secret),
  rotateWebhookSecret: (webhookId: string, graceSeconds?: number, secret?: string) =>
    request<RotatedSecret>('POST', `/api/webhooks/${enc(webhookId)}/rotate-secret`, {
      body: { ...(graceSeconds === undefined ? {} : { graceSeconds }), ...(secret === undefined ? {} : { secret }) },
    }),
  renameWebhook: (webhookId: string, name: string) =>
    request<Webhook>('PATCH', `/api/webhooks/${enc(webhookId)}`, { body: { name } }),
  revokeWebhook: (webhookId: string) => request<RevokeResult>('POST', `/api/webhooks/${enc(webhookId)}/revoke`),
  listDeliveries: (
    webhookId: string,
    query: {
      outcome?: DeliveryOutcome | undefined;
      before?: string | undefined;
      /** A delivery id: the page starts at it (the deployment page's link to one delivery). */
      at?: string | undefined;
      limit?: number;
    },
    signal?: AbortSignal,
  ) =>
    request<{ deliveries: Delivery[]; nextCursor: string | null }>(
      'GET',
      `/api/webhooks/${enc(webhookId)}/deliveries`,
      {
        query,
        signal,
      },
    ),

  listEnvironments: (projectId: string, signal?: AbortSignal) =>
    request<{ environments: Environment[] }>('GET', `/api/projects/${enc(projectId)}/environments`, { signal }).then(
      (r) => r.environments,
    ),
  setEnvironmentProduction: (projectId: string, name: string, production: boolean) =>
    request<Environment>('PUT', `/api/projects/${enc(projectId)}/environments/${enc(name)}`, {
      body: { production },
    }),

  listDeployments: (projectId: string, query: DeploymentQuery, signal?: AbortSignal) =>
    request<{ deployments: Deployment[]; nextCursor: string | null }>(
      'GET',
      `/api/projects/${enc(projectId)}/deployments`,
      { query: { ...query }, signal },
    ),
  setChangeFailure: (deploymentId: string, changeFailure: boolean | null) =>
    request<Deployment>('PATCH', `/api/deployments/${enc(deploymentId)}`, { body: { changeFailure } }),

  getMetrics: (projectId: string, window: TimeWindow, signal?: AbortSignal) =>
    request<Metrics>('GET', `/api/projects/${enc(projectId)}/metrics`, { query: { ...window }, signal }),
  getMetricSeries: (projectId: string, window: TimeWindow & { interval: SeriesInterval }, signal?: AbortSignal) =>
    request<MetricSeries>('GET', `/api/projects/${enc(projectId)}/metrics/series`, {
      query: { ...window },
      signal,
    }),

  listTokens: (signal?: AbortSignal) =>
    request<{ tokens: ApiToken[] }>('GET', '/api/tokens', { signal }).then((r) => r.tokens),
  createToken: (input: { name: string; role?: Role; projectIds?: string[] }) =>
    request<NewApiToken>('POST', '/api/tokens', { body: input }),
  revokeToken: (tokenId: string) => request<void>('DELETE', `/api/tokens/${enc(tokenId)}`),
};

/** Who is signed in: role, name and the projects the credential is limited to (null: every project). */
export const getMe = (signal?: AbortSignal) => request<Me>('GET', '/api/me', { signal });

/** A project's settings (CONTRACT.md version 2, "Project settings"): read, and replaced whole. */
export const settingsApi = {
  get: (projectId: string, signal?: AbortSignal) =>
    request<ProjectSettings>('GET', `/api/projects/${enc(projectId)}/settings`, { signal }),
  put: (projectId: string, settings: ProjectSettings) =>
    request<ProjectSettings>('PUT', `/api/projects/${enc(projectId)}/settings`, { body: settings }),
};

/** A project's incidents, and a person's link of one to a deployment (an id, null for none, "auto"). */
export const incidentsApi = {
  list: (
    projectId: string,
    query: TimeWindow & { limit?: number; before?: string | undefined },
    signal?: AbortSignal,
  ) =>
    request<{ incidents: Incident[]; nextCursor: string | null }>('GET', `/api/projects/${enc(projectId)}/incidents`, {
      query: { ...query },
      signal,
    }),
  /** `deploymentId`: a deployment's id, null for "not caused by a deployment", "auto" to return to automatic. */
  link: (incidentId: string, deploymentId: string | null) =>
    request<Incident>('PATCH', `/api/incidents/${enc(incidentId)}`, { body: { deploymentId } }),
  /** The deployment an incident is put down to. */
  deployment: (deploymentId: string, signal?: AbortSignal) =>
    request<Deployment>('GET', `/api/deployments/${enc(deploymentId)}`, { signal }),
};

/** The address of a CSV export (a plain link: the browser downloads it with the session cookie). */
export function csvUrl(projectId: string, kind: 'deployments' | 'commits', window: TimeWindow): string {
  return withQuery(`/api/projects/${enc(projectId)}/${kind}.csv`, { ...window });
}

/** The message to show a person for any failure. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
