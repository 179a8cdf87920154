/**
 * The keys an auditor pinned, kept in this browser per user (localStorage): what the in-browser
 * check trusts. The hub's key list only offers candidates; pinning is the auditor's decision, made
 * after comparing fingerprints out of band, and a key that later differs from its pin is flagged.
 */
import { useCallback, useState } from 'react';
import type { PublicKeySpki } from './verifier';

export interface Pin extends PublicKeySpki {
  /** `sha256:<hex>` of the DER SPKI. */
  readonly fingerprint: string;
  readonly pinnedAt: string;
}

export type PinState = 'pinned' | 'unpinned' | 'changed';

const storageKey = (owner: string) => `cix.audit.pins.${owner}`;

function load(owner: string): Pin[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(storageKey(owner)) ?? '[]');
    return Array.isArray(v) ? (v as Pin[]) : [];
  } catch {
    return [];
  }
}

/** Whether an offered key matches its pin, is new, or differs from what was pinned for the same agency and key id. */
export function pinState(pins: readonly Pin[], offered: { agency: string; keyId: string; fingerprint: string }): PinState {
  const pin = pins.find((p) => p.agency === offered.agency && p.keyId === offered.keyId);
  if (!pin) return 'unpinned';
  return pin.fingerprint === offered.fingerprint ? 'pinned' : 'changed';
}

export function usePins(owner: string) {
  const [pins, setPins] = useState<Pin[]>(() => load(owner));
  const save = useCallback(
    (next: Pin[]) => {
      localStorage.setItem(storageKey(owner), JSON.stringify(next));
      setPins(next);
    },
    [owner],
  );
  const pin = useCallback(
    (k: PublicKeySpki & { fingerprint: string }) =>
      save([
        ...load(owner).filter((p) => !(p.agency === k.agency && p.keyId === k.keyId)),
        { agency: k.agency, keyId: k.keyId, spki: k.spki, fingerprint: k.fingerprint, pinnedAt: new Date().toISOString() },
      ]),
    [owner, save],
  );
  const unpin = useCallback(
    (k: { agency: string; keyId: string }) => save(load(owner).filter((p) => !(p.agency === k.agency && p.keyId === k.keyId))),
    [owner, save],
  );
  return { pins, pin, unpin };
}
