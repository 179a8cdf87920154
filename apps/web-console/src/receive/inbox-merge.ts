/**
 * The inbox is "alerts other agencies shared with mine": the hub's list filtered per owning
 * agency (one paged list each, newest first), merged into one list newest first. Each source
 * keeps a buffer of fetched items, so a page never skips or repeats an alert whatever the mix.
 * Pure apart from the `fetchPage` it is given.
 */
export interface MergeSource<T> {
  readonly agency: string;
  buffer: T[];
  cursor: string | null;
  exhausted: boolean;
}

export type FetchPage<T> = (agency: string, cursor: string | null, limit: number) => Promise<{ items: T[]; nextCursor: string | null }>;

export const mergeSources = <T>(agencies: readonly string[]): Array<MergeSource<T>> =>
  agencies.map((agency) => ({ agency, buffer: [], cursor: null, exhausted: false }));

/** The next `size` items across all sources by `key` descending; `more` while any source has more. */
export async function nextMergedPage<T>(
  sources: Array<MergeSource<T>>,
  size: number,
  fetchPage: FetchPage<T>,
  key: (t: T) => string,
): Promise<{ items: T[]; more: boolean }> {
  const out: T[] = [];
  while (out.length < size) {
    // An empty buffer of a source that has more must be refilled before its head can be compared.
    await Promise.all(
      sources
        .filter((s) => !s.buffer.length && !s.exhausted)
        .map(async (s) => {
          const page = await fetchPage(s.agency, s.cursor, size);
          s.buffer.push(...page.items);
          s.cursor = page.nextCursor;
          s.exhausted = page.nextCursor === null;
        }),
    );
    const live = sources.filter((s) => s.buffer.length);
    if (!live.length) break;
    const best = live.reduce((a, b) => (key(b.buffer[0]) > key(a.buffer[0]) ? b : a));
    out.push(best.buffer.shift()!);
  }
  return { items: out, more: sources.some((s) => s.buffer.length > 0 || !s.exhausted) };
}
