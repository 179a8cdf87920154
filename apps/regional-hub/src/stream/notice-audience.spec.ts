import { describe, expect, it } from '@jest/globals';
import type { SharingFacts } from '@cix/access-control';
import type { Principal } from '@cix/auth';
import { hearsNotice } from './notice-audience.js';

const who = (agency: string, role: Principal['role'] = 'officer') => ({ sub: `${agency}-${role}`, agency, role }) as Principal;
const facts = (agency: string, level: SharingFacts['level'], recipients: string[] = []): SharingFacts => ({ agency, level, recipients });

describe('notice audience (who hears a match, a hit, a request)', () => {
  const a = '00000000-0000-4000-8000-00000000000a';
  const b = '00000000-0000-4000-8000-00000000000b';
  const current = new Map([
    [a, facts('KZ', 'bilateral', ['TM'])],
    [b, facts('TM', 'bilateral', ['KZ'])],
  ]);
  const both = {
    allOf: [
      { agency: 'KZ', alertId: a },
      { agency: 'TM', alertId: b },
    ],
  };

  it('reaches only those who may see every listed alert, judged by the sharing as it stands', () => {
    expect(hearsNotice(who('KZ'), both, current)).toBe(true);
    expect(hearsNotice(who('TM'), both, current)).toBe(true);
    expect(hearsNotice(who('AZ'), both, current)).toBe(false);
    expect(hearsNotice(who('CCP', 'coordinator'), both, current)).toBe(false);
    const narrowed = new Map(current).set(b, facts('TM', 'agency'));
    expect(hearsNotice(who('KZ'), both, narrowed)).toBe(false);
  });

  it('denies an alert it cannot find, one named under another owner, and an empty list', () => {
    expect(hearsNotice(who('KZ'), both, new Map([[a, current.get(a)!]]))).toBe(false);
    expect(hearsNotice(who('KZ'), { allOf: [{ agency: 'AZ', alertId: a }] }, current)).toBe(false);
    expect(hearsNotice(who('KZ'), { allOf: [] }, current)).toBe(false);
  });

  it('reaches an agency officers, or its officers and auditors, and nobody else', () => {
    expect(hearsNotice(who('KZ'), { agencyOfficers: 'KZ' }, current)).toBe(true);
    expect(hearsNotice(who('KZ', 'auditor'), { agencyOfficers: 'KZ' }, current)).toBe(false);
    expect(hearsNotice(who('KZ', 'auditor'), { agency: 'KZ' }, current)).toBe(true);
    expect(hearsNotice(who('TM'), { agency: 'KZ' }, current)).toBe(false);
    expect(hearsNotice(who('KZ'), {} as never, current)).toBe(false);
  });

  it('tells a hit to the requester officers only while the hit is still theirs to know', () => {
    const hit = { hitRequester: { agency: 'KZ', hitId: 'h1' } };
    expect(hearsNotice(who('KZ'), hit, current, new Set(['h1']))).toBe(true);
    // The owner withdrew discoverability since: not known any more, not told (live or on resume).
    expect(hearsNotice(who('KZ'), hit, current, new Set(['h2']))).toBe(false);
    expect(hearsNotice(who('KZ'), hit, current)).toBe(false);
    expect(hearsNotice(who('KZ', 'auditor'), hit, current, new Set(['h1']))).toBe(false);
    expect(hearsNotice(who('TM'), hit, current, new Set(['h1']))).toBe(false);
  });
});
