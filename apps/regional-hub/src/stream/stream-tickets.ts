import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '@cix/auth';

export const TICKET_LIFETIME_MS = 30_000;

export interface StreamTicket {
  readonly ticket: string;
  readonly expiresAt: string;
}

/** Where open tickets are kept: shared by the hub's replicas (a ticket issued by one opens the feed on any). */
export interface TicketStore {
  /** Keeps a ticket (by its digest) until it expires. */
  put(digest: Buffer, principal: Principal, expiresAtMs: number): Promise<void>;
  /** Removes the ticket and gives it back: once, whichever replica asks first. */
  take(digest: Buffer): Promise<{ principal: Principal; expiresAtMs: number } | null>;
}

/**
 * Short-lived, single-use tickets that open the live feed: a browser's EventSource cannot send an
 * Authorization header, and a bearer token in a URL would outlive the request in logs and history.
 * A ticket is 256 random bits, bound to the principal it was issued to, and valid for 30 s at most
 * and never past the token's own expiry. Only its digest is stored, so the store cannot open feeds.
 */
export class StreamTickets {
  constructor(
    private readonly store: TicketStore,
    private readonly now: () => number = Date.now,
  ) {}

  async issue(principal: Principal): Promise<StreamTicket> {
    const ticket = randomBytes(32).toString('base64url');
    const tokenEndMs = principal.exp === undefined ? Infinity : principal.exp * 1000;
    const expiresAtMs = Math.min(this.now() + TICKET_LIFETIME_MS, tokenEndMs);
    await this.store.put(digestOf(ticket), principal, expiresAtMs);
    return { ticket, expiresAt: new Date(expiresAtMs).toISOString() };
  }

  /** The ticket's principal, once: a used, expired or unknown ticket gives null. */
  async redeem(ticket: string): Promise<Principal | null> {
    const t = await this.store.take(digestOf(ticket));
    return t && t.expiresAtMs > this.now() ? t.principal : null;
  }
}

const digestOf = (ticket: string): Buffer => createHash('sha256').update(ticket).digest();
