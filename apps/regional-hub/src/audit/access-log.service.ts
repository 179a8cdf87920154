import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@cix/auth';
import { EventStore, type AppendRequest } from '@cix/event-store';
import { accessRecordVisibility, visibleNamedIds } from './access-record-visibility.sql.js';

export const ACCESS_RECORDED = 'AccessRecorded';

export interface AccessRecord {
  readonly at: string;
  readonly sub: string;
  readonly agency: string;
  readonly role: string;
  readonly unit?: string;
  /**
   * `alert.read`, `alert.read-as-of`, `audit.events.export`, `audit.timeline.read`, `audit.access-log.read` (one alert or none);
   * `alert.list`, `alert.search`, `feedback.awaiting`, `stream.delivery`, `audit.events.delivery` (the `alertIds` delivered).
   */
  readonly action: string;
  readonly alertId?: string;
  /** Every alert whose content the answer delivered, all owned by `alertsOf` (one record per owning agency). */
  readonly alertIds?: string[];
  readonly alertsOf?: string;
  readonly details?: Record<string, unknown>;
  readonly ip?: string;
}

/** An alert whose content an answer delivered. */
export interface DeliveredAlert {
  readonly id: string;
  readonly agency: string;
}

interface PendingDelivery {
  readonly principal: Principal;
  readonly action: string;
  readonly alertsOf: string;
  readonly ids: Set<string>;
  readonly at: string;
  readonly details?: Record<string, unknown>;
  readonly ip?: string;
}

/** Deliveries wait at most this long before they are written… */
const FLUSH_MS = 100;
/** …or until this many records are waiting. */
const FLUSH_RECORDS = 200;
/** One record names at most this many alerts; a larger delivery (an export) spans several. */
const IDS_PER_RECORD = 500;
/** While the log cannot be written, at most this many records wait for a retry. */
const MAX_PENDING = 10_000;

/**
 * Who read what, as events in the hub's own append-only, hash-chained and signed log. A detail read
 * (and an export's request) is written before the answer is sent. Content delivered in bulk — lists,
 * searches, the live feed, exports — is recorded with the ids it delivered, queued and written in
 * batches (every FLUSH_MS or FLUSH_RECORDS) so recording never slows the read; the queue is flushed
 * before the log is queried and at shutdown, so "who saw alert X" always includes them.
 */
@Injectable()
export class AccessLogService implements OnModuleDestroy {
  private readonly logger = new Logger(AccessLogService.name);
  private pending = new Map<string, PendingDelivery>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private seq = 0;

  constructor(@Inject(EventStore) private readonly log: EventStore, @Inject(DataSource) private readonly db: DataSource) {}

  async record(principal: Principal, action: string, extra: { alertId?: string; details?: Record<string, unknown>; ip?: string } = {}): Promise<void> {
    await this.log.append(this.request(principal, action, extra));
  }

  /**
   * Queues the record of content delivered to `principal`: one record per request and owning
   * agency. Calls with the same `key` (one feed connection) are merged until the next flush.
   */
  delivered(principal: Principal, action: string, alerts: Iterable<DeliveredAlert>, extra: { key?: string; details?: Record<string, unknown>; ip?: string } = {}): void {
    const request = extra.key ?? `request-${++this.seq}`;
    for (const a of alerts) {
      const key = `${request}\u0000${a.agency}`;
      let entry = this.pending.get(key);
      if (!entry) {
        entry = { principal, action, alertsOf: a.agency, ids: new Set(), at: new Date().toISOString(), details: extra.details, ip: extra.ip };
        this.pending.set(key, entry);
      }
      entry.ids.add(a.id);
    }
    if (this.pending.size >= FLUSH_RECORDS) void this.flush();
    else if (this.pending.size && !this.timer) this.schedule(FLUSH_MS);
  }

  /** The timer never keeps a stopping process alive: shutdown flushes explicitly. */
  private schedule(ms: number): void {
    this.timer = setTimeout(() => void this.flush(), ms);
    this.timer.unref();
  }

