import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@cix/auth';
import { auditedAgencies, canSeeAlert, canSeeFeedback, eventForCaller, type SharingFacts } from '@cix/access-control';
import { isFeedbackEventType, isSealed, sealEvent, type FeedbackGivenV1, type WireEvent } from '@cix/contracts';
import { HUB_CONFIG, HUB_LOG_AGENCY } from '../hub.tokens.js';
import { EventStore, eventCheckpoint, rowToEvent, type EventRow, type ExportClaims, type ExportClaimsLine, type SignedCheckpoint } from '@cix/event-store';
import { queryRows, sql } from '@cix/read-model';
import { accessRecordVisibility } from './access-record-visibility.sql.js';
import type { HubEnv } from '@cix/config';

export interface ReplayFilters {
  readonly agency?: string;
  readonly alert?: string;
  readonly type?: string;
  readonly from?: string;
  readonly to?: string;
}

/** The replay's filters on the hub's log of the nodes' events (`hub_event_log`). */
const eventLogFilters = (f: ReplayFilters) =>
  sql.and(
    f.alert && sql`stream_id = ${`alert-${f.alert}`} OR event->'payload'->'alert'->>'alertId' = ${f.alert}`,
    f.type != null && sql`type = ${f.type}`,
    f.from != null && sql`recorded_at >= ${f.from}::timestamptz`,
    f.to != null && sql`recorded_at < ${f.to}::timestamptz`,
  );

/** A filtered replay (one alert, a type, a time window) holds only what the auditor may read: a sealed event matched by a filter would tell what it is about. */
const isFiltered = (f: ReplayFilters): boolean => !!(f.alert || f.type || f.from || f.to);

/** The alert whose content a replayed event delivers (for the access log), or null (sealed, the hub's own records). */
export function deliveredAlert(e: WireEvent): { id: string; agency: string } | null {
  if (isSealed(e) || e.agency === HUB_LOG_AGENCY) return null;
  if (isFeedbackEventType(e.type)) return { id: (e.payload as FeedbackGivenV1).alert.alertId, agency: (e.payload as FeedbackGivenV1).alert.agency };
  return e.streamId.startsWith('alert-') ? { id: e.streamId.slice('alert-'.length), agency: e.agency } : null;
}

/**
 * Streams the event history in an auditor's scope, in each agency's order, batch by batch (constant
 * memory). Events whose content the auditor may not see are replayed sealed, so the chain of every
 * agency in scope still verifies end to end.
 */
