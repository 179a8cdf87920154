/**
 * The rules an offline verifier holds an export to, written once for `cix verify` (node:crypto) and
 * for the auditor's browser (WebCrypto): nothing here imports Node, and the cryptography comes in
 * through `IntegrityCrypto`. The contracts are imported by relative path, file by file, so that the
 * console's bundle takes these pure files and not the contracts' DTOs and validators.
 */
import { GENESIS_HASH, isSealed, type SignedEvent, type WireEvent } from '../../../contracts/src/events/envelope.js';
import { isCommitment, mapDeep } from '../../../contracts/src/events/personal-data.js';
import { canonicalJson } from './canonical-json.js';

export type IntegrityFailure =
  | 'unknown-key'
  | 'bad-signature'
  | 'hash-mismatch'
  | 'chain-broken'
  | 'position-gap'
  /** A personal-data side record that does not match the digest the signed payload carries. */
  | 'personal-data-mismatch';

/**
 * The cryptography a verifier needs, over the public keys it trusts (by agency and key id). Either
 * synchronous (node:crypto) or asynchronous (WebCrypto); `verify` answers false, never throws, for
 * a signature that does not hold.
 */
export interface IntegrityCrypto<K = unknown> {
  key(agency: string, keyId: string): K | undefined;
  /** SHA-256 of the UTF-8 bytes of `text`, lower-case hex. */
  sha256Hex(text: string): string | Promise<string>;
  verify(key: K, data: Uint8Array, signature: Uint8Array): boolean | Promise<boolean>;
  /** SHA-256 of the key's DER (SPKI) form, lower-case hex. */
  fingerprint(key: K): string | Promise<string>;
}

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

/**
 * What an exporter states about an export, signed with its own key: the header line is not signed,
 * yet it decides how strictly the events are held against the checkpoints (`complete`), which
 * agencies must be there (`agencies`) and how many events (`expected`). The exporter writes these
 * claims as the export's last line; `cix verify` requires the header to say the same.
 */
export interface ExportClaims {
  /** Whose key signed: the node's agency for a node export, the hub's log agency for a hub export. */
  readonly exporter: string;
  readonly exportedAt: string;
  /** The scope: every agency whose log the export covers (each carries a checkpoint unless listed as empty). */
  readonly agencies: readonly string[];
  readonly filters: Readonly<Record<string, unknown>>;
  /** The export holds every event of each agency in scope from position 1 to its checkpoint. */
  readonly complete: boolean;
  /** How many event lines the exporter wrote. */
  readonly expected: number;
  /** The checkpoint position the export carries per agency; an agency in scope that is absent had no events. */
  readonly checkpoints: Readonly<Record<string, number>>;
}

export interface ExportClaimsLine {
  readonly exportClaims: ExportClaims;
  readonly keyId: string;
  readonly signature: string;
}

/** The canonical JSON an event's hash is taken over (the personal-data side record is committed by digest, not hashed). */
export function eventHashInput(e: Omit<SignedEvent, 'hash' | 'signature' | 'keyId'>): string {
  const { agency, position, eventId, streamId, streamVersion, type, schemaVersion, payload, metadata, occurredAt, recordedAt, prevHash } = e;
  return canonicalJson({ agency, position, eventId, streamId, streamVersion, type, schemaVersion, payload, metadata, occurredAt, recordedAt, prevHash });
}

/** The bytes a node signs for its own checkpoint, and an exporter for its attestation. */
export const checkpointClaimText = (c: CheckpointClaim): string => canonicalJson({ agency: c.agency, position: c.position, hash: c.hash, time: c.time });

/** Checks that `e` directly follows the event at (position, hash) in its agency's log. */
export function checkLink(e: WireEvent, previous: { position: number; hash: string } | null): IntegrityFailure | null {
  const prev = previous ?? { position: 0, hash: GENESIS_HASH };
  if (e.position !== prev.position + 1) return 'position-gap';
  // A hash covers its prevHash, so no genuine event has its predecessor's hash: this is a copy of
  // the predecessor (typically its sealed stub, whose position no signature binds) moved one on.
  if (e.prevHash !== prev.hash || e.hash === prev.hash) return 'chain-broken';
  return null;
}

/** One event on its own: its hash (when the content is present), its personal-data records and its signature. */
export async function checkEventWith<K>(e: WireEvent, c: IntegrityCrypto<K>): Promise<IntegrityFailure | null> {
  const key = c.key(e.agency, e.keyId);
  if (!key) return 'unknown-key';
  if (!isSealed(e)) {
    if ((await c.sha256Hex(eventHashInput(e))) !== e.hash) return 'hash-mismatch';
    if (!(await personalDataIntactWith(e, c))) return 'personal-data-mismatch';
  }
  return (await verifySignature(c, key, hexBytes(e.hash), e.signature)) ? null : 'bad-signature';
}

/**
 * A present side record must match the digest (sha256 of salt ‖ canonical JSON of the data) its
 * reference carries in the hashed payload; a withheld or erased one is absent. A record the payload
 * does not commit to is refused.
 */
