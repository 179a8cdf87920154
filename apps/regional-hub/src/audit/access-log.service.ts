import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@cix/auth';
import { EventStore } from '@cix/event-store';
import { accessRecordVisibility } from './access-record-visibility.sql.js';

export const ACCESS_RECORDED = 'AccessRecorded';

export interface AccessRecord {
  readonly at: string;
  readonly sub: string;
  readonly agency: string;
  readonly role: string;
  readonly unit?: string;
  /** `alert.read`, `alert.read-as-of`, `audit.events.export`, `audit.timeline.read`, `audit.access-log.read` */
  readonly action: string;
  readonly alertId?: string;
  readonly details?: Record<string, unknown>;
  readonly ip?: string;
}

/**
 * Who read what: every read of an alert's detail, every export and replay, and every read of this
 * log itself, as an event in the hub's own append-only, hash-chained and signed log. The record
 * is written before the answer is sent, so an answer without its record cannot happen.
 */
@Injectable()
export class AccessLogService {
  constructor(@Inject(EventStore) private readonly log: EventStore, @Inject(DataSource) private readonly db: DataSource) {}

  async record(principal: Principal, action: string, extra: { alertId?: string; details?: Record<string, unknown>; ip?: string } = {}): Promise<void> {
    const payload: AccessRecord = JSON.parse(JSON.stringify({
      at: new Date().toISOString(), sub: principal.sub, agency: principal.agency, role: principal.role, unit: principal.unit, action, ...extra,
    }));
    await this.log.append({
      streamId: `access-${principal.agency}-${principal.sub}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      expectedVersion: 0,
      events: [{ type: ACCESS_RECORDED, payload, metadata: { actor: principal.sub, agency: principal.agency, unit: principal.unit, role: principal.role, correlationId: action } }],
    });
  }

  /**
   * Newest first, filtered by principal, alert and time, and limited to what the auditor may read
   * (accessRecordVisibility); entries carry their hashes and signature.
   */
  async query(principal: Principal, f: { sub?: string; alertId?: string; from?: string; to?: string; limit: number; cursor?: string }) {
    const vis = accessRecordVisibility(principal, 8);
    const rows = await this.db.query(
      `SELECT e.global_position, e.payload, e.hash, e.prev_hash, e.signature, e.key_id FROM events e LEFT JOIN hub_alerts a ON a.id::text = e.payload->>'alertId'
        WHERE e.type = $1 AND ($2::text IS NULL OR e.payload->>'sub' = $2) AND ${vis.sql}
          AND ($3::text IS NULL OR e.payload->>'alertId' = $3) AND ($4::timestamptz IS NULL OR e.recorded_at >= $4)
          AND ($5::timestamptz IS NULL OR e.recorded_at < $5) AND ($6::bigint IS NULL OR e.global_position < $6)
        ORDER BY e.global_position DESC LIMIT $7`,
      [ACCESS_RECORDED, f.sub ?? null, f.alertId ?? null, f.from ?? null, f.to ?? null, f.cursor ?? null, f.limit + 1, ...vis.params],
    );
    const page = rows.slice(0, f.limit);
    return {
      items: page.map((r: Record<string, any>) => ({ position: Number(r.global_position), ...r.payload, hash: r.hash, prevHash: r.prev_hash, signature: r.signature, keyId: r.key_id })),
      nextCursor: rows.length > f.limit ? String(page[page.length - 1].global_position) : null,
    };
  }
}
