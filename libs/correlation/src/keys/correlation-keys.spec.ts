import { describe, expect, it } from '@jest/globals';
import { RAISE_ALERT_EXAMPLE } from '@cix/contracts';
import { correlationKeysOf } from './correlation-keys.js';

describe('correlationKeysOf', () => {
  it('returns the typed, canonical keys present in an alert', () => {
    const keys = correlationKeysOf(RAISE_ALERT_EXAMPLE);
    expect(keys.filter((k) => k.kind !== 'party')).toEqual([
      { kind: 'container', value: 'MSCU3079197' },
      { kind: 'imo', value: 'IMO9319466' },
      { kind: 'vessel-name', value: expect.any(String) },
      { kind: 'bill-of-lading', value: 'KZAAU20260701' },
    ]);
    expect(keys.find((k) => k.kind === 'party')).toMatchObject({ kind: 'party', name: 'Serik Abenov', role: 'driver', isPerson: true });
  });

  it('keys two spellings of one company alike, and gives it blocking keys', () => {
    const [a] = correlationKeysOf({ containers: [], parties: [{ role: 'shipper', name: 'ТОО «Каспий Транс Логистик»', isPerson: false }] });
    const [b] = correlationKeysOf({ containers: [], parties: [{ role: 'shipper', name: 'Kaspiy Trans Logistik LLP', isPerson: false }] });
    expect(a.value).toBe(b.value);
    expect(a.kind === 'party' && a.blocking.length).toBeGreaterThan(0);
  });

  it('skips values failing their check digit and repeats of one value', () => {
    const keys = correlationKeysOf({
      containers: ['CSQU3054383', 'csqu 305438-3', 'CSQU3054384'],
      vessel: { imo: 'IMO9319467' },
      parties: [],
      railWagons: ['21 81 2471 217-3'],
      vehiclePlates: ['123 АВС 02'],
    });
    expect(keys).toEqual([
      { kind: 'container', value: 'CSQU3054383' },
      { kind: 'vehicle-plate', value: '123ABC02' },
      { kind: 'rail-wagon', value: '218124712173' },
    ]);
  });
});
