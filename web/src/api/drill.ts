import { request, type TimeWindow } from './client';
import type {
  BroughtPullRequest,
  Deployment,
  DeploymentCommit,
  DeploymentDeliveries,
  Incident,
  MetricSeries,
  Metrics,
  RecoveryStreaks,
  SeriesInterval,
} from './types';

const enc = encodeURIComponent;

/** A window and, optionally, one repository: what every figure and its rows are read over. */
export interface FigureScope extends TimeWindow {
  repository?: string | undefined;
}

/** The calls of the drill-down and the deployment page (issue 20), beside the page's others (`api` in client.ts). */
export const drillApi = {
  getMetrics: (projectId: string, scope: FigureScope, signal?: AbortSignal) =>
    request<Metrics>('GET', `/api/projects/${enc(projectId)}/metrics`, { query: { ...scope }, signal }),
  listStreaks: (projectId: string, scope: FigureScope, signal?: AbortSignal) =>
    request<RecoveryStreaks>('GET', `/api/projects/${enc(projectId)}/metrics/streaks`, {
      query: { ...scope },
      signal,
    }),
  listWindowPullRequests: (projectId: string, scope: FigureScope, signal?: AbortSignal) =>
    request<{ pullRequests: BroughtPullRequest[] }>('GET', `/api/projects/${enc(projectId)}/metrics/pull-requests`, {
      query: { ...scope },
      signal,
    }).then((r) => r.pullRequests),
  listIncidents: (projectId: string, scope: FigureScope & { limit?: number; before?: string }, signal?: AbortSignal) =>
    request<{ incidents: Incident[]; nextCursor: string | null }>('GET', `/api/projects/${enc(projectId)}/incidents`, {
      query: { ...scope },
      signal,
    }),

  getDeployment: (deploymentId: string, signal?: AbortSignal) =>
    request<Deployment>('GET', `/api/deployments/${enc(deploymentId)}`, { signal }),
  listDeploymentCommits: (deploymentId: string, after: string | undefined, signal?: AbortSignal) =>
    request<{ commits: DeploymentCommit[]; nextCursor: string | null }>(
      'GET',
      `/api/deployments/${enc(deploymentId)}/commits`,
      { query: { limit: 100, after }, signal },
    ),
  listDeploymentPullRequests: (deploymentId: string, signal?: AbortSignal) =>
    request<{ pullRequests: BroughtPullRequest[] }>('GET', `/api/deployments/${enc(deploymentId)}/pull-requests`, {
      signal,
    }).then((r) => r.pullRequests),
  listDeploymentDeliveries: (deploymentId: string, before: string | undefined, signal?: AbortSignal) =>
    request<DeploymentDeliveries>('GET', `/api/deployments/${enc(deploymentId)}/deliveries`, {
      query: { limit: 50, before },
      signal,
    }),
  /** Who is signed in: the page offers the judgement only to a maintainer or an admin. */
  me: (signal?: AbortSignal) =>
    request<{ role: 'viewer' | 'maintainer' | 'admin'; name: string; projectIds: string[] | null }>('GET', '/api/me', {
      signal,
    }),
  /** A person's judgement: `changeFailure` and `rework`, each true, false or null (automatic). */
  markDeployment: (deploymentId: string, marks: { changeFailure?: boolean | null; rework?: boolean | null }) =>
    request<Deployment>('PATCH', `/api/deployments/${enc(deploymentId)}`, { body: marks }),
};

/** The series over a scope (the dashboard's charts, narrowed to a repository when one is chosen). */
export function getScopedSeries(
  projectId: string,
  scope: FigureScope & { interval: SeriesInterval },
  signal?: AbortSignal,
): Promise<MetricSeries> {
  return request<MetricSeries>('GET', `/api/projects/${enc(projectId)}/metrics/series`, {
    query: { ...scope },
    signal,
  });
}
