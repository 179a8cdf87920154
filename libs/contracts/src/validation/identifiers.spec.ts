import { describe, expect, it } from '@jest/globals';
import { canonicalContainerNumber, checkContainerNumber, checkImoNumber, containerCheckDigit, isCountryCode, isHsCode, isUnLocode } from './identifiers.js';

describe('ISO 6346 container numbers', () => {
  it('accepts the standard test vector CSQU3054383', () => {
    expect(checkContainerNumber('CSQU3054383')).toEqual({ ok: true });
  });

  it('rejects the same number with one digit changed, naming the expected check digit', () => {
    expect(checkContainerNumber('CSQU3054384')).toEqual({ ok: false, rule: 'checkDigit', message: expect.stringContaining('should be 3') });
    expect(checkContainerNumber('CSQU3054483')).toMatchObject({ ok: false, rule: 'checkDigit' });
  });

  it('accepts spaces and dashes as on manifests and canonicalises them', () => {
    expect(canonicalContainerNumber('csqu 305438-3')).toBe('CSQU3054383');
    expect(checkContainerNumber('CSQU 305438-3').ok).toBe(true);
  });

  it('rejects a wrong category letter or length as a format error', () => {
    expect(checkContainerNumber('CSQA3054383')).toMatchObject({ ok: false, rule: 'format' });
    expect(checkContainerNumber('CSQU305438')).toMatchObject({ ok: false, rule: 'format' });
  });

  it('computes check digits where the remainder is 10 as 0', () => {
    // Find a serial whose weighted sum mod 11 is 10, then verify the digit is 0 and validates.
    let found = '';
    for (let s = 0; s < 1000 && !found; s++) {
      const first10 = `TGHU${String(s).padStart(6, '0')}`;
      let sum = 0;
      const letters: Record<string, number> = { T: 31, G: 17, H: 18, U: 32 };
      for (let i = 0; i < 10; i++) sum += (letters[first10[i]] ?? Number(first10[i])) * 2 ** i;
      if (sum % 11 === 10) found = first10;
    }
    expect(found).not.toBe('');
    expect(containerCheckDigit(found)).toBe(0);
    expect(checkContainerNumber(found + '0').ok).toBe(true);
  });
});

describe('IMO ship numbers', () => {
  it.each(['9319466', 'IMO9319466', 'IMO 8814275', '9074729'])('%s is valid', (imo) => {
    expect(checkImoNumber(imo)).toBe('valid');
  });
  it('tells a bad check digit from a bad format', () => {
    expect(checkImoNumber('IMO9319467')).toBe('bad-check-digit');
    expect(checkImoNumber('IMO93194')).toBe('bad-format');
  });
});

describe('other identifiers', () => {
  it('UN/LOCODE: country + 3 of A-Z, 2-9', () => {
    expect(['KZAAU', 'KZKUR', 'TMKRW', 'AZBAK', 'KZALA'].every(isUnLocode)).toBe(true);
    expect(isUnLocode('KZAA1')).toBe(false);
    expect(isUnLocode('kzaau')).toBe(false);
  });
  it('HS code: 6 to 10 digits', () => {
    expect(isHsCode('293911')).toBe(true);
    expect(isHsCode('2939110000')).toBe(true);
    expect(isHsCode('29391')).toBe(false);
    expect(isHsCode('29391100001')).toBe(false);
  });
  it('country codes are checked against the ISO list, not just the shape', () => {
    expect(['AZ', 'KZ', 'TM', 'RU', 'IR', 'CN', 'AF', 'TR'].every(isCountryCode)).toBe(true);
    expect(isCountryCode('XX')).toBe(false);
    expect(isCountryCode('kz')).toBe(false);
  });
});
