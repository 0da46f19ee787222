import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';

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

/**
 * Runs `load` when `deps` change, aborting the previous run; only the latest run's answer is kept.
 * Loading, error and data states for every request on the page.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): AsyncResult<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading', data: undefined, error: undefined });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: deps are the caller's, generation asks for a reload.
  useEffect(() => {
    const controller = new AbortController();
    setState((current) => ({ status: 'loading', data: current.data, error: undefined }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data, error: undefined });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((current) => ({ status: 'error', data: current.data, error }));
      },
    );
    return () => controller.abort();
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const setData = useCallback((update: (current: T | undefined) => T) => {
    setState((current) => ({ status: 'ready', data: update(current.data), error: undefined }));
  }, []);
  return { state, reload, setData };
}
