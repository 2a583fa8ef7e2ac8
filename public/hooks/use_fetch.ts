import { useCallback, useEffect, useState } from 'react';
import { describeHttpError } from '../services/http_errors';

export type FetchState<T> =
  { status: 'loading'; data?: T } | { status: 'ok'; data: T } | { status: 'error'; error: string; data?: T };

type Settled<T> = { request: object; data?: T; error?: string };

/**
 * Runs `load` whenever `deps` change, aborting the previous call, and exposes loading/ok/error. While reloading, the
 * previous data stays available so tables keep their rows instead of flashing empty. "Loading" is derived (the last
 * settled answer belongs to an older request), so no state is set synchronously inside the effect.
 */
export function useFetch<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]) {
  const [reloads, setReloads] = useState(0);
  // A new request object whenever a dependency changes (React's "adjust state during render" pattern).
  const key = [...deps, reloads];
  const [current, setCurrent] = useState(() => ({ key, request: {} }));
  if (key.length !== current.key.length || key.some((k, i) => !Object.is(k, current.key[i]))) {
    setCurrent({ key, request: {} });
  }
  const { request } = current;
  const [settled, setSettled] = useState<Settled<T> | undefined>();
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ request, data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setSettled((previous) => ({ request, data: previous?.data, error: describeHttpError(error) }));
      },
    );
    return () => controller.abort();
    // `load` is a fresh closure each render; `request` changes exactly when its inputs do.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request]);
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  let state: FetchState<T>;
  if (!settled || settled.request !== request) state = { status: 'loading', data: settled?.data };
  else if (settled.error !== undefined) state = { status: 'error', error: settled.error, data: settled.data };
  else state = { status: 'ok', data: settled.data as T };
  return { state, reload };
}
