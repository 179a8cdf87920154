import { AlertEventType, type AlertRaisedV1, type SignedEvent } from '@cix/contracts';
import type { QueryRunner } from 'typeorm';

/** Applies one verified event to the read model inside the caller's transaction. Returns false for unknown types. */
export async function projectAlertEvent(qr: QueryRunner, e: SignedEvent): Promise<boolean> {
  switch (e.type) {
    case AlertEventType.Raised: {
      const p = e.payload as AlertRaisedV1;
      const c = p.content;
      await qr.query(
        `INSERT INTO hub_alerts (id, agency, kind, unit, status, level, recipients, occurred_at, category, hs_code, containers, content, version, raised_at, updated_at)
         VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
         ON CONFLICT (id) DO NOTHING`,
        [p.alertId, e.agency, c.kind, c.unit, p.distribution.level, p.distribution.recipients, c.occurredAt, c.commodity.category,
         c.commodity.hsCode ?? null, c.containers, c, e.streamVersion, e.recordedAt],
      );
      return true;
    }
    default:
      return false;
  }
}
