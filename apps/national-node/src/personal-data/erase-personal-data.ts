import type { DataSource } from 'typeorm';
import type { EventStore } from '@cix/event-store';
import { projectNodeAlerts } from '../alerts/projection/node-alerts.projection.js';

/**
 * A lawful erasure on this node: deletes one person's side record from the log (the signed
 * digest stays, so the chain still verifies) and folds the alert again, so the node's own read
 * model forgets the person too. Returns the stream that held the record, null if none did.
 * Copies already delivered (the hub's read model, JetStream, earlier exports) are not reached.
 */
export async function erasePersonalData(db: DataSource, store: EventStore, ref: string): Promise<string | null> {
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
