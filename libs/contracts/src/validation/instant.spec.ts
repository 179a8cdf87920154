import { describe, expect, it } from '@jest/globals';
import { isInstant } from './decorators.js';

describe('instants the readers can parse (RFC 3339)', () => {
  it.each(['2026-11-20T08:00:00Z', '2026-11-20T08:00:00.123Z', '2026-11-20T11:00:00+03:00', '2026-11-20T08:00Z', '2026-11-20', '2028-02-29'])(
    'accepts %s',
    (v) => {
      expect(isInstant(v)).toBe(true);
    },
  );

  it.each([
    '2026-W10-3',
    '20261120T080000Z',
    '2026-02-30',
    '2027-02-29',
    '0000-01-01',
    '2026-11-30T25:00:00Z',
    '2026-13-01',
    '2026-11-20T08:00:00',
    'yesterday',
    '',
  ])('refuses %s', (v) => {
    expect(isInstant(v)).toBe(false);
  });
});
