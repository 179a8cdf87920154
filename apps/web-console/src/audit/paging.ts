import { useCallback, useEffect, useState } from 'react';
import type { Page } from './audit-api';

/** A cursor-paged list: the first page whenever `load` changes (new filters), more on demand. */
export function usePaged<T>(load: ((cursor?: string) => Promise<Page<T>>) | null) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const fetchPage = useCallback(
    (after?: string) => {
      if (!load) return;
      setLoading(true);
      setError('');
      load(after).then(
        (p) => {
          setItems((prev) => (after ? [...prev, ...p.items] : p.items));
          setCursor(p.nextCursor ?? null);
          setLoading(false);
        },
        (e: Error) => {
          setError(e.message);
          setLoading(false);
        },
      );
    },
    [load],
  );
  useEffect(() => {
    setItems([]);
    fetchPage();
  }, [fetchPage]);
  return { items, error, loading, more: cursor ? () => fetchPage(cursor) : null };
}
