import type { WireEvent } from '@cix/contracts';
import { checkEvent, checkLink, type IntegrityFailure, type TrustStore } from './event-integrity.js';

export type LogVerdict =
  | { readonly intact: true; readonly verified: number; readonly lastPosition: number; readonly lastHash: string | null }
  | { readonly intact: false; readonly verified: number; readonly position: number; readonly eventId: string; readonly reason: IntegrityFailure };

/**
 * Verifies one agency's log in order: every hash and signature, and every link to the
 * predecessor. Names the first event where it breaks: a changed payload (hash-mismatch), a deleted
 * event (position-gap), reordered events (position-gap or chain-broken), a wrong key (bad-signature
 * or unknown-key). `from` continues a verification that started earlier.
 */
export function verifyLog(events: Iterable<WireEvent>, trust: TrustStore, from: { position: number; hash: string } | null = null): LogVerdict {
  let previous = from;
  let verified = 0;
  for (const e of events) {
    const reason = checkLink(e, previous) ?? checkEvent(e, trust);
    if (reason) return { intact: false, verified, position: e.position, eventId: e.eventId, reason };
    previous = { position: e.position, hash: e.hash };
    verified++;
  }
  return { intact: true, verified, lastPosition: previous?.position ?? 0, lastHash: previous?.hash ?? null };
}
