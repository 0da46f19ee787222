import { choiceFromSearch, choiceToSearch, type WindowChoice } from './metric-window';

/**
 * What the dashboard and a figure's rows are read over, as the address bar keeps it: the window (`?days=90` or
 * `?from=…&to=…`, see metric-window.ts) and one repository (`&repository=acme%2Fapi`), so that a reload, a shared
 * link and the back button keep both.
 */
export interface FigureScopeChoice {
  window: WindowChoice;
  /** Undefined: every repository. */
  repository: string | undefined;
}

export function scopeFromSearch(search: URLSearchParams): FigureScopeChoice {
  const repository = search.get('repository');
  return { window: choiceFromSearch(search), repository: repository ? repository : undefined };
}

/** The query string of a scope, "" for the default (30 days, every repository). */
export function scopeToSearch(scope: FigureScopeChoice): string {
  const params = new URLSearchParams(choiceToSearch(scope.window).replace(/^\?/, ''));
  if (scope.repository) params.set('repository', scope.repository);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The address of a figure's rows (`/projects/:id/figures/<slug>`) in a scope. */
export function figureHref(projectId: string, slug: string, scope: FigureScopeChoice): string {
  return `/projects/${encodeURIComponent(projectId)}/figures/${slug}${scopeToSearch(scope)}`;
}

/** The address of a deployment's page. */
export function deploymentHref(projectId: string, deploymentId: string): string {
  return `/projects/${encodeURIComponent(projectId)}/deployments/${encodeURIComponent(deploymentId)}`;
}
