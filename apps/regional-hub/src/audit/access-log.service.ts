import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@cix/auth';
import type { HubEnv } from '@cix/config';
import { DomainError, ErrorCode } from '@cix/contracts';
import { EventStore, type AppendRequest } from '@cix/event-store';
import { LIST_CURSOR, type ListCursorCodec } from '../alerts/domain/list-cursor.js';
import { HUB_CONFIG } from '../hub.tokens.js';
import { queryRows, sql } from '@cix/read-model';
import { accessRecordVisibility, visibleNamedIds } from './access-record-visibility.sql.js';

export const ACCESS_RECORDED = 'AccessRecorded';

export interface AccessRecord {
  readonly at: string;
  readonly sub: string;
  readonly agency: string;
  readonly role: string;
  readonly unit?: string;
  /**
   * `alert.read`, `alert.read-as-of`, `alert.list.export` (the request; its rows are an `alert.list`/`alert.search` delivery), `audit.events.export`, `audit.timeline.read`, `audit.access-log.read` (one alert or none);
   * `alert.list`, `alert.search`, `feedback.awaiting`, `stream.delivery`, `audit.events.delivery`, `audit.as-of.delivery` (the `alertIds` delivered);
   * every other auditor action: `audit.as-of.alerts`, `audit.as-of.trends`, `audit.quarantine.read`, `audit.keys.read`, `audit.report`, `audit.report.export`.
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
/** How long a failed write waits before it is retried. */
const RETRY_MS = 1000;

/** Content is not delivered unrecorded: the caller retries once the log can be written again. */
export class AccessLogUnavailable extends DomainError {
  constructor() {
    super(ErrorCode.AccessLogUnavailable, 'the access log cannot be written at the moment; nothing was delivered; retry', { retryable: true });
  }
}

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
  /** Records taken out of `pending` by a write not yet finished. */
  private writing = 0;
  /** The last write of queued records failed (reset by the next one that succeeds). */
  private failing = false;
  private readonly maxPending: number;

  constructor(
    @Inject(EventStore) private readonly log: EventStore,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(LIST_CURSOR) private readonly cursors: ListCursorCodec,
    @Inject(HUB_CONFIG) config: HubEnv,
  ) {
    this.maxPending = config.HUB_ACCESS_LOG_MAX_PENDING;
  }

  /** Written before the answer is sent: if the log refuses it, the content is not delivered (503). */
  async record(principal: Principal, action: string, extra: { alertId?: string; details?: Record<string, unknown>; ip?: string } = {}): Promise<void> {
    this.assertAvailable();
    await this.log.append(this.request(principal, action, extra)).catch((e) => {
      this.logger.error(`access record not written: ${e instanceof Error ? e.message : String(e)}`);
      throw new AccessLogUnavailable();
    });
  }

  /**
   * Fails closed: while queued records cannot be written and more than HUB_ACCESS_LOG_MAX_PENDING
   * wait, no content is delivered (503, retryable) instead of delivering it unrecorded. Call it
   * before sending content; `delivered` calls it too.
   */
  assertAvailable(): void {
    if (this.failing && this.pending.size + this.writing >= this.maxPending) throw new AccessLogUnavailable();
  }

