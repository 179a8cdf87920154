import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { GENESIS_HASH, sealEvent, type SignedEvent } from '@cix/contracts';
import { eventHash } from './event-integrity.js';
import { canonicalJson } from './canonical-json.js';
import { checkEvent, checkLink, checkSegment, signEvent, TrustStore, type SigningKey } from './event-integrity.js';
import { verifyLog } from './verify-log.js';

const pair = () => generateKeyPairSync('ed25519');
const k1 = pair();
const key: SigningKey = { keyId: 'KZ-1', privateKey: k1.privateKey };
const trust = new TrustStore().add('KZ', 'KZ-1', k1.publicKey.export({ type: 'spki', format: 'pem' }));

function chain(n: number, signer = key): SignedEvent[] {
  const out: SignedEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = signEvent(
      {
        agency: 'KZ',
        position: i,
        eventId: `00000000-0000-4000-8000-00000000000${i}`,
        streamId: `alert-${i}`,
        streamVersion: 1,
        type: 'AlertRaised',
        schemaVersion: 1,
        payload: { n: i, nested: { b: 2, a: 1 } },
        metadata: { actor: 'o', agency: 'KZ', correlationId: 'c' },
        occurredAt: '2026-11-20T08:00:00.000Z',
        recordedAt: '2026-11-20T08:00:01.000Z',
        prevHash,
      },
      signer,
    );
    prevHash = e.hash;
    out.push(e);
  }
  return out;
}

describe('canonical JSON', () => {
  it('does not depend on key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 1, x: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 2, y: 1 }] }, b: 1 }));
  });
});

describe('event integrity', () => {
  it('a signed chain verifies event by event and link by link', () => {
    const events = chain(3);
    let prev: { position: number; hash: string } | null = null;
    for (const e of events) {
      expect(checkEvent(e, trust)).toBeNull();
      expect(checkLink(e, prev)).toBeNull();
      prev = e;
    }
  });

  it('detects a changed payload', () => {
    const [e] = chain(1);
    expect(checkEvent({ ...e, payload: { n: 2, nested: { a: 1, b: 2 } } }, trust)).toBe('hash-mismatch');
  });

  it('detects a recomputed hash that was not signed by the node', () => {
    const [e] = chain(1);
    const forged = signEvent({ ...e, payload: { n: 99 } }, { keyId: 'KZ-1', privateKey: pair().privateKey });
    expect(checkEvent(forged, trust)).toBe('bad-signature');
  });

  it('refuses a key id the trust store does not know, and keeps old keys verifiable after rotation', () => {
    const k2 = pair();
    const rotated = chain(1, { keyId: 'KZ-2', privateKey: k2.privateKey });
    expect(checkEvent(rotated[0], trust)).toBe('unknown-key');
    trust.add('KZ', 'KZ-2', k2.publicKey.export({ type: 'spki', format: 'pem' }));
    expect(checkEvent(rotated[0], trust)).toBeNull();
    expect(checkEvent(chain(1)[0], trust)).toBeNull();
  });

  it('detects a deleted event (position gap) and swapped events (broken chain)', () => {
    const [a, b, c] = chain(3);
    expect(checkLink(c, a)).toBe('position-gap');
    expect(checkLink({ ...c, position: 2 }, a)).toBe('chain-broken');
    expect(checkLink(b, a)).toBeNull();
  });

  it('verifies a sealed stub by its signature without its content', () => {
    const [e] = chain(1);
    const sealed = sealEvent(e);
    expect(checkEvent(sealed, trust)).toBeNull();
    expect(checkEvent({ ...sealed, hash: 'f'.repeat(64) }, trust)).toBe('bad-signature');
  });
});

describe('verifying a whole log', () => {
  it('reports "verified N events, chain intact"', () => {
    expect(verifyLog(chain(5), trust)).toMatchObject({ intact: true, verified: 5, lastPosition: 5 });
  });

  it.each([
    [
      'a changed payload',
      (l: SignedEvent[]) => {
        l[2] = { ...l[2], payload: { n: 42 } };
      },
      3,
      'hash-mismatch',
    ],
    [
      'a deleted event',
      (l: SignedEvent[]) => {
        l.splice(1, 1);
      },
      3,
      'position-gap',
    ],
    [
      'two swapped events',
      (l: SignedEvent[]) => {
        [l[1], l[2]] = [l[2], l[1]];
      },
      3,
      'position-gap',
    ],
    [
      'a forged signature',
      (l: SignedEvent[]) => {
        l[3] = signEvent({ ...l[3] }, { keyId: 'KZ-1', privateKey: pair().privateKey });
      },
      4,
      'bad-signature',
    ],
  ])('names the first broken event after %s', (_what, tamper, position, reason) => {
    const log = chain(5);
    tamper(log);
    expect(verifyLog(log, trust)).toMatchObject({ intact: false, position, reason });
  });
});

describe('verifying a run of events with one signature', () => {
  it('proves a whole valid run', () => {
    expect(checkSegment(chain(5), null, trust)).toEqual({ valid: 5 });
  });

  it('names the first changed event even though only the tip signature is checked first', () => {
    const log = chain(5);
    log[2] = { ...log[2], payload: { n: 99 } };
    expect(checkSegment(log, null, trust)).toEqual({ valid: 2, failure: { index: 2, reason: 'hash-mismatch' } });
  });

  it('catches a re-hashed forgery (chain recomputed without the key) by the tip signature', () => {
    const log = chain(4);
    const forgedKey = { keyId: 'KZ-1', privateKey: pair().privateKey };
    // Rewrite event 3 and 4 consistently (valid links and hashes) but sign with a foreign key.
    const e3 = signEvent({ ...log[2], payload: { n: 3, forged: true } }, forgedKey);
    const e4 = signEvent({ ...log[3], prevHash: e3.hash }, forgedKey);
    expect(checkSegment([log[0], log[1], e3, e4], null, trust)).toEqual({ valid: 2, failure: { index: 2, reason: 'bad-signature' } });
  });

  it('continues from a previous event and refuses a gap', () => {
    const [a, b, c] = chain(3);
    expect(checkSegment([b, c], a, trust)).toEqual({ valid: 2 });
    expect(checkSegment([c], a, trust)).toEqual({ valid: 0, failure: { index: 0, reason: 'position-gap' } });
  });

  it('never lets a sealed stub vouch for an unsigned event before it (a stub is a tip of its own)', () => {
    const [a, b] = chain(2);
    // Without the key: an event at position 2 with a correct hash and no valid signature, then the
    // genuine stub of b moved to position 3 and linked to the forgery. The stub's own signature holds.
    const { hash: _h, signature: _s, keyId: _k, ...unsigned } = { ...b, payload: { n: 2, forged: true } };
    const forged = { ...unsigned, hash: eventHash(unsigned), signature: 'AAAA', keyId: 'KZ-1' };
    const stub = { ...sealEvent(b), position: 3, prevHash: forged.hash };
    expect(checkSegment([a, forged, stub], null, trust)).toEqual({ valid: 1, failure: { index: 1, reason: 'bad-signature' } });
  });

  it('proves runs that mix stubs and full events', () => {
    const log = chain(6);
    const mixed = log.map((e, i) => (i % 3 === 1 ? sealEvent(e) : e));
    expect(checkSegment(mixed, null, trust)).toEqual({ valid: 6 });
    expect(checkSegment(mixed.slice(0, 2), null, trust)).toEqual({ valid: 2 });
  });
});
