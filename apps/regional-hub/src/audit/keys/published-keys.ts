import type { KeyObject } from 'node:crypto';
import { keyFingerprint, type TrustStore } from '@cix/event-store';

export interface PublishedKey {
  readonly agency: string;
  readonly keyId: string;
  /** The public key, DER SPKI, base64. */
  readonly spki: string;
  /** `sha256:` of the DER SPKI, hex: what `cix verify` prints. */
  readonly fingerprint: string;
}

const published = (agency: string, keyId: string, key: KeyObject): PublishedKey => ({
  agency,
  keyId,
  spki: key.export({ type: 'spki', format: 'der' }).toString('base64'),
  fingerprint: `sha256:${keyFingerprint(key)}`,
});

/**
 * The node keys the hub trusts and its own: offered to a verifier for pinning. It is the hub's word
 * about keys, never evidence: an auditor compares the fingerprints with what each agency publishes.
 */
export function publishedKeys(trust: TrustStore, own: { agency: string; keyId: string; key: KeyObject }): PublishedKey[] {
  return [...trust.entries(), own]
    .map((k) => published(k.agency, k.keyId, k.key))
    .sort((a, b) => a.agency.localeCompare(b.agency) || a.keyId.localeCompare(b.keyId));
}
