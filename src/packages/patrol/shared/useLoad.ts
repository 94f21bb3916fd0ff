// One page's loading, failure and reload, the same way on every patrol page.
import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../../services/cloud';

export function useLoad<T>(load: () => Promise<T>): { data: T | null; error: string; loading: boolean; reload: () => Promise<void> } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  // the latest loader, so a reload reads what the page asks for now without reloading on every render
  const loader = useRef(load);
  loader.current = load;
  const reload = useCallback(async () => {
    setLoading(true);
    setError('');
    try {
      setData(await loader.current());
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}
