// Loads something from the cloud for a page: progress, failure with a retry, and reload.
import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../services/cloud';

export type Remote<T> = { status: 'loading'; data: T | null; error: null } | { status: 'ready'; data: T; error: null } | { status: 'error'; data: T | null; error: string };

export function useRemote<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Remote<T> & { reload: () => Promise<void> } {
  const [state, setState] = useState<Remote<T>>({ status: 'loading', data: null, error: null });
  const loadRef = useRef(load);
  loadRef.current = load;
  // Answers to an older request must not overwrite a newer one.
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setState((previous) => ({ status: 'loading', data: previous.data, error: null }));
    try {
      const data = await loadRef.current();
      if (mine === generation.current) setState({ status: 'ready', data, error: null });
    } catch (error) {
      if (mine === generation.current) setState((previous) => ({ status: 'error', data: previous.data, error: messageOf(error) }));
    }
  }, []);

  useEffect(() => {
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- callers list what the load depends on
  }, deps);

  return { ...state, reload };
}
