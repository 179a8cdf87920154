import type { PersonalDataRecords } from './personal-data.js';

/** Who caused an event and why: stored with every event, hashed and signed with it. */
export interface EventMetadata {
  readonly actor: string;
  readonly agency: string;
  readonly unit?: string;
  readonly role?: string;
  readonly correlationId: string;
  readonly causationId?: string;
  readonly idempotencyKey?: string;
}

/** An event as a national node stores it and as it crosses NATS. Every line verifies offline. */
export interface SignedEvent<P = unknown> {
  readonly agency: string;
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly payload: P;
  readonly metadata: EventMetadata;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly signature: string;
  readonly keyId: string;
  /**
   * The person blocks the payload commits to by digest, by reference. Not covered by the hash:
   * absent where withheld from the reader or erased; every present record must match its digest.
   */
  readonly personalData?: PersonalDataRecords;
}

/**
 * What leaves the node in place of an event whose content must stay national (distribution
 * `agency`): enough to keep the hub's view of the hash chain continuous, nothing of the content.
 * The price, documented in the README: the hub learns how many such events exist.
 */
export interface SealedEvent {
  readonly sealed: true;
  readonly agency: string;
  readonly position: number;
  readonly eventId: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly signature: string;
  readonly keyId: string;
}

export type WireEvent = SignedEvent | SealedEvent;

export const isSealed = (e: WireEvent): e is SealedEvent => (e as SealedEvent).sealed === true;

/** The stub that stands for an event whose content a reader may not have: its place in the chain, nothing else. */
export const sealEvent = (e: WireEvent): SealedEvent => ({
  sealed: true,
  agency: e.agency,
  position: e.position,
  eventId: e.eventId,
  prevHash: e.prevHash,
  hash: e.hash,
  signature: e.signature,
  keyId: e.keyId,
});

/** Hash that starts every node's chain. */
export const GENESIS_HASH = '0'.repeat(64);
