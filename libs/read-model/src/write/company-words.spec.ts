import { describe, expect, it } from '@jest/globals';
import { companyWords, searchedCompanyWords } from './company-words.js';

describe('company words (the hub finds companies across scripts and legal forms)', () => {
  const stored = companyWords([{ name: 'ТОО «Каспий Транс Логистик»' }, { name: 'Ivan Petrov', isPerson: true }]);
  const finds = (text: string) => searchedCompanyWords(text).every((alts) => alts.some((w) => stored.includes(w)));

  it('finds a company by its Latin spelling, its legal form or a part of its name', () => {
    expect(finds('Kaspiy Trans Logistik LLP')).toBe(true);
    expect(finds('Caspian Trans Logistics')).toBe(true);
    expect(finds('каспий')).toBe(true);
  });

  it('does not find another company, nor a person', () => {
    expect(finds('Caspian Trans Shipping')).toBe(false);
    expect(finds('Petrov')).toBe(false);
    expect(stored.join(' ')).not.toMatch(/petrov|ivan/i);
  });
});
