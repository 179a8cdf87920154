import { describe, expect, it } from '@jest/globals';
import { mergeSources, nextMergedPage } from '../apps/web-console/src/receive/inbox-merge.js';

// The console's receiving screens: the pure parts (jest does not look inside apps/web-console).
describe('console inbox: one list newest first from one paged list per sending agency', () => {
  type Item = { id: string; at: string };
  const lists: Record<string, Item[]> = {
    AZ: ['09', '07', '06', '02'].map((d) => ({ id: `az-${d}`, at: `2026-11-${d}` })),
    TM: ['08', '05', '04', '03', '01'].map((d) => ({ id: `tm-${d}`, at: `2026-11-${d}` })),
  };
  // A fake of the hub's list: opaque cursors are offsets here.
  const calls: string[] = [];
  const fetchPage = async (agency: string, cursor: string | null, limit: number) => {
    calls.push(`${agency}@${cursor ?? 0}`);
    const from = Number(cursor ?? 0);
    const items = lists[agency].slice(from, from + limit);
    return { items, nextCursor: from + limit < lists[agency].length ? String(from + limit) : null };
  };

  it('pages through every alert once, in order, whatever the mix of agencies', async () => {
    const sources = mergeSources<Item>(['AZ', 'TM']);
    const pages: string[][] = [];
    let more = true;
    while (more) {
      const page = await nextMergedPage(sources, 3, fetchPage, (i) => i.at);
      pages.push(page.items.map((i) => i.id));
      more = page.more;
    }
    expect(pages).toEqual([
      ['az-09', 'tm-08', 'az-07'],
      ['az-06', 'tm-05', 'tm-04'],
      ['tm-03', 'az-02', 'tm-01'],
    ]);
    // Only what was needed was fetched: each agency's pages once.
    expect(calls.filter((c) => c.startsWith('AZ'))).toEqual(['AZ@0', 'AZ@3']);
    expect(calls.filter((c) => c.startsWith('TM'))).toEqual(['TM@0', 'TM@3']);
  });

  it('says there is no more when every agency is exhausted, and handles an agency with nothing', async () => {
    const page = await nextMergedPage(
      mergeSources<Item>(['AZ', 'KZ']),
      10,
      async (a, c, l) => (a === 'KZ' ? { items: [], nextCursor: null } : fetchPage(a, c, l)),
      (i) => i.at,
    );
    expect(page.items.map((i) => i.id)).toEqual(['az-09', 'az-07', 'az-06', 'az-02']);
    expect(page.more).toBe(false);
  });
});
