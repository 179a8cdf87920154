import { describe, expect, it } from '@jest/globals';
import type { Principal } from '@cix/auth';
import { StreamTickets } from './stream-tickets.js';

describe('stream tickets', () => {
  let t = Date.parse('2026-11-30T12:00:00Z');
  const now = () => t;
  const officer: Principal = { sub: 'kz-1', agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU', exp: t / 1000 + 3600 };

  it('opens the feed once, for the principal it was issued to', () => {
    const tickets = new StreamTickets(now);
    const { ticket, expiresAt } = tickets.issue(officer);
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe('2026-11-30T12:00:30.000Z');
    expect(tickets.redeem(ticket)).toEqual(officer);
    expect(tickets.redeem(ticket)).toBeNull();
    expect(tickets.redeem('not-a-ticket')).toBeNull();
  });

  it('expires after 30 s, and never outlives the token it was issued for', () => {
    const tickets = new StreamTickets(now);
    const a = tickets.issue(officer);
    const short = tickets.issue({ ...officer, exp: t / 1000 + 5 });
    expect(short.expiresAt).toBe('2026-11-30T12:00:05.000Z');
    t += 10_000;
    expect(tickets.redeem(short.ticket)).toBeNull();
    t += 20_001;
    expect(tickets.redeem(a.ticket)).toBeNull();
  });
});
