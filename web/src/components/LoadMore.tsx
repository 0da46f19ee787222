import { ErrorNotice } from './Status';

interface LoadMoreProps {
  /** Whether the list has a next page (the API's `nextCursor`). */
  hasMore: boolean;
  busy: boolean;
  error: unknown;
  onLoad: () => void;
  label?: string;
}

/** The end of a paged list: the last page's error, if any, and a button for the next page while there is one. */
export function LoadMore({ hasMore, busy, error, onLoad, label = 'Load more' }: LoadMoreProps) {
  return (
    <>
      <ErrorNotice error={error} />
      {hasMore ? (
        <button type="button" className="button" onClick={onLoad} disabled={busy}>
          {busy ? 'Loading…' : label}
        </button>
      ) : null}
    </>
  );
}
