/**
 * The verifier's cryptography over WebCrypto (Ed25519, SHA-256), for the auditor's browser: the
 * same rules as `cix verify` (replay-verifier.ts) over keys the auditor pinned. Pure: runs in any
 * runtime with `globalThis.crypto.subtle` (browsers, Node ≥ 20), which is how its agreement with
 * the node:crypto path is tested.
 */
import { base64Bytes, type IntegrityCrypto } from './integrity-rules.js';

/** A public key as the hub lists it and the auditor pins it: DER SPKI, base64. */
export interface PublicKeySpki {
  readonly agency: string;
  readonly keyId: string;
  readonly spki: string;
}

interface Subtle {
  importKey(format: 'spki', data: Uint8Array, algorithm: { name: 'Ed25519' }, extractable: boolean, usages: ['verify']): Promise<unknown>;
  verify(algorithm: { name: 'Ed25519' }, key: unknown, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

const subtle = (): Subtle => (globalThis as unknown as { crypto: { subtle: Subtle } }).crypto.subtle;

const hex = (b: ArrayBuffer): string => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return hex(await subtle().digest('SHA-256', typeof data === 'string' ? new TextEncoder().encode(data) : data));
}

/** `sha256:<hex>` of the DER SPKI, as `cix verify` prints it and agencies publish it. */
export async function spkiFingerprint(spkiBase64: string): Promise<string> {
  const der = base64Bytes(spkiBase64);
  if (!der) throw new Error('the key is not base64');
  return `sha256:${await sha256Hex(der)}`;
}

/** A PEM public key ("-----BEGIN PUBLIC KEY-----") as base64 DER SPKI; a bare base64 string is returned as it is. */
export function pemToSpki(pem: string): string {
  return pem
    .replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '')
    .replace(/\s+/g, '')
    .trim();
}

interface WebKey {
  readonly key: unknown;
  readonly fingerprint: string;
}

/** Imports the keys (a key that is not an Ed25519 SPKI is refused here, naming it). */
export async function webCryptoIntegrity(keys: readonly PublicKeySpki[]): Promise<IntegrityCrypto<WebKey>> {
  const byId = new Map<string, WebKey>();
  for (const k of keys) {
    const der = base64Bytes(k.spki);
    if (!der) throw new Error(`key ${k.agency}:${k.keyId} is not base64`);
    try {
      const key = await subtle().importKey('spki', der, { name: 'Ed25519' }, false, ['verify']);
      byId.set(`${k.agency}/${k.keyId}`, { key, fingerprint: await sha256Hex(der) });
    } catch {
      throw new Error(`key ${k.agency}:${k.keyId} is not an Ed25519 public key`);
    }
  }
  return {
    key: (agency, keyId) => byId.get(`${agency}/${keyId}`),
    sha256Hex: (text) => sha256Hex(text),
    verify: (k, data, signature) => subtle().verify({ name: 'Ed25519' }, k.key, signature, data),
    fingerprint: (k) => k.fingerprint,
  };
}
