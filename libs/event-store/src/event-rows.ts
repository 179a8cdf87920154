import type { QueryRunner } from 'typeorm';
import type { EventMetadata } from '@cix/contracts';
import type { StoredEvent } from './event-store.types.js';

/** A row of `events` as the pg driver returns it: bigints as strings, jsonb parsed, timestamps as Date. */
export interface EventRow {
  readonly global_position: string | number;
  readonly event_id: string;
  readonly stream_id: string;
  readonly stream_version: string | number;
  readonly type: string;
  readonly schema_version: string | number;
  readonly payload: unknown;
  readonly metadata: EventMetadata;
  readonly occurred_at: Date | string;
  readonly recorded_at: Date | string;
  readonly prev_hash: string;
  readonly hash: string;
  readonly signature: string;
  readonly key_id: string;
  readonly confidential: boolean;
  readonly personal_data: StoredEvent['personalData'] | null;
}

/** One multi-row insert for a whole commit batch. */
export async function insertEvents(qr: QueryRunner, rows: StoredEvent[]): Promise<void> {
  const col = <T>(f: (r: StoredEvent) => T) => rows.map(f);
  await qr.query(
    `INSERT INTO events (global_position, stream_id, stream_version, event_id, type, schema_version, payload, metadata,
                         occurred_at, recorded_at, prev_hash, hash, signature, key_id, confidential, personal_data)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[],
                          $9::timestamptz[], $10::timestamptz[], $11::text[], $12::text[], $13::text[], $14::text[], $15::bool[], $16::jsonb[])`,
    [
      col((r) => r.position),
      col((r) => r.streamId),
      col((r) => r.streamVersion),
      col((r) => r.eventId),
      col((r) => r.type),
      col((r) => r.schemaVersion),
      col((r) => JSON.stringify(r.payload)),
      col((r) => JSON.stringify(r.metadata)),
      col((r) => r.occurredAt),
      col((r) => r.recordedAt),
      col((r) => r.prevHash),
      col((r) => r.hash),
      col((r) => r.signature),
      col((r) => r.keyId),
      col((r) => r.confidential),
      col((r) => (r.personalData ? JSON.stringify(r.personalData) : null)),
    ],
  );
}

export function rowToEvent(r: EventRow, agency: string): StoredEvent {
  return {
    agency,
    position: Number(r.global_position),
    eventId: r.event_id,
    streamId: r.stream_id,
    streamVersion: Number(r.stream_version),
    type: r.type,
    schemaVersion: Number(r.schema_version),
    payload: r.payload,
    metadata: r.metadata,
    occurredAt: new Date(r.occurred_at).toISOString(),
    recordedAt: new Date(r.recorded_at).toISOString(),
    prevHash: r.prev_hash,
    hash: r.hash,
    signature: r.signature,
    keyId: r.key_id,
    confidential: r.confidential,
    ...(r.personal_data ? { personalData: r.personal_data } : {}),
  };
}
