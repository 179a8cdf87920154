import type { EventMetadata, SignedEvent } from '@cix/contracts';

export interface NewEvent {
  readonly eventId?: string;
  readonly type: string;
  readonly schemaVersion?: number;
  readonly payload: unknown;
  readonly metadata: EventMetadata;
  readonly occurredAt?: string;
  /** True when the content must not leave the node (distribution `agency`): the relay seals it. */
  readonly confidential?: boolean;
}

export interface AppendRequest {
  readonly streamId: string;
  /** Version the caller last saw; 0 for a stream that must not exist yet. */
  readonly expectedVersion: number;
  readonly events: readonly NewEvent[];
  /** A retried request with the same key gets the first result instead of a second append. */
  readonly idempotency?: { readonly scope: string; readonly key: string; readonly requestHash: string };
}

export interface AppendResult {
  readonly streamId: string;
  readonly version: number;
  readonly firstPosition: number;
  readonly lastPosition: number;
  /** True when this is the stored answer to an earlier request with the same idempotency key. */
  readonly replayed: boolean;
}

export type StoredEvent = SignedEvent & { readonly confidential: boolean };
