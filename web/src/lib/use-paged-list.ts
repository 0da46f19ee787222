import type { QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type AsyncResult, useApiQuery } from './api-query';

interface More<T> {
  items: readonly T[];
  /** The cursor after the last page loaded by hand; undefined while none has been. */
  cursor: string | null | undefined;
  busy: boolean;
  error: unknown;
}

const NONE: More<never> = { items: [], cursor: undefined, busy: false, error: undefined };

export interface PagedList<T, P> {
  /** The first page's query: its state (loading, error), `reload` and `setData`. */
  first: AsyncResult<P>;
  /** The rows of every page loaded so far, in the API's order. */
  rows: readonly T[];
  /** Whether the API has a next page (`nextCursor`). */
  hasMore: boolean;
  /** Loading the next page, and its error; for `LoadMore`. */
  busy: boolean;
  error: unknown;
  loadMore(): Promise<void>;
  /** Changes the rows of the pages loaded by hand (after a write; the first page changes with `first.setData`). */
  mapLoaded(update: (rows: readonly T[]) => T[]): void;
}

/**
 * A list the API gives in pages (`nextCursor`): the first page through the query cache (`useApiQuery`, keyed by
 * `key`), the next ones when asked (`loadMore`), after it. The pages loaded by hand go when the key changes or the
 * first page is read again, so no row shows twice and none from another filter.
 */
export function usePagedList<T, P extends { nextCursor: string | null }>(
  key: QueryKey,
  load: (cursor: string | undefined, signal?: AbortSignal) => Promise<P>,
  rowsOf: (page: P) => readonly T[],
): PagedList<T, P> {
  const [more, setMore] = useState<More<T>>(NONE);
  const first = useApiQuery(key, async (signal) => {
    const page = await load(undefined, signal);
    if (!signal.aborted) setMore(NONE);
    return page;
  });
  // A cached first page (back to a filter seen before) comes without a read: the pages loaded after it go too.
  const hash = JSON.stringify(key);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is compared by its JSON text (hash).
  useEffect(() => setMore(NONE), [hash]);

  const page = first.state.data;
  const cursor = more.cursor === undefined ? page?.nextCursor : more.cursor;
  return {
    first,
    rows: page ? [...rowsOf(page), ...more.items] : [],
    hasMore: Boolean(cursor),
    busy: more.busy,
    error: more.error,
    async loadMore() {
      if (!cursor) return;
      setMore((m) => ({ ...m, busy: true, error: undefined }));
      try {
        const next = await load(cursor);
        setMore((m) => ({
          items: [...m.items, ...rowsOf(next)],
          cursor: next.nextCursor,
          busy: false,
          error: undefined,
        }));
      } catch (error) {
        setMore((m) => ({ ...m, busy: false, error }));
      }
    },
    mapLoaded(update) {
      setMore((m) => ({ ...m, items: update(m.items) }));
    },
  };
}