  /** Writes every queued delivery record (one transaction); resolves when they are in the log. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.flushing = this.flushing.then(async () => {
      if (!batch.length) return;
      const reqs = batch.flatMap((d) => {
        const ids = [...d.ids];
        const out: AppendRequest[] = [];
        for (let i = 0; i < ids.length; i += IDS_PER_RECORD) {
          out.push(this.request(d.principal, d.action, { alertIds: ids.slice(i, i + IDS_PER_RECORD), alertsOf: d.alertsOf, details: d.details, ip: d.ip }, d.at));
        }
        return out;
      });
      await this.log.appendAll(reqs).catch((e) => {
        // Put them back: the next flush retries (a read already answered cannot be taken back).
        this.logger.error(`access records not written, retrying: ${e instanceof Error ? e.message : String(e)}`);
        if (this.pending.size < MAX_PENDING) batch.forEach((d, i) => this.pending.set(`retry-${++this.seq}-${i}`, d));
        else this.logger.error(`access log unavailable: ${batch.length} delivery records dropped`);
        if (!this.timer) this.schedule(1000);
      });
    });
    return this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private request(principal: Principal, action: string, extra: Partial<AccessRecord>, at = new Date().toISOString()): AppendRequest {
    const payload = JSON.parse(JSON.stringify({
      at, sub: principal.sub, agency: principal.agency, role: principal.role, unit: principal.unit, action, ...extra,
    })) as AccessRecord;
    return {
      streamId: `access-${principal.agency}-${principal.sub}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      expectedVersion: 0,
      events: [{ type: ACCESS_RECORDED, payload, metadata: { actor: principal.sub, agency: principal.agency, unit: principal.unit, role: principal.role, correlationId: action } }],
    };
  }

  /**
   * Newest first, filtered by principal, alert and time, and limited to what the auditor may read
   * (accessRecordVisibility); entries carry their hashes and signature. A record of another agency's
   * people that names several alerts shows only the ids the auditor may see (`partial` when it
   * named more: its hash then covers ids not shown).
   */
  async query(principal: Principal, f: { sub?: string; alertId?: string; from?: string; to?: string; limit: number; cursor?: string }) {
    await this.flush();
    const vis = accessRecordVisibility(principal, 8, 'any');
    const visibleIds = visibleNamedIds(principal, 8);
    // An alert filter matches a multi-alert record only through an id the auditor may see (or its own people's record).
    const rows = await this.db.query<Array<{
      global_position: string; payload: AccessRecord; hash: string; prev_hash: string; signature: string; key_id: string; visible_ids: string[];
    }>>(
      `SELECT e.global_position, e.payload, e.hash, e.prev_hash, e.signature, e.key_id, ${visibleIds} AS visible_ids FROM events e
        WHERE e.type = $1 AND ($2::text IS NULL OR e.payload->>'sub' = $2) AND ${vis.sql}
          AND ($3::text IS NULL OR e.payload->>'alertId' = $3 OR (e.payload->'alertIds' ? $3 AND (e.payload->>'agency' = $8 OR $3 = ANY(${visibleIds}))))
          AND ($4::timestamptz IS NULL OR e.recorded_at >= $4)
          AND ($5::timestamptz IS NULL OR e.recorded_at < $5) AND ($6::bigint IS NULL OR e.global_position < $6)
        ORDER BY e.global_position DESC LIMIT $7`,
      [ACCESS_RECORDED, f.sub ?? null, f.alertId ?? null, f.from ?? null, f.to ?? null, f.cursor ?? null, f.limit + 1, ...vis.params],
    );
    const page = rows.slice(0, f.limit);
    return {
      items: page.map((r) => {
        const payload = { ...r.payload };
        if (Array.isArray(payload.alertIds) && payload.agency !== principal.agency) {
          const shown = payload.alertIds.filter((id: string) => r.visible_ids.includes(id));
          if (shown.length < payload.alertIds.length) Object.assign(payload, { alertIds: shown, partial: true });
        }
        return { position: Number(r.global_position), ...payload, hash: r.hash, prevHash: r.prev_hash, signature: r.signature, keyId: r.key_id };
      }),
      nextCursor: rows.length > f.limit ? String(page[page.length - 1].global_position) : null,
    };
  }
}
