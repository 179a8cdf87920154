import type { DataSource } from 'typeorm';
import { rowToEvent, type EventRow } from '../event-rows.js';
import { eventSubject, sealedSubject, sealEvent, type WireEvent } from '@cix/contracts';
import type { StoredEvent } from '../event-store.types.js';

/** What crosses NATS for a stored event: the event itself, or a sealed stub when it is national-only. */
export function toWire(e: StoredEvent): { subject: string; message: WireEvent } {
  if (!e.confidential) {
    const { confidential: _c, ...event } = e;
    return { subject: eventSubject(e.agency, e.type), message: event };
  }
  return { subject: sealedSubject(e.agency), message: sealEvent(e) };
}

/** One stored event ready to publish: its subject and the message text. */
export interface WireMessage {
  readonly position: number;
  readonly eventId: string;
  readonly subject: string;
  readonly data: string;
  /** The event's `metadata.correlationId` (the request id), sent as a NATS header; absent for sealed stubs. */
  readonly requestId?: string;
}

type TextRow = Omit<EventRow, 'payload' | 'metadata' | 'personal_data'> & {
  payload: string;
  metadata: string;
  personal_data: string | null;
  correlation_id: string | null;
};

/**
 * The next events after `afterPosition`, as the relay publishes them. The jsonb columns come as
 * text and are spliced into the message unparsed: the message is the same JSON document
 * `JSON.stringify(toWire(e).message)` gives (other whitespace, same values), without parsing and
 * re-serialising every payload. Confidential events take the general path (they are sealed).
 */
export async function readWireBatch(db: DataSource, agency: string, afterPosition: number, limit: number): Promise<WireMessage[]> {
  const rows = await db.query<TextRow[]>(
    `SELECT global_position, event_id, stream_id, stream_version, type, schema_version, payload::text AS payload, metadata::text AS metadata,
            occurred_at, recorded_at, prev_hash, hash, signature, key_id, confidential, personal_data::text AS personal_data,
            metadata->>'correlationId' AS correlation_id
       FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
    [afterPosition, limit],
  );
  return rows.map((r) => {
    if (r.confidential) {
      const e = rowToEvent(
        {
          ...r,
          payload: JSON.parse(r.payload) as unknown,
          metadata: JSON.parse(r.metadata) as EventRow['metadata'],
          personal_data: r.personal_data ? (JSON.parse(r.personal_data) as EventRow['personal_data']) : null,
        },
        agency,
      );
      const { subject, message } = toWire(e);
      return { position: e.position, eventId: e.eventId, subject, data: JSON.stringify(message) };
    }
    const e = rowToEvent({ ...r, payload: null, metadata: null as never, personal_data: null }, agency);
    const { subject } = toWire(e);
    // The key order of rowToEvent, hence of the message the general path would write.
    const head = JSON.stringify({
      agency: e.agency,
      position: e.position,
      eventId: e.eventId,
      streamId: e.streamId,
      streamVersion: e.streamVersion,
      type: e.type,
      schemaVersion: e.schemaVersion,
    });
    const tail = JSON.stringify({
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      prevHash: e.prevHash,
      hash: e.hash,
      signature: e.signature,
      keyId: e.keyId,
    });
    const personalData = r.personal_data ? `,"personalData":${r.personal_data}` : '';
    const data = `${head.slice(0, -1)},"payload":${r.payload},"metadata":${r.metadata},${tail.slice(1, -1)}${personalData}}`;
    return { position: e.position, eventId: e.eventId, subject, data, requestId: r.correlation_id ?? undefined };
  });
}
