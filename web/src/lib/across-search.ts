import { type FigureSort, sortToParams } from './figure-sort';
import { choiceToSearch, type WindowChoice } from './metric-window';

/** The query string of a window and a sort (`?days=90&sort=reworkRate&order=asc`), "" for the defaults. */
export function acrossSearch(window: WindowChoice, sort: FigureSort): string {
  const params = new URLSearchParams(choiceToSearch(window).replace(/^\?/, ''));
  sortToParams(sort, params);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A project's dashboard in the same window. */
export function dashboardHref(projectId: string, window: WindowChoice): string {
  return `/projects/${encodeURIComponent(projectId)}${choiceToSearch(window)}`;
}
