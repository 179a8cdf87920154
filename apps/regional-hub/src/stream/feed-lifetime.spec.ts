import { describe, expect, it } from '@jest/globals';
import { Subject } from 'rxjs';
import type { MessageEvent } from '@nestjs/common';
import { endingAt, feedEnd } from './feed-lifetime.js';

describe('live feed lifetime', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');

  it('ends at the token expiry with reauthenticate when that comes first', () => {
    const end = feedEnd(now / 1000 + 5, now, 3600);
    expect(end.inMs).toBe(5000);
    expect(end.event).toEqual({ type: 'reauthenticate', data: { reason: 'token-expired', expiredAt: '2026-11-30T12:00:05.000Z' } });
  });

  it('ends after the maximum lifetime with reconnect when the token lives longer, or has no exp', () => {
    expect(feedEnd(now / 1000 + 8 * 3600, now, 3600)).toMatchObject({ inMs: 3_600_000, event: { type: 'reconnect' } });
    expect(feedEnd(undefined, now, 60)).toMatchObject({ inMs: 60_000, event: { type: 'reconnect' } });
  });

  it('delivers the feed until then, then the final event, then completes', async () => {
    const source = new Subject<MessageEvent>();
    const got: string[] = [];
    let done = false;
    endingAt(source, { inMs: 30, event: { type: 'reauthenticate', data: {} } }).subscribe({
      next: (e) => got.push(String(e.type)),
      complete: () => (done = true),
    });
    source.next({ type: 'alert', data: {} });
    await new Promise((r) => setTimeout(r, 60));
    source.next({ type: 'alert', data: {} });
    expect(got).toEqual(['alert', 'reauthenticate']);
    expect(done).toBe(true);
    expect(source.observed).toBe(false);
  });
});
