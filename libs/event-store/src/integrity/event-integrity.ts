import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isSealed, type SignedEvent, type WireEvent } from '@cix/contracts';
import { checkLink, eventHashInput, type IntegrityFailure } from './integrity-rules.js';
import { personalDataIntact } from './personal-data.js';

export { checkLink, type IntegrityFailure } from './integrity-rules.js';

export type UnsignedEvent = Omit<SignedEvent, 'hash' | 'signature' | 'keyId'>;

/** sha256 over the canonical form of everything that makes the event, its predecessor's hash included. */
export function eventHash(e: UnsignedEvent): string {
  return createHash('sha256').update(eventHashInput(e)).digest('hex');
}

export interface SigningKey {
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

export function loadSigningKey(file: string, keyId: string): SigningKey {
  return { keyId, privateKey: createPrivateKey(readFileSync(file)) };
}

export function signEvent(e: UnsignedEvent, key: SigningKey): SignedEvent {
  const hash = eventHash(e);
  return { ...e, hash, signature: signHash(hash, key), keyId: key.keyId };
}

/** The signature of an event is over its hash (the hash commits to everything else). */
export function signHash(hash: string, key: SigningKey): string {
  return sign(null, Buffer.from(hash, 'hex'), key.privateKey).toString('base64');
}

/** Public keys by agency and key id: a rotated key stays here so old events keep verifying. */
export class TrustStore {
  private readonly keys = new Map<string, KeyObject>();

  add(agency: string, keyId: string, publicKeyPem: string | Buffer): this {
    this.keys.set(`${agency}/${keyId}`, createPublicKey(publicKeyPem));
    return this;
  }

  /** `spec`: comma-separated `AGENCY:KEY_ID=PEM_FILE`. */
  static fromSpec(spec: string): TrustStore {
    const store = new TrustStore();
    for (const entry of spec
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = /^([A-Z]{2,3}):([^=]+)=(.+)$/.exec(entry);
      if (!m) throw new Error(`NODE_PUBLIC_KEYS entry "${entry}" must be AGENCY:KEY_ID=PEM_FILE`);
      store.add(m[1], m[2], readFileSync(m[3]));
    }
    return store;
  }

  get(agency: string, keyId: string): KeyObject | undefined {
    return this.keys.get(`${agency}/${keyId}`);
  }

  /** Every trusted key (for publishing the list, never as evidence: the verifier pins its own). */
  entries(): Array<{ agency: string; keyId: string; key: KeyObject }> {
    return [...this.keys].map(([id, key]) => {
      const at = id.indexOf('/');
      return { agency: id.slice(0, at), keyId: id.slice(at + 1), key };
    });
  }
}

/** Checks one event on its own: its hash (when the content is present) and its signature. */
export function checkEvent(e: WireEvent, trust: TrustStore): IntegrityFailure | null {
  const key = trust.get(e.agency, e.keyId);
  if (!key) return 'unknown-key';
  if (!isSealed(e)) {
    const { hash: _h, signature: _s, keyId: _k, ...unsigned } = e;
    if (eventHash(unsigned) !== e.hash) return 'hash-mismatch';
    if (!personalDataIntact(e)) return 'personal-data-mismatch';
  }
  const ok = verify(null, Buffer.from(e.hash, 'hex'), key, Buffer.from(e.signature, 'base64'));
  return ok ? null : 'bad-signature';
}

/**
 * Verifies a run of consecutive events of one agency with as few signature checks as the chain
 * allows: every link and every content hash is checked, and the signature of each *tip*. A full
 * event's recomputed hash commits to its predecessor's hash, so one signature vouches for the
 * chain of full events before it. A sealed (national-only) stub cannot be recomputed: its hash is
 * only claimed, so it vouches for nothing before it. The tips are therefore every sealed stub (its
 * own signature) and every full event that ends the run or precedes a stub. A changed, inserted or
 * removed event breaks a link or changes a tip's hash, so a tip's signature fails; only then are
 * the events checked one by one, to name the first bad one. Returns how many events, from the
 * start, are proven.
 */
export function checkSegment(
  events: readonly WireEvent[],
  previous: { position: number; hash: string } | null,
  trust: TrustStore,
): { valid: number; failure?: { index: number; reason: IntegrityFailure } } {
  let prev = previous;
  for (const [i, e] of events.entries()) {
    const reason = checkLink(e, prev) ?? (trust.get(e.agency, e.keyId) ? null : 'unknown-key') ?? (isSealed(e) ? null : hashFailure(e));
    if (reason) return withTips(events.slice(0, i), previous, trust) ?? { valid: i, failure: { index: i, reason } };
    prev = e;
  }
  return withTips(events, previous, trust) ?? { valid: events.length };
}

function hashFailure(e: SignedEvent): IntegrityFailure | null {
  const { hash: _h, signature: _s, keyId: _k, ...unsigned } = e;
  if (eventHash(unsigned) !== e.hash) return 'hash-mismatch';
  return personalDataIntact(e) ? null : 'personal-data-mismatch';
}

/** Undefined when every tip's signature holds (all proven); else the per-event verdict. */
function withTips(events: readonly WireEvent[], previous: { position: number; hash: string } | null, trust: TrustStore) {
  const isTip = (i: number) => isSealed(events[i]) || i === events.length - 1 || isSealed(events[i + 1]);
  if (events.every((e, i) => !isTip(i) || checkEvent(e, trust) === null)) return undefined;
  let prev = previous;
  for (const [i, e] of events.entries()) {
    const reason = checkLink(e, prev) ?? checkEvent(e, trust);
    if (reason) return { valid: i, failure: { index: i, reason } };
    prev = e;
  }
  return undefined;
}
