import { api } from '../../api/client';
import { drillApi } from '../../api/drill';
import type { Deployment, Incident } from '../../api/types';
import { useApiQuery } from '../../lib/api-query';

/** At most this many pages of 500 are read for one window's rows (a year of a busy project). */
const MAX_PAGES = 20;

export interface ScopeQuery {
  projectId: string;
  from: string;
  to: string;
  repository: string | undefined;
}

export interface Rows<T> {
  items: T[];
  /** True when the window held more than MAX_PAGES pages: the list shows the newest ones. */
  truncated: boolean;
}

/** Reads every page of a newest-first list (up to MAX_PAGES of 500). */
async function allPages<T>(
  load: (before: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<Rows<T>> {
  const items: T[] = [];
  let before: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const next = await load(before);
    items.push(...next.items);
    if (next.nextCursor === null) return { items, truncated: false };
    before = next.nextCursor;
  }
  return { items, truncated: true };
}

/** The window's production deployments (every status), newest first: the rows of the deployment figures. */
export function useScopeDeployments(scope: ScopeQuery) {
  const { projectId, from, to, repository } = scope;
  return useApiQuery(['deployments', projectId, { production: true, from, to, repository, all: true }], (signal) =>
    allPages<Deployment>(async (before) => {
      const page = await api.listDeployments(
        projectId,
        { production: true, from, to, limit: 500, before, ...(repository ? { repository } : {}) },
        signal,
      );
      return { items: page.deployments, nextCursor: page.nextCursor };
    }),
  );
}

/** The incidents that started in the window, newest first: the rows of time to restore service. */
export function useScopeIncidents(scope: ScopeQuery) {
  const { projectId, from, to, repository } = scope;
  return useApiQuery(['incidents', projectId, { from, to, repository, all: true }], (signal) =>
    allPages<Incident>(async (before) => {
      const page = await drillApi.listIncidents(
        projectId,
        { from, to, repository, limit: 500, ...(before ? { before } : {}) },
        signal,
      );
      return { items: page.incidents, nextCursor: page.nextCursor };
    }),
  );
}