export async function personalDataIntactWith<K>(e: Pick<SignedEvent, 'payload' | 'personalData'>, c: IntegrityCrypto<K>): Promise<boolean> {
  const records = e.personalData;
  if (records === undefined || records === null) return true;
  if (typeof records !== 'object' || Array.isArray(records)) return false;
  const committed = new Map<string, string>();
  mapDeep(e.payload, (v) => {
    if (isCommitment(v)) committed.set(v.personalDataRef, v.digest);
    return undefined;
  });
  for (const [ref, r] of Object.entries(records)) {
    const digest = committed.get(ref);
    if (!digest || !r || typeof r !== 'object' || typeof r.salt !== 'string') return false;
    if ((await c.sha256Hex(r.salt + canonicalJson(r.data))) !== digest) return false;
  }
  return true;
}

/** The agency's signature on a checkpoint: null when it holds. */
export async function checkCheckpointWith<K>(cp: SignedCheckpoint, c: IntegrityCrypto<K>): Promise<IntegrityFailure | null> {
  const key = c.key(cp.agency, cp.keyId);
  if (!key) return 'unknown-key';
  const signed = cp.over === 'event' ? hexBytes(cp.hash) : utf8(checkpointClaimText(cp));
  return (await verifySignature(c, key, signed, cp.signature)) ? null : 'bad-signature';
}

/** The exporter's attestation: null when it holds, 'untrusted' when the verifier does not trust the exporter's key. */
export async function checkAttestationWith<K>(cp: SignedCheckpoint, c: IntegrityCrypto<K>): Promise<IntegrityFailure | 'untrusted' | null> {
  const a = cp.attestation;
  if (!a) return 'untrusted';
  const key = c.key(a.agency, a.keyId);
  if (!key) return 'untrusted';
  const claim = utf8(checkpointClaimText({ agency: cp.agency, position: cp.position, hash: cp.hash, time: a.time }));
  return (await verifySignature(c, key, claim, a.signature)) ? null : 'bad-signature';
}

/** The exporter's signature over its claims: null when it holds. */
export async function checkExportClaimsWith<K>(line: ExportClaimsLine, c: IntegrityCrypto<K>): Promise<IntegrityFailure | null> {
  const key = c.key(line.exportClaims.exporter, line.keyId);
  if (!key) return 'unknown-key';
  return (await verifySignature(c, key, utf8(canonicalJson(line.exportClaims)), line.signature)) ? null : 'bad-signature';
}

export function isCheckpointLine(v: unknown): v is CheckpointLine {
  return !!v && typeof v === 'object' && 'checkpoint' in v && !!(v as CheckpointLine).checkpoint && typeof (v as CheckpointLine).checkpoint === 'object';
}

export function isExportClaimsLine(v: unknown): v is ExportClaimsLine {
  return !!v && typeof v === 'object' && 'exportClaims' in v;
}

/** Shape check of a parsed claims line: null when well formed, else what is wrong. */
export function malformedClaims(v: ExportClaimsLine): string | null {
  const c = v.exportClaims as Partial<ExportClaims> | null;
  if (!c || typeof c !== 'object' || Array.isArray(c)) return 'the export claims are not an object';
  if (typeof v.keyId !== 'string' || typeof v.signature !== 'string') return 'the export claims carry no key id or signature';
  if (typeof c.exporter !== 'string' || typeof c.exportedAt !== 'string') return 'the export claims name no exporter or time';
  if (!Array.isArray(c.agencies) || !c.agencies.every((a) => typeof a === 'string')) return 'the export claims carry no scope';
  if (!c.filters || typeof c.filters !== 'object' || Array.isArray(c.filters)) return 'the export claims carry no filters';
  if (typeof c.complete !== 'boolean' || !Number.isSafeInteger(c.expected) || c.expected! < 0) return 'the export claims carry no completeness or count';
  if (
    !c.checkpoints ||
    typeof c.checkpoints !== 'object' ||
    Array.isArray(c.checkpoints) ||
    !Object.values(c.checkpoints).every((p) => Number.isSafeInteger(p) && p >= 0)
  )
    return 'the export claims carry no checkpoint positions';
  return null;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/**
 * A signature must be standard base64 and the signed hash hex; anything else cannot hold (and is
 * decoded the same way in Node and in the browser, whose decoders differ in what they tolerate).
 */
async function verifySignature<K>(c: IntegrityCrypto<K>, key: K, data: Uint8Array | null, signature: unknown): Promise<boolean> {
  const sig = base64Bytes(signature);
  if (!data || !sig) return false;
  try {
    return await c.verify(key, data, sig);
  } catch {
    return false;
  }
}

export function hexBytes(hex: unknown): Uint8Array | null {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64Bytes(s: unknown): Uint8Array | null {
  if (typeof s !== 'string' || s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
  const body = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let j = 0;
  for (const ch of body) {
    acc = (acc << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