  /**
   * Queues the record of content delivered to `principal`: one record per request and owning
   * agency. Calls with the same `key` (one feed connection) are merged until the next flush.
   */
  delivered(
    principal: Principal,
    action: string,
    alerts: Iterable<DeliveredAlert>,
    extra: { key?: string; details?: Record<string, unknown>; ip?: string } = {},
  ): void {
    this.assertAvailable();
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
    if (this.pending.size >= FLUSH_RECORDS && !this.failing)
      void this.flush(); // failing: the retry timer is set
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
    this.writing += batch.length;
    this.flushing = this.flushing
      .then(async () => {
        if (!batch.length) return;
        const reqs = batch.flatMap((d) => {
          const ids = [...d.ids];
          const out: AppendRequest[] = [];
          for (let i = 0; i < ids.length; i += IDS_PER_RECORD) {
            out.push(
              this.request(d.principal, d.action, { alertIds: ids.slice(i, i + IDS_PER_RECORD), alertsOf: d.alertsOf, details: d.details, ip: d.ip }, d.at),
            );
          }
          return out;
        });
        await this.log.appendAll(reqs).then(
          () => {
            this.failing = false;
          },
          (e) => {
            // Put them all back: the next flush retries. Nothing is dropped; past the bound, reads
            // are refused instead (assertAvailable), which keeps the queue bounded.
            this.logger.error(`access records not written, retrying: ${e instanceof Error ? e.message : String(e)}`);
            this.failing = true;
            batch.forEach((d, i) => this.pending.set(`retry-${++this.seq}-${i}`, d));
            if (!this.timer) this.schedule(RETRY_MS);
          },
        );
      })
      .finally(() => {
        this.writing -= batch.length;
      });
    return this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private request(principal: Principal, action: string, extra: Partial<AccessRecord>, at = new Date().toISOString()): AppendRequest {
    const payload = JSON.parse(
      JSON.stringify({
        at,
        sub: principal.sub,
        agency: principal.agency,
        role: principal.role,
        unit: principal.unit,
        action,
        ...extra,
      }),
    ) as AccessRecord;
    return {
      streamId: `access-${principal.agency}-${principal.sub}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      expectedVersion: 0,
      events: [
        {
          type: ACCESS_RECORDED,
          payload,
          metadata: { actor: principal.sub, agency: principal.agency, unit: principal.unit, role: principal.role, correlationId: action },
        },
      ],
    };
  }

  /**
   * Newest first, filtered by principal, alert and time, and limited to what the auditor may read
   * (accessRecordVisibility); entries carry their hashes and signature. A record of another agency's
   * people that names several alerts shows only the ids the auditor may see, and never its
   * `details` (search terms, filters: that agency's own investigative data) or `ip`; it is then
   * `partial` (its hash covers what is not shown). `position` numbers only the records this
   * auditor may read (1, 2, …): the hub log's own positions would count, by their gaps, the reads
   * it may not see. The cursor is sealed to the caller like list cursors.
   */
  async query(
    principal: Principal,
    f: { sub?: string; agency?: string; action?: string; alertId?: string; from?: string; to?: string; limit: number; cursor?: string },
  ) {
    const after = f.cursor ? this.cursors.open(f.cursor, principal) : null;
    await this.flush();
    const visibleIds = visibleNamedIds(principal);
    // An alert filter matches a multi-alert record only through an id the auditor may see (or its own people's record).
    const byAlert =
      f.alertId != null &&
      sql`e.payload->>'alertId' = ${f.alertId} OR (e.payload->'alertIds' ? ${f.alertId} AND (e.payload->>'agency' = ${principal.agency} OR ${f.alertId} = ANY(${visibleIds})))`;
    // The ordinal is taken over everything the auditor may read, before the filters, so it does not depend on them.
    const rows = await queryRows<{
      global_position: string;
      ordinal: string;
      payload: AccessRecord;
      hash: string;
      prev_hash: string;
      signature: string;
      key_id: string;
      visible_ids: string[];
    }>(
      this.db,
      sql`SELECT e.global_position, e.ordinal, e.payload, e.hash, e.prev_hash, e.signature, e.key_id, ${visibleIds} AS visible_ids
         FROM (SELECT e.*, row_number() OVER (ORDER BY e.global_position) AS ordinal FROM events e WHERE e.type = ${ACCESS_RECORDED} AND ${accessRecordVisibility(principal, 'any')}) e
        WHERE ${sql.and(
          f.sub != null && sql`e.payload->>'sub' = ${f.sub}`,
          f.agency != null && sql`e.payload->>'agency' = ${f.agency}`,
          f.action != null && sql`e.payload->>'action' = ${f.action}`,
          byAlert,
          f.from != null && sql`e.recorded_at >= ${f.from}::timestamptz`,
          f.to != null && sql`e.recorded_at < ${f.to}::timestamptz`,
          after !== null && sql`e.global_position < ${after}::bigint`,
        )}
        ORDER BY e.global_position DESC LIMIT ${f.limit + 1}`,
    );
    const page = rows.slice(0, f.limit);
    return {
      items: page.map((r) => {
        const payload: { -readonly [K in keyof AccessRecord]: AccessRecord[K] } & { partial?: boolean } = { ...r.payload };
        if (payload.agency !== principal.agency) {
          const shown = Array.isArray(payload.alertIds) ? payload.alertIds.filter((id: string) => r.visible_ids.includes(id)) : null;
          const partial = (shown !== null && shown.length < payload.alertIds!.length) || 'details' in payload || 'ip' in payload;
          if (shown) payload.alertIds = shown;
          delete payload.details;
          delete payload.ip;
          if (partial) payload.partial = true;
        }
        return { position: Number(r.ordinal), ...payload, hash: r.hash, prevHash: r.prev_hash, signature: r.signature, keyId: r.key_id };
      }),
      nextCursor: rows.length > f.limit ? this.cursors.seal(String(page[page.length - 1].global_position), principal) : null,
    };
  }
}
