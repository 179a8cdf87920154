import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { WireEvent } from '@cix/contracts';
import { canonicalJson } from './canonical-json.js';
import type { IntegrityFailure, SigningKey, TrustStore } from './event-integrity.js';

/** What a checkpoint states: the agency's log held `position` events, the last with `hash`, at `time`. */
export interface CheckpointClaim {
  readonly agency: string;
  readonly position: number;
  readonly hash: string;
  readonly time?: string;
}

/**
 * A signed statement of how far an agency's log reached. An export carries one per agency in scope
 * (an NDJSON line `{"checkpoint": {...}}`), so that an export cut short is detectable offline: the
 * events must reach the checkpoint.
 *
 * `over` says what the agency's key signed:
 * - `checkpoint`: the node signed canonical JSON `{agency, position, hash, time}` itself (a node's
 *   own export, and the hub's own log in a hub export);
 * - `event`: the signature is the node's signature over the event hash at `position` (the latest
 * event the hub received). A node cannot be asked to sign at the hub's export time, but its
 *   event hash commits to the position and, through the chain, to every event before it. Any
 *   earlier event's signature is equally valid, so the hub adds `attestation`: its own signature
 *   over the same claim at export time (`attestation.time`), checked whenever the verifier trusts
 *   the hub's key.
 */
export interface SignedCheckpoint extends CheckpointClaim {
  readonly keyId: string;
  readonly signature: string;
  readonly over: 'checkpoint' | 'event';
  readonly attestation?: { readonly agency: string; readonly keyId: string; readonly signature: string; readonly time: string };
}

export type CheckpointLine = { readonly checkpoint: SignedCheckpoint };

const claimBytes = (c: CheckpointClaim) => Buffer.from(canonicalJson({ agency: c.agency, position: c.position, hash: c.hash, time: c.time }), 'utf8');

/** The node signs the head of its own log (on demand, e.g. at export time). */
export function signCheckpoint(claim: CheckpointClaim, key: SigningKey): SignedCheckpoint {
  return { ...claim, keyId: key.keyId, signature: sign(null, claimBytes(claim), key.privateKey).toString('base64'), over: 'checkpoint' };
}

/** The checkpoint an exporter that cannot sign for the agency derives from the agency's latest event. */
export function eventCheckpoint(e: Pick<WireEvent, 'agency' | 'position' | 'hash' | 'signature' | 'keyId'>, time?: string): SignedCheckpoint {
  return { agency: e.agency, position: e.position, hash: e.hash, ...(time ? { time } : {}), keyId: e.keyId, signature: e.signature, over: 'event' };
}

/** The exporter's countersignature over a checkpoint it derived (the hub's, for `over: 'event'`). */
export function attestCheckpoint(cp: SignedCheckpoint, exporter: string, key: SigningKey, time = new Date().toISOString()): SignedCheckpoint {
  const signature = sign(null, claimBytes({ agency: cp.agency, position: cp.position, hash: cp.hash, time }), key.privateKey).toString('base64');
  return { ...cp, attestation: { agency: exporter, keyId: key.keyId, signature, time } };
}

/** The agency's signature on a checkpoint: null when it holds. */
export function checkCheckpoint(cp: SignedCheckpoint, trust: TrustStore): IntegrityFailure | null {
  const key = trust.get(cp.agency, cp.keyId);
  if (!key) return 'unknown-key';
  const signed = cp.over === 'event' ? Buffer.from(cp.hash, 'hex') : claimBytes(cp);
  return safeVerify(signed, key, cp.signature) ? null : 'bad-signature';
}

/** The exporter's attestation: null when it holds, 'untrusted' when the verifier does not trust the exporter's key. */
export function checkAttestation(cp: SignedCheckpoint, trust: TrustStore): IntegrityFailure | 'untrusted' | null {
  const a = cp.attestation;
  if (!a) return 'untrusted';
  const key = trust.get(a.agency, a.keyId);
  if (!key) return 'untrusted';
  return safeVerify(claimBytes({ agency: cp.agency, position: cp.position, hash: cp.hash, time: a.time }), key, a.signature) ? null : 'bad-signature';
}

function safeVerify(data: Buffer, key: KeyObject, signature: string): boolean {
  try {
    return verify(null, data, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** SHA-256 over the DER (SPKI) form of a public key: what an auditor compares out of band. */
export function keyFingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(pub.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function isCheckpointLine(v: unknown): v is CheckpointLine {
  return !!v && typeof v === 'object' && 'checkpoint' in v && !!(v as CheckpointLine).checkpoint && typeof (v as CheckpointLine).checkpoint === 'object';
}
