// One page's loading, failure and reload, the same way on every patrol page.
import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../../services/cloud';

export function useLoad<T>(load: () => Promise<T>): { data: T | null; error: string; loading: boolean; reload: () => Promise<void> } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const reload = useCallback(async () => {
    setLoading(true);
    setError('');
    try {
      setData(await load());
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setLoading(false);
    }
    // the loader is the page's own and stable for its life: loaded once, reloaded on demand
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}
