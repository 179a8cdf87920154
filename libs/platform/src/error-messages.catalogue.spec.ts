import { describe, expect, it } from '@jest/globals';
import { preferredLanguage, translateFieldError, translateMessage } from './error-messages.catalogue.js';

describe("error messages in the caller's language", () => {
  it.each([
    ['ru', 'ru'],
    ['ru-RU,ru;q=0.9,en;q=0.8', 'ru'],
    ['en-US,en;q=0.9,ru;q=0.5', 'en'],
    ['de-DE,ru;q=0.3', 'ru'],
    ['de', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    ['ru;q=0', 'en'],
    ['*', 'en'],
  ])('Accept-Language %p → %p', (header, lang) => {
    expect(preferredLanguage(header)).toBe(lang);
  });

  it('keeps the numbers and allowed values of the English message', () => {
    expect(
      translateFieldError({ field: 'commodity.category', rule: 'isLength', message: 'commodity.category must be longer than or equal to 2 characters' }, 'ru')
        .message,
    ).toBe('commodity.category: длина должна быть не меньше 2');
    expect(
      translateFieldError({ field: 'handlingCode', rule: 'isIn', message: 'handlingCode must be one of the following values: H0, H1, H2, H3' }, 'ru').message,
    ).toBe('handlingCode: должно быть одним из значений: H0, H1, H2, H3');
  });

  it('leaves an unknown rule or code in English, and English untouched', () => {
    const e = { field: 'x', rule: 'somethingNew', message: 'x is odd' };
    expect(translateFieldError(e, 'ru')).toEqual(e);
    expect(translateMessage('SOMETHING.NEW', 'odd', 'ru')).toBe('odd');
    expect(translateMessage('RESOURCE.NOT_FOUND', 'alert not found', 'en')).toBe('alert not found');
  });
});
