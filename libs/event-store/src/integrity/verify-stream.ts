import { createHash, verify, type KeyObject } from 'node:crypto';
import { keyFingerprint } from './checkpoint.js';
import type { TrustStore } from './event-integrity.js';
import type { IntegrityCrypto } from './integrity-rules.js';
import { verifyReplayWith, type StreamVerdict } from './replay-verifier.js';

export type { StreamVerdict } from './replay-verifier.js';

/** The verifier's cryptography over node:crypto and a trust store (the browser's is webcrypto-integrity.ts). */
export function nodeIntegrity(trust: TrustStore): IntegrityCrypto<KeyObject> {
  return {
    key: (agency, keyId) => trust.get(agency, keyId),
    sha256Hex: (text) => createHash('sha256').update(text).digest('hex'),
    verify: (key, data, signature) => verify(null, data, key, signature),
    fingerprint: (key) => keyFingerprint(key),
  };
}

/**
 * `cix verify`: an NDJSON replay checked line by line against the trusted keys, with the rules of
 * replay-verifier.ts (the same the auditor's browser applies).
 */
export function verifyReplay(lines: AsyncIterable<string> | Iterable<string>, trust: TrustStore, onEvent?: (n: number) => void): Promise<StreamVerdict> {
  return verifyReplayWith(lines, nodeIntegrity(trust), onEvent);
}
