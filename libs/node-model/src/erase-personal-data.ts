import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { decideErasure, foldAlertState } from '@cix/contracts';
import type { EventStore } from '@cix/event-store';
import { projectNodeAlerts } from './node-alerts.projection.js';

/**
 * A lawful erasure on this node: deletes one person's side record from the log (the signed
 * digest stays, so the chain still verifies) and folds the alert again, so the node's own read
 * model forgets the person too. For an alert it first appends a signed `PersonalDataErased`
 * (references only, no personal data) that the relay publishes like any event, so the hub erases
 * its copies and a rebuild from the bus ends without the person. Appending before deleting makes
 * a retry after a crash safe (the record is still found; a second erasure event is harmless).
 * Returns the stream that held the record, null if none did.
 */
export async function erasePersonalData(db: DataSource, store: EventStore, ref: string, actor = 'lawful-erasure'): Promise<string | null> {
  const held = await store.streamOfPersonalData(ref);
  if (held?.startsWith('alert-')) {
    const before = await store.readStream(held);
    const [{ type, payload }] = decideErasure({ type: 'ErasePersonalData', alertId: held.slice('alert-'.length), ref });
    await store.append({
      streamId: held,
      expectedVersion: before.at(-1)?.streamVersion ?? 0,
      events: [
        {
          type,
          payload,
          metadata: { actor, agency: store.agency, correlationId: randomUUID() },
          // Same rule as the alert's own events: while the alert is national-only, the bus gets a sealed stub.
          confidential: foldAlertState(before)?.distribution.level === 'agency',
        },
      ],
    });
  }
  const streamId = await store.erasePersonalData(ref);
  if (!streamId?.startsWith('alert-')) return streamId;
  const events = await store.readStream(streamId);
  const qr = db.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction();
    await qr.query('DELETE FROM node_alerts WHERE id = $1', [streamId.slice('alert-'.length)]);
    await projectNodeAlerts(qr, events);
    await qr.commitTransaction();
  } catch (e) {
    if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
    throw e;
  } finally {
    await qr.release();
  }
  return streamId;
}
