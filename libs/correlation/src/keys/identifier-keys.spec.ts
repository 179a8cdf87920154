import { describe, expect, it } from '@jest/globals';
import { billOfLadingKey, containerKey, imoKey, luhnCheckDigit, railWagonKey, vehiclePlateKey, vesselNameKey } from './identifier-keys.js';

const value = (v: string) => ({ ok: true, value: v });

describe('container numbers (ISO 6346)', () => {
  it('keys the spellings of manifests, clerks and Cyrillic keyboards alike', () => {
    for (const raw of ['CSQU3054383', 'csqu 305438-3', 'CSQU-305438/3', 'СSQU3054383' /* Cyrillic С */])
      expect(containerKey(raw)).toEqual(value('CSQU3054383'));
  });

  it('gives no key for a wrong check digit or a malformed number', () => {
    expect(containerKey('CSQU3054384')).toEqual({ ok: false, reason: 'check-digit' });
    expect(containerKey('CSQA3054383')).toEqual({ ok: false, reason: 'format' });
    expect(containerKey(' - ')).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('IMO numbers', () => {
  it('keys 9319466, IMO 9319466 and imo-9319466 as IMO9319466', () => {
    for (const raw of ['9319466', 'IMO 9319466', 'imo-9319466', ' IMO9319466 ']) expect(imoKey(raw)).toEqual(value('IMO9319466'));
  });

  it('gives no key for a wrong check digit or format', () => {
    expect(imoKey('IMO9319467')).toEqual({ ok: false, reason: 'check-digit' });
    expect(imoKey('IMO931946')).toEqual({ ok: false, reason: 'format' });
  });
});

describe('vessel names', () => {
  it('drops the type prefix and reads Cyrillic, so Т/Х «Бейбарыс» is MV BEYBARYS', () => {
    const key = vesselNameKey('MV BEYBARYS');
    expect(key.ok).toBe(true);
    for (const raw of ['Т/Х «Бейбарыс»', 'm/v Beibarys', 'ТХ Бейбарыс', 'M.V. Beybarys']) expect(vesselNameKey(raw)).toEqual(key);
  });

  it('keeps word order and numbers, reading roman numerals', () => {
    expect(vesselNameKey('Aktau Star II')).toEqual(vesselNameKey('AKTAU STAR 2'));
    expect(vesselNameKey('Aktau Star 2')).not.toEqual(vesselNameKey('Aktau Star 3'));
    expect(vesselNameKey('Star Aktau')).not.toEqual(vesselNameKey('Aktau Star'));
  });
});

describe('bills of lading and vehicle plates', () => {
  it('compacts bills of lading', () => {
    expect(billOfLadingKey('KZAAU-2026-0701')).toEqual(billOfLadingKey('kzaau 2026/0701'));
    expect(billOfLadingKey('KZAAU-2026-0701')).toEqual(value('KZAAU20260701'));
  });

  it('reads plate letters typed in Cyrillic as the Latin ones they look like', () => {
    expect(vehiclePlateKey('123 АВС 02')).toEqual(value('123ABC02'));
    expect(vehiclePlateKey('123abc02')).toEqual(value('123ABC02'));
    expect(vehiclePlateKey('ABC')).toEqual({ ok: false, reason: 'format' });
  });
});

describe('rail wagon numbers', () => {
  it('checks UIC numbers by their Luhn self-check digit (examples of the UIC numbering scheme)', () => {
    expect(railWagonKey('21 81 2471 217-3')).toEqual(value('218124712173'));
    expect(railWagonKey('51 80 0843 001-0')).toEqual(value('518008430010'));
    expect(railWagonKey('21 81 2471 217-4')).toEqual({ ok: false, reason: 'check-digit' });
  });

  it('checks 8-digit numbers of the 1520 mm network the same way (weights 2121212)', () => {
    const payload = '5234567';
    const number = payload + luhnCheckDigit(payload);
    expect(railWagonKey(number)).toEqual(value(number));
    expect(railWagonKey(payload + ((luhnCheckDigit(payload) + 1) % 10))).toEqual({ ok: false, reason: 'check-digit' });
    expect(railWagonKey('1234567')).toEqual({ ok: false, reason: 'format' });
  });
});
