import { describe, expect, it } from '@jest/globals';
import { WindowCounter } from './rate-limit.js';
import { trustProxySetting } from './http-hardening.js';

describe('rate limit window counter', () => {
  it('allows the limit per window, then tells how long to wait, then starts a new window', () => {
    let now = 1_000_000;
    const c = new WindowCounter(2, 10_000, () => now);
    expect(c.hit('a')).toBeNull();
    expect(c.hit('a')).toBeNull();
    expect(c.blockedFor('a')).toBe(10);
    now += 4_000;
    expect(c.hit('a')).toBe(6);
    expect(c.hit('b')).toBeNull();
    now += 6_000;
    expect(c.blockedFor('a')).toBeNull();
    expect(c.hit('a')).toBeNull();
  });

  it('a limit of 0 is no limit', () => {
    const c = new WindowCounter(0, 1000);
    for (let i = 0; i < 100; i++) expect(c.hit('a')).toBeNull();
    expect(c.blockedFor('a')).toBeNull();
  });
});

describe('TRUST_PROXY', () => {
  it('maps to the express trust proxy setting', () => {
    expect(trustProxySetting('false')).toBe(false);
    expect(trustProxySetting('true')).toBe(true);
    expect(trustProxySetting('2')).toBe(2);
    expect(trustProxySetting('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
  });
});
