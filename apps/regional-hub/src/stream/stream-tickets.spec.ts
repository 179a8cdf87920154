import { describe, expect, it } from '@jest/globals';
import type { Principal } from '@cix/auth';
import { StreamTickets, type TicketStore } from './stream-tickets.js';

/** The shared store's contract (a row per digest, taken once), in memory. */
class MemoryStore implements TicketStore {
  readonly open = new Map<string, { principal: Principal; expiresAtMs: number }>();
  put(digest: Buffer, principal: Principal, expiresAtMs: number): Promise<void> {
    this.open.set(digest.toString('hex'), { principal, expiresAtMs });
    return Promise.resolve();
  }
  take(digest: Buffer): Promise<{ principal: Principal; expiresAtMs: number } | null> {
    const t = this.open.get(digest.toString('hex')) ?? null;
    this.open.delete(digest.toString('hex'));
    return Promise.resolve(t);
  }
}

describe('stream tickets', () => {
  let t = Date.parse('2026-11-30T12:00:00Z');
  const now = () => t;
  const officer: Principal = { sub: 'kz-1', agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU', exp: t / 1000 + 3600 };

  it('opens the feed once, for the principal it was issued to', async () => {
    const tickets = new StreamTickets(new MemoryStore(), now);
    const { ticket, expiresAt } = await tickets.issue(officer);
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe('2026-11-30T12:00:30.000Z');
    expect(await tickets.redeem(ticket)).toEqual(officer);
    expect(await tickets.redeem(ticket)).toBeNull();
    expect(await tickets.redeem('not-a-ticket')).toBeNull();
  });

  it('expires after 30 s, and never outlives the token it was issued for', async () => {
    const tickets = new StreamTickets(new MemoryStore(), now);
    const a = await tickets.issue(officer);
    const short = await tickets.issue({ ...officer, exp: t / 1000 + 5 });
    expect(short.expiresAt).toBe('2026-11-30T12:00:05.000Z');
    t += 10_000;
    expect(await tickets.redeem(short.ticket)).toBeNull();
    t += 20_001;
    expect(await tickets.redeem(a.ticket)).toBeNull();
  });
});
