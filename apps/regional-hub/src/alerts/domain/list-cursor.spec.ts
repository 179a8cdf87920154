import { describe, expect, it } from '@jest/globals';
import type { Principal } from '@cix/auth';
import { ValidationFailed } from '@cix/contracts';
import { ListCursorCodec } from './list-cursor.js';

const kz: Principal = { sub: 'o-kz', agency: 'KZ', role: 'officer' };
const az: Principal = { sub: 'o-az', agency: 'AZ', role: 'officer' };

describe('list cursors', () => {
  it('round-trip for the caller they were given to, and say nothing of the position', () => {
    const codec = ListCursorCodec.create();
    const c = codec.seal('4711', kz);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(c, 'base64url').includes(Buffer.from('4711'))).toBe(false);
    expect(codec.seal('4711', kz)).not.toEqual(c); // fresh nonce: equal positions are not recognisable either
    expect(codec.open(c, kz)).toBe('4711');
  });

  it('refuse another caller, another key, an edited or a made-up cursor with a validation error on `cursor`', () => {
    const codec = ListCursorCodec.create('ab'.repeat(32));
    const c = codec.seal('12', kz);
    const edited = c.slice(0, 14) + (c[14] === 'A' ? 'B' : 'A') + c.slice(15);
    for (const [cursor, who, by] of [
      [c, az, codec],
      [c, kz, ListCursorCodec.create()],
      [edited, kz, codec],
      ['12', kz, codec],
      ['', kz, codec],
    ] as const) {
      expect(() => by.open(cursor, who)).toThrow(ValidationFailed);
    }
    expect(ListCursorCodec.create('ab'.repeat(32)).open(c, kz)).toBe('12'); // a configured key survives restarts and replicas
  });
});
