/**
 * Remembers a pure function's results for the last `limit` distinct arguments or so (the whole
 * memory is dropped when full: simpler than LRU, and names and words repeat within a burst of
 * alerts). Matching reads the same trade words and candidate names over and over.
 */
export function memo<R>(fn: (arg: string) => R, limit: number): (arg: string) => R {
  const cache = new Map<string, R>();
  return (arg) => {
    const hit = cache.get(arg);
    if (hit !== undefined) return hit;
    const result = fn(arg);
    if (cache.size >= limit) cache.clear();
    cache.set(arg, result);
    return result;
  };
}
