import { describe, expect, it } from '@jest/globals';
import { queryString } from '../apps/web-console/src/app/http.js';

// The console's shared query strings (jest does not look inside apps/web-console).
describe('console query strings', () => {
  it('keeps the filters that are set, numbers included, and leaves out undefined and blank ones', () => {
    expect(queryString({ limit: 50, agency: 'KZ', q: '  ', cursor: undefined, company: '', action: 'audit.report' })).toBe(
      'limit=50&agency=KZ&action=audit.report',
    );
    expect(queryString({ q: 'Ёлка & co' })).toBe('q=%D0%81%D0%BB%D0%BA%D0%B0+%26+co');
  });
});
