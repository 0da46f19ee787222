import { QueryClient, type QueryKey, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

export type AsyncState<T> =
  | { status: 'loading'; data: T | undefined; error: undefined }
  | { status: 'ready'; data: T; error: undefined }
  | { status: 'error'; data: T | undefined; error: unknown };

export interface AsyncResult<T> {
  state: AsyncState<T>;
  /** Runs the request again (after a change), keeping the data shown meanwhile. */
  reload: () => void;
  /** Replaces the data in place, after a write that answered the new value. */
  setData: (update: (current: T | undefined) => T) => void;
}

/** How often the figures (every query keyed `['metrics', …]`: tiles and charts) are read again while shown. */
export const FIGURES_REFRESH_MS = 60_000;

/**
 * The page's one query client (TanStack Query): no automatic retry, so an error shows at once with its "Try again";
 * no refetch on window focus, so what a person reads does not change under them. The figures refresh every minute
 * (new deployments arrive by webhook), only while the tab is visible (`refetchIntervalInBackground` is off); lists
 * with pages loaded by hand are left alone. Who is signed in (`['me']`) is read once per sign-in.
 */
export function createQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
  });
  client.setQueryDefaults(['metrics'], { refetchInterval: FIGURES_REFRESH_MS, refetchIntervalInBackground: false });
  client.setQueryDefaults(['me'], { staleTime: Number.POSITIVE_INFINITY });
  return client;
}

/**
 * A read of the API through TanStack Query: cached by `key` (its first element names the endpoint), aborted when
 * the key changes (`signal`), shared by every component that asks for the same key.
 */
export function useApiQuery<T>(key: QueryKey, load: (signal: AbortSignal) => Promise<T>): AsyncResult<T> {
  const client = useQueryClient();
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => load(signal) });
  const { refetch } = query;
  const reload = useCallback(() => {
    void refetch();
  }, [refetch]);
  const hash = JSON.stringify(key);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is compared by its JSON text (hash).
  const setData = useCallback(
    (update: (current: T | undefined) => T) => client.setQueryData<T>(key, (current) => update(current)),
    [client, hash],
  );
  let state: AsyncState<T>;
  if (query.isError) state = { status: 'error', data: query.data, error: query.error };
  else if (query.isFetching || query.data === undefined)
    state = { status: 'loading', data: query.data, error: undefined };
  else state = { status: 'ready', data: query.data, error: undefined };
  return { state, reload, setData };
}
