import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GENESIS_HASH, isSealed, type SignedEvent, type WireEvent } from '@cix/contracts';
import { canonicalJson } from './canonical-json.js';
import { personalDataIntact } from './personal-data.js';

export type UnsignedEvent = Omit<SignedEvent, 'hash' | 'signature' | 'keyId'>;

/** sha256 over the canonical form of everything that makes the event, its predecessor's hash included. */
export function eventHash(e: UnsignedEvent): string {
  // The personal-data side record is deliberately not hashed: the payload commits to it by digest.
  const { agency, position, eventId, streamId, streamVersion, type, schemaVersion, payload, metadata, occurredAt, recordedAt, prevHash } = e;
  const canonical = canonicalJson({
    agency,
    position,
    eventId,
    streamId,
    streamVersion,
    type,
    schemaVersion,
    payload,
    metadata,
    occurredAt,
    recordedAt,
    prevHash,
  });
  return createHash('sha256').update(canonical).digest('hex');
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

export type IntegrityFailure =
  | 'unknown-key'
  | 'bad-signature'
  | 'hash-mismatch'
  | 'chain-broken'
  | 'position-gap'
  /** A personal-data side record that does not match the digest the signed payload carries. */
  | 'personal-data-mismatch';

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

/** Checks that `e` directly follows the event at (position, hash) in its agency's log. */
export function checkLink(e: WireEvent, previous: { position: number; hash: string } | null): IntegrityFailure | null {
  const prev = previous ?? { position: 0, hash: GENESIS_HASH };
  if (e.position !== prev.position + 1) return 'position-gap';
  // A hash covers its prevHash, so no genuine event has its predecessor's hash: this is a copy of
  // the predecessor (typically its sealed stub, whose position no signature binds) moved one on.
  if (e.prevHash !== prev.hash || e.hash === prev.hash) return 'chain-broken';
  return null;
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
