import type { MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';

export interface FeedEnd {
  /** Milliseconds from now until the feed must end. */
  readonly inMs: number;
  /** The final event: `reauthenticate` when the token expires, `reconnect` when the feed reached its maximum lifetime. */
  readonly event: MessageEvent;
}

/**
 * When a feed opened now must end: at the caller's token expiry, or after the maximum lifetime,
 * whichever comes first. A feed that outlived its token would keep delivering to a caller whose
 * access may have been withdrawn at the identity provider.
 */
export function feedEnd(tokenExpSeconds: number | undefined, nowMs: number, maxLifetimeSeconds: number): FeedEnd {
  const capMs = maxLifetimeSeconds * 1000;
  const expiryMs = tokenExpSeconds === undefined ? Infinity : tokenExpSeconds * 1000 - nowMs;
  if (expiryMs <= capMs) {
    return {
      inMs: Math.max(0, expiryMs),
      event: { type: 'reauthenticate', data: { reason: 'token-expired', expiredAt: new Date(tokenExpSeconds! * 1000).toISOString() } },
    };
  }
  return { inMs: capMs, event: { type: 'reconnect', data: { reason: 'max-lifetime', maxLifetimeSeconds } } };
}

/** Ends `feed` with the final event at the given time; unsubscribing earlier cancels both. */
export function endingAt(feed: Observable<MessageEvent>, end: FeedEnd): Observable<MessageEvent> {
  return new Observable<MessageEvent>((subscriber) => {
    // An observer object, not the subscriber itself: unsubscribing the inner feed must leave the outer open for the final event.
    const inner = feed.subscribe({ next: (e) => subscriber.next(e), error: (e) => subscriber.error(e), complete: () => subscriber.complete() });
    const timer = setTimeout(() => {
      inner.unsubscribe();
      subscriber.next(end.event);
      subscriber.complete();
    }, end.inMs);
    return () => {
      clearTimeout(timer);
      inner.unsubscribe();
    };
  });
}