@Injectable()
export class AuditReplayService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(HUB_CONFIG) private readonly config: HubEnv,
    @Inject(EventStore) private readonly ownLog: EventStore,
  ) {}

  /** Agencies in scope, and the hub's own log (HUB: the access log) for every auditor. */
  scope(principal: Principal, filters: ReplayFilters): string[] {
    const agencies = auditedAgencies(principal, this.config.HUB_AGENCIES.split(','));
    const all = agencies.length ? [...agencies, HUB_LOG_AGENCY] : [];
    return filters.agency ? all.filter((a) => a === filters.agency) : all;
  }

  /**
   * How many events the replay will hold (counts are within the auditor's scope). `upTo`: the
   * export's checkpoints, so the count is exactly the export's and equals what the hub signs.
   */
  async expected(principal: Principal, filters: ReplayFilters, upTo?: ReadonlyMap<string, number>): Promise<number> {
    if (isFiltered(filters)) {
      // Counted exactly as replayed, so the count says nothing about what is withheld.
      let n = 0;
      for await (const _ of this.events(principal, filters, 1000, upTo)) n++;
      return n;
    }
    const bound = (a: string) => (upTo ? (upTo.get(a) ?? 0) : null);
    const agencies = this.scope(principal, filters).filter((a) => a !== HUB_LOG_AGENCY);
    const own = this.scope(principal, filters).includes(HUB_LOG_AGENCY)
      ? Number(
          (
            await queryRows<{ n: string }>(
              this.db,
              sql`SELECT count(*) AS n FROM events WHERE ${sql.and(
                filters.alert != null && sql`payload->>'alertId' = ${filters.alert}`,
                bound(HUB_LOG_AGENCY) !== null && sql`global_position <= ${bound(HUB_LOG_AGENCY)}::bigint`,
              )}`,
            )
          )[0].n,
        )
      : 0;
    if (!agencies.length) return own;
    const [{ n }] = await queryRows<{ n: string }>(
      this.db,
      sql`SELECT count(*)::bigint AS n FROM hub_event_log h JOIN unnest(${agencies}::text[], ${agencies.map(bound)}::bigint[]) AS s(agency, bound) ON s.agency = h.agency
         WHERE (s.bound IS NULL OR h.position <= s.bound) AND ${eventLogFilters(filters)}`,
    );
    return Number(n) + own;
  }

  /** The hub's signature over what an export claims (see export-claims.ts in the event store). */
  signClaims(claims: Omit<ExportClaims, 'exporter'>): ExportClaimsLine {
    return this.ownLog.signExportClaims(claims);
  }

  /**
   * The latest signed checkpoint of each agency in scope, taken before the events are read. The
   * hub cannot sign for a node: a node's checkpoint is the node's own signature over the latest
   * event the hub received from it (full or sealed), which commits to its position and the whole
   * chain before it, countersigned by the hub at export time. The hub's own log it signs itself.
   */
  async checkpoints(principal: Principal, filters: ReplayFilters, asOf?: string): Promise<SignedCheckpoint[]> {
    const out: SignedCheckpoint[] = [];
    for (const agency of this.scope(principal, filters)) {
      if (agency === HUB_LOG_AGENCY) {
        out.push(asOf ? await this.ownLog.signedCheckpointAsOf(asOf) : await this.ownLog.signedCheckpoint());
        continue;
      }
      const [latest] = await queryRows<{ event: WireEvent }>(
        this.db,
        sql`SELECT event FROM hub_event_log WHERE agency = ${agency} AND ${asOf ? sql`received_at <= ${asOf}::timestamptz` : sql.true} ORDER BY position DESC LIMIT 1`,
      );
      // No event time: the auditor may be shown that event sealed, and a sealed stub has none.
      if (latest) out.push(this.ownLog.attest(eventCheckpoint(latest.event), asOf));
    }
    return out;
  }

  /**
   * An export's lines: the header, every event in scope, a signed checkpoint per agency, the hub's
   * signed claims. `asOf`: the history as the hub held it then (each node's log as far as the hub
   * had received it, the hub's own as far as recorded), stamped with that time: asked again, it is
   * the same bytes (Ed25519 is deterministic) as long as what the caller may see has not changed.
   */
  async *exportLines(principal: Principal, filters: ReplayFilters, o: { asOf?: string; onEvent?: (e: WireEvent) => void } = {}): AsyncGenerator<string> {
    // Taken before reading: the export ends at each agency's checkpoint and then carries them, and
    // the header's count is of exactly those events.
    const checkpoints = await this.checkpoints(principal, filters, o.asOf);
    const upTo = new Map(checkpoints.map((c) => [c.agency, c.position]));
    const header = {
      kind: 'cix-replay',
      version: 1,
      exportedAt: o.asOf ?? new Date().toISOString(),
      agencies: this.scope(principal, filters),
      expected: await this.expected(principal, filters, upTo),
      filters: { ...filters },
      complete: !isFiltered(filters),
    };
    yield JSON.stringify(header);
    let written = 0;
    for await (const e of this.events(principal, filters, 1000, upTo)) {
      o.onEvent?.(e);
      written++;
      yield JSON.stringify(e);
    }
    for (const checkpoint of checkpoints) yield JSON.stringify({ checkpoint });
    // The header is unsigned; the hub signs what it claims, so a cut export cannot be relabelled as
    // filtered nor an agency dropped from its scope.
    const { kind: _k, version: _v, ...claims } = header;
    yield JSON.stringify(this.signClaims({ ...claims, expected: written, checkpoints: Object.fromEntries(upTo) }));
  }

  /** `upTo`: the last position to replay per agency (the export's checkpoints); absent: no bound, none there: nothing. */
  async *events(principal: Principal, filters: ReplayFilters, batchSize = 1000, upTo?: ReadonlyMap<string, number>): AsyncGenerator<WireEvent> {
    agencies: for (const agency of this.scope(principal, filters)) {
      const bound = upTo ? (upTo.get(agency) ?? 0) : Infinity;
      if (agency === HUB_LOG_AGENCY) {
        for await (const e of this.accessLog(principal, filters, batchSize)) {
          if (e.position > bound) break;
          yield e;
        }
        continue;
      }
      for (let after = 0; ;) {
        const rows = await queryRows<{ position: string; event: WireEvent; refused: boolean }>(
          this.db,
          sql`SELECT position, event, refusal IS NOT NULL AS refused FROM hub_event_log WHERE agency = ${agency} AND position > ${after} AND ${eventLogFilters(filters)}
           ORDER BY position LIMIT ${batchSize}`,
        );
        if (!rows.length) break;
        const facts = await this.factsFor(rows.map((r) => r.event));
        for (const r of rows) {
          if (Number(r.position) > bound) continue agencies;
          // An event the hub refused is part of no alert: only its own agency reads it (the others, sealed).
          const visible = r.refused ? principal.agency === r.event.agency : this.visible(principal, r.event, facts);
          if (visible && !(isFiltered(filters) && isSealed(r.event) && r.event.agency !== principal.agency)) {
            yield eventForCaller(principal, this.ownerFacts(r.event, facts), r.event);
          } else if (!isFiltered(filters)) yield sealEvent(r.event);
        }
        after = Number(rows[rows.length - 1].position);
      }
    }
  }

  /**
   * The hub's own signed chain of access records: in full where the auditor may read them
   * (accessRecordVisibility), sealed otherwise, so the whole chain still verifies.
   */
  private async *accessLog(p: Principal, f: ReplayFilters, batchSize: number): AsyncGenerator<WireEvent> {
    const visible = accessRecordVisibility(p);
    const filters = sql.and(
      f.alert != null && sql`e.payload->>'alertId' = ${f.alert} OR e.payload->'alertIds' ? ${f.alert}`,
      f.type != null && sql`e.type = ${f.type}`,
      f.from != null && sql`e.recorded_at >= ${f.from}::timestamptz`,
      f.to != null && sql`e.recorded_at < ${f.to}::timestamptz`,
    );
    for (let after = 0; ;) {
      const rows = await queryRows<EventRow & { visible: boolean }>(
        this.db,
        sql`SELECT e.*, ${visible} AS visible FROM events e LEFT JOIN hub_alerts a ON a.id::text = e.payload->>'alertId'
          WHERE e.global_position > ${after} AND ${filters}
          ORDER BY e.global_position LIMIT ${batchSize}`,
      );
      if (!rows.length) return;
      for (const r of rows) {
        const { confidential: _c, ...e } = rowToEvent(r, HUB_LOG_AGENCY);
        if (r.visible) yield e;
        else if (!isFiltered(f)) yield sealEvent(e);
      }
      after = Number(rows[rows.length - 1].global_position);
    }
  }

  private visible(p: Principal, e: WireEvent, facts: Map<string, SharingFacts>): boolean {
    if (isSealed(e) || p.agency === e.agency) return true;
    if (isFeedbackEventType(e.type)) {
      const alert = facts.get((e.payload as FeedbackGivenV1).alert.alertId);
      return !!alert && canSeeFeedback(p, alert, e.agency);
    }
    const alert = facts.get(e.streamId.replace(/^alert-/, ''));
    return !!alert && canSeeAlert(p, alert);
  }

  /** Persons in an event belong to the agency that wrote it: its alert's sharing, or the agency alone. */
  private ownerFacts(e: WireEvent, facts: Map<string, SharingFacts>): SharingFacts {
    const own = isSealed(e) || isFeedbackEventType(e.type) ? undefined : facts.get(e.streamId.replace(/^alert-/, ''));
    return own?.agency === e.agency ? own : { agency: e.agency, level: 'agency', recipients: [] };
  }

  private async factsFor(events: WireEvent[]): Promise<Map<string, SharingFacts>> {
    const ids = new Set<string>();
    for (const e of events) {
      if (isSealed(e)) continue;
      ids.add(isFeedbackEventType(e.type) ? (e.payload as FeedbackGivenV1).alert.alertId : e.streamId.replace(/^alert-/, ''));
    }
    const rows = ids.size
      ? await queryRows<SharingFacts & { id: string }>(
          this.db,
          sql`SELECT id, agency, level, recipients FROM hub_alerts WHERE id::text = ANY(${[...ids]}::text[])`,
        )
      : [];
    return new Map(rows.map((r) => [r.id, { agency: r.agency, level: r.level, recipients: r.recipients }]));
  }
}
