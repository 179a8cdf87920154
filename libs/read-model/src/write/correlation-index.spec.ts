import { describe, expect, it } from '@jest/globals';
import type { AlertState } from '@cix/contracts';
import { correlationRowsOf, indexChange, PARTY_BLOCK, ROUTE_HS } from './correlation-index.js';

const alert = (content: Partial<AlertState['content']>, extra: Partial<AlertState> = {}): AlertState =>
  ({
    id: '6D1F0C1E-3C4B-4A53-9A57-1F1A2B3C4D5E',
    agency: 'KZ',
    version: 1,
    status: 'open',
    content: {
      kind: 'seizure',
      unit: 'KZ-AKTAU',
      occurredAt: '2026-11-20T08:00:00Z',
      commodity: { category: 'drugs', description: 'x' },
      containers: [],
      parties: [],
      handlingCode: 'H0',
      ...content,
    },
    distribution: { level: 'regional', recipients: [] },
    ...extra,
  }) as AlertState;

describe('correlation index rows of an alert', () => {
  it('keys identifiers canonically, companies with their blocking keys, never persons', () => {
    const rows = correlationRowsOf(
      alert({
        containers: ['mscu 307919-7'],
        vessel: { imo: '9319466' },
        parties: [
          { role: 'shipper', name: 'ТОО «Каспий Транс Логистик»', isPerson: false },
          { role: 'driver', name: 'Serik Abenov', isPerson: true },
        ],
      }),
    );
    expect(rows.filter((r) => r.kind === 'container')).toEqual([
      expect.objectContaining({ value: 'MSCU3079197', alertId: '6d1f0c1e-3c4b-4a53-9a57-1f1a2b3c4d5e' }),
    ]);
    expect(rows.find((r) => r.kind === 'imo')?.value).toBe('IMO9319466');
    expect(rows.filter((r) => r.kind === 'party').map((r) => r.shown)).toEqual(['ТОО «Каспий Транс Логистик»']);
    expect(rows.some((r) => r.kind === PARTY_BLOCK)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('Abenov');
  });

  it('shows a vessel-name key as the name written on this alert; a name longer than nodes accept shows its key', () => {
    const vessel = (name: string) => correlationRowsOf(alert({ vessel: { name } })).filter((r) => r.kind === 'vessel-name');
    const [cyrillic] = vessel('Т/Х «Бейбарыс»');
    const [latin] = vessel('MV BEYBARYS');
    expect(cyrillic.value).toBe(latin.value);
    expect([cyrillic.shown, latin.shown]).toEqual(['Т/Х «Бейбарыс»', 'MV BEYBARYS']);
    const long = `MV ${'Beybarys '.repeat(20)}`;
    expect(vessel(long).map((r) => r.shown)).toEqual([vessel(long)[0].value]);
  });

  it('keys route and HS chapter by week as a weak key, and nothing of a retracted alert', () => {
    const a = alert({ route: { departure: 'AF', destination: 'AZ' }, commodity: { category: 'drugs', description: 'x', hsCode: '293911' } });
    expect(correlationRowsOf(a).filter((r) => r.kind === ROUTE_HS)).toEqual([expect.objectContaining({ shown: 'AF>AZ HS 29' })]);
    expect(correlationRowsOf({ ...a, status: 'retracted' })).toEqual([]);
  });

  it('moves only what an amendment changed, and counts each value once per alert', () => {
    const before = alert({ containers: ['MSCU3079197'] });
    const after = alert({ containers: ['MSCU3079197', 'CSQU3054383'] });
    const c = indexChange([{ before, after }]);
    expect(c.added.map((r) => r.value)).toEqual(['CSQU3054383']);
    expect(c.removed).toEqual([]);
    expect([...c.counts.values()]).toEqual([{ kind: 'container', value: 'CSQU3054383', agency: 'KZ', delta: 1 }]);
    const retracted = indexChange([{ before: after, after: { ...after, status: 'retracted' } }]);
    expect(retracted.removed).toHaveLength(2);
    expect([...retracted.counts.values()].map((x) => x.delta)).toEqual([-1, -1]);
  });
});
