import { randomBytes } from 'node:crypto';
import type { Principal } from '@cix/auth';

export const TICKET_LIFETIME_MS = 30_000;
/** More unredeemed tickets than this and the oldest go: a caller cannot grow the hub's memory without bound. */
const MAX_OPEN_TICKETS = 50_000;

export interface StreamTicket {
  readonly ticket: string;
  readonly expiresAt: string;
}

/**
 * Short-lived, single-use tickets that open the live feed: a browser's EventSource cannot send an
 * Authorization header, and a bearer token in a URL would outlive the request in logs and history.
 * A ticket is 256 random bits, held in this process only (the feed is per process too), bound to the
 * principal it was issued to, and valid for 30 s at most and never past the token's own expiry.
 */
export class StreamTickets {
  private readonly open = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(principal: Principal): StreamTicket {
    this.sweep();
    const ticket = randomBytes(32).toString('base64url');
    const tokenEndMs = principal.exp === undefined ? Infinity : principal.exp * 1000;
    const expiresAtMs = Math.min(this.now() + TICKET_LIFETIME_MS, tokenEndMs);
    this.open.set(ticket, { principal, expiresAtMs });
    return { ticket, expiresAt: new Date(expiresAtMs).toISOString() };
  }

  /** The ticket's principal, once: a used, expired or unknown ticket gives null. */
  redeem(ticket: string): Principal | null {
    const t = this.open.get(ticket);
    if (!t) return null;
    this.open.delete(ticket);
    return t.expiresAtMs > this.now() ? t.principal : null;
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, t] of this.open) if (t.expiresAtMs <= now) this.open.delete(k);
    // Insertion order is issue order: drop the oldest beyond the cap.
    for (const k of this.open.keys()) {
      if (this.open.size < MAX_OPEN_TICKETS) break;
      this.open.delete(k);
    }
  }
}
