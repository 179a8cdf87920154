import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { WireEvent } from '@cix/contracts';
import type { SigningKey, TrustStore } from './event-integrity.js';
import { checkpointClaimText, type CheckpointClaim, type IntegrityFailure, type SignedCheckpoint } from './integrity-rules.js';

export { isCheckpointLine, type CheckpointClaim, type CheckpointLine, type SignedCheckpoint } from './integrity-rules.js';

const claimBytes = (c: CheckpointClaim) => Buffer.from(checkpointClaimText(c), 'utf8');

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
