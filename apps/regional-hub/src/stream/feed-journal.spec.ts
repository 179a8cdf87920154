import { describe, expect, it } from '@jest/globals';
import { FeedJournal } from './feed-journal.js';

describe('feed journal (what a resumed live feed replays)', () => {
  const clock = (start: number) => {
    let t = start;
    return { now: () => t, set: (v: number) => (t = v) };
  };

  it('gives strictly rising ids, even when the clock stands still or steps back', () => {
    const c = clock(1_000);
    const j = new FeedJournal(10, c.now);
    const a = j.record({ alertId: 'a' }).id;
    const b = j.record({ alertId: 'b' }).id;
    c.set(500);
    const d = j.record({ alertId: 'c' }).id;
    expect(a).toBeGreaterThan(1_000 - 1);
    expect(b).toBeGreaterThan(a);
    expect(d).toBeGreaterThan(b);
  });

  it('replays exactly the changes after the given id, up to what was already announced', () => {
    const c = clock(1_000);
    const j = new FeedJournal(10, c.now);
    const ids = ['a', 'b', 'c', 'd'].map((alertId) => j.record({ alertId }).id);
    const r = j.resume(String(ids[1]), ids[2]);
    expect(r).toEqual({ kind: 'replay', entries: [{ alertId: 'c', id: ids[2] }] });
    expect(j.resume(String(ids[3]), ids[3])).toEqual({ kind: 'replay', entries: [] });
  });

  it('asks for a reset when the id is older than what it holds, from before it started, from the future or not an id', () => {
    const c = clock(1_000);
    const j = new FeedJournal(2, c.now);
    const ids = ['a', 'b', 'c'].map((alertId) => j.record({ alertId }).id);
    // Holds b and c: a client that saw a (the one dropped) still misses nothing.
    expect(j.resume(String(ids[0]), ids[2])).toEqual({
      kind: 'replay',
      entries: [
        { alertId: 'b', id: ids[1] },
        { alertId: 'c', id: ids[2] },
      ],
    });
    expect(j.resume(String(ids[0] - 1), ids[2])).toEqual({ kind: 'reset', reason: 'too-old' });
    expect(j.resume('999', ids[2])).toEqual({ kind: 'reset', reason: 'too-old' });
    expect(j.resume(String(ids[2] + 1), ids[2])).toEqual({ kind: 'reset', reason: 'unknown-id' });
    expect(j.resume('abc', ids[2])).toEqual({ kind: 'reset', reason: 'unknown-id' });
  });

  it('resumes from the moment it started: a client that connected right then lost nothing', () => {
    const c = clock(5_000);
    const j = new FeedJournal(10, c.now);
    const started = j.latest;
    c.set(6_000);
    const e = j.record({ alertId: 'a' });
    expect(j.resume(String(started), e.id)).toEqual({ kind: 'replay', entries: [e] });
  });

  it("asks for a reset for an id it never gave (another replica's), even one inside its window", () => {
    const c = clock(1_000);
    const j = new FeedJournal(10, c.now);
    c.set(2_000);
    const a = j.record({ alertId: 'a' });
    c.set(4_000);
    const b = j.record({ alertId: 'b' });
    expect(j.resume('3000', b.id)).toEqual({ kind: 'reset', reason: 'unknown-id' });
    expect(j.resume(String(a.id), b.id)).toEqual({ kind: 'replay', entries: [b] });
  });

  it('gives two replicas on one clock different ids for the same changes', () => {
    const c = clock(1_000_000);
    const [x, y] = [new FeedJournal(10, c.now, 1), new FeedJournal(10, c.now, 2)];
    const xs = ['a', 'b'].map((alertId) => x.record({ alertId }).id);
    const ys = ['a', 'b'].map((alertId) => y.record({ alertId }).id);
    expect(xs).toEqual([1_001_001, 1_002_001]);
    expect(ys).toEqual([1_001_002, 1_002_002]);
    expect(y.resume(String(xs[0]), ys[1])).toEqual({ kind: 'reset', reason: 'unknown-id' });
  });

  it('gives the live feed what it has yet to announce, in order and in bounded rounds, and says when it fell behind its capacity', () => {
    const c = clock(1_000);
    const j = new FeedJournal(3, c.now);
    const start = j.latest;
    const ids = ['a', 'b'].map((alertId) => j.record({ alertId }).id);
    expect(j.pending(start, 10)).toEqual({
      entries: [
        { alertId: 'a', id: ids[0] },
        { alertId: 'b', id: ids[1] },
      ],
      missed: false,
    });
    expect(j.pending(start, 1).entries.map((e) => e.id)).toEqual([ids[0]]);
    expect(j.pending(ids[1], 10)).toEqual({ entries: [], missed: false });
    // Two more: a falls out unannounced (the feed is still at `start`), which it must say.
    const more = ['c', 'd'].map((alertId) => j.record({ alertId }).id);
    expect(j.pending(start, 10)).toEqual({
      entries: [
        { alertId: 'b', id: ids[1] },
        { alertId: 'c', id: more[0] },
        { alertId: 'd', id: more[1] },
      ],
      missed: true,
    });
    expect(j.pending(ids[0], 10).missed).toBe(false);
    expect(j.heldAfter).toBe(ids[0]);
  });
});
