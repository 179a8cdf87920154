import { describe, expect, it } from '@jest/globals';
import type { AlertState, Principal } from '@cix/contracts';
import { asOfPrincipal, asOfVerdict, matchesAsOf } from './as-of-view.js';

const auditor = (agency: string): Principal => ({ sub: 'a', agency, role: 'auditor' });
const regional = { agency: 'KZ', level: 'regional', recipients: [] } as const;
const toTm = { agency: 'KZ', level: 'bilateral', recipients: ['TM'] } as const;
const own = { agency: 'KZ', level: 'agency', recipients: [] } as const;

describe('as-of views for auditors', () => {
  it('lets a national auditor look only through its own agency’s eyes; the programme’s through anyone’s', () => {
    expect(asOfPrincipal(auditor('KZ'), 'KZ')).toMatchObject({ agency: 'KZ', role: 'officer' });
    expect(() => asOfPrincipal(auditor('KZ'), 'AZ')).toThrow(/not found|resource/i);
    expect(() => asOfPrincipal(auditor('KZ'), 'CCP')).toThrow(/not found|resource/i);
    expect(asOfPrincipal(auditor('CCP'), 'AZ')).toMatchObject({ agency: 'AZ', role: 'officer' });
    expect(asOfPrincipal(auditor('CCP'), 'CCP')).toMatchObject({ agency: 'CCP', role: 'coordinator' });
    expect(() => asOfPrincipal(auditor('CCP'), 'AZ', 'coordinator')).toThrow(/coordinators/);
    expect(() => asOfPrincipal({ sub: 'x', agency: 'CCP', role: 'coordinator' }, 'CCP')).toThrow(/not found|resource/i);
  });

  it('shows what the principal saw then, only while it may still see it; the programme’s auditor gets stubs for what the programme was not shown', () => {
    const tm = asOfPrincipal(auditor('TM'), 'TM');
    const az = asOfPrincipal(auditor('AZ'), 'AZ');
    const ccp = asOfPrincipal(auditor('CCP'), 'CCP');
    // regional then, narrowed to TM now
    expect(asOfVerdict(auditor('TM'), tm, regional, toTm)).toBe('shown');
    expect(asOfVerdict(auditor('AZ'), az, regional, toTm)).toBe('withdrawn');
    expect(asOfVerdict(auditor('CCP'), ccp, regional, toTm)).toBe('withdrawn');
    // bilateral to TM then: AZ never saw it
    expect(asOfVerdict(auditor('AZ'), az, toTm, regional)).toBe('hidden');
    // the programme's auditor looking through TM's eyes at a bilateral KZ→TM alert: the programme may not see it
    expect(asOfVerdict(auditor('CCP'), asOfPrincipal(auditor('CCP'), 'TM'), toTm, toTm)).toBe('sealed');
    expect(asOfVerdict(auditor('CCP'), asOfPrincipal(auditor('CCP'), 'TM'), regional, regional)).toBe('shown');
    // the owner always saw its own alert
    expect(asOfVerdict(auditor('KZ'), asOfPrincipal(auditor('KZ'), 'KZ'), own, own)).toBe('shown');
  });

  it('matches the list filters on the alert as it stood then, never on persons’ names', () => {
    const s = {
      id: 'x',
      agency: 'KZ',
      status: 'open',
      expiresAt: '2030-01-01T00:00:00Z',
      content: {
        kind: 'seizure',
        unit: 'KZ-AKTAU',
        occurredAt: '2026-11-01T08:00:00Z',
        commodity: { category: 'drugs', description: 'Heroin in a false floor', hsCode: '293911' },
        containers: ['CSQU3054383'],
        route: { departure: 'AF', transit: ['TM'], destination: 'AZ' },
        parties: [
          { role: 'shipper', name: 'Kaspiy Trans LLP', isPerson: false },
          { role: 'driver', name: 'Serik Abenov', isPerson: true },
        ],
      },
    } as unknown as AlertState;
    const at = new Date('2026-11-02T00:00:00Z');
    expect(matchesAsOf(s, {}, at)).toBe(true);
    expect(matchesAsOf(s, { container: 'CSQU3054383', country: 'TM', hsChapter: '29', q: 'false floor' }, at)).toBe(true);
    expect(matchesAsOf(s, { q: 'kaspiy' }, at)).toBe(true);
    expect(matchesAsOf(s, { q: 'abenov' }, at)).toBe(false);
    expect(matchesAsOf(s, { container: 'MSKU1234565' }, at)).toBe(false);
    expect(matchesAsOf(s, { status: 'expired' }, new Date('2031-01-01T00:00:00Z'))).toBe(true);
    expect(matchesAsOf(s, { from: '2026-11-01T09:00:00Z' }, at)).toBe(false);
  });
});
