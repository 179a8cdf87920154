import type { QueryRunner } from 'typeorm';
import { applyAlertEvent, type AlertState } from '@cix/contracts';
import type { StoredEvent } from '@cix/event-store';

/** Keeps node_alerts in step with the alert streams, inside the append transaction. */
export async function projectNodeAlerts(qr: QueryRunner, events: readonly StoredEvent[]): Promise<void> {
  const alertEvents = events.filter((e) => e.streamId.startsWith('alert-'));
  if (!alertEvents.length) return;
  const ids = [...new Set(alertEvents.map((e) => e.streamId.slice('alert-'.length)))];
  const current = new Map<string, { state: AlertState; seq: number }>(
    ((await qr.query('SELECT id, seq, state FROM node_alerts WHERE id = ANY($1::uuid[])', [ids])) as Array<{ id: string; seq: string; state: AlertState }>).map(
      (r) => [r.id, { state: r.state, seq: Number(r.seq) }],
    ),
  );
  for (const e of alertEvents) {
    const id = e.streamId.slice('alert-'.length);
    const before = current.get(id);
    const state = applyAlertEvent(before?.state ?? null, e);
    if (state) current.set(id, { state, seq: before?.seq ?? e.position });
  }
  for (const id of ids) {
    const row = current.get(id);
    if (!row) continue;
    const s = row.state;
    await qr.query(
      `INSERT INTO node_alerts (id, seq, unit, kind, status, category, containers, occurred_at, expires_at, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO UPDATE SET unit = $3, kind = $4, status = $5, category = $6, containers = $7, occurred_at = $8, expires_at = $9, state = $10`,
      [id, row.seq, s.content.unit, s.content.kind, s.status, s.content.commodity.category, s.content.containers, s.content.occurredAt, s.expiresAt, s],
    );
  }
}
