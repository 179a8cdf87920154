import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@cix/auth';
import { auditedAgencies, canSeeAlert, canSeeFeedback, type SharingFacts } from '@cix/access-control';
import { FeedbackEventType, isSealed, type FeedbackGivenV1, type SealedEvent, type WireEvent } from '@cix/contracts';
import { HUB_CONFIG } from '../hub.tokens.js';
import type { HubEnv } from '@cix/config';

export interface ReplayFilters {
  readonly agency?: string;
  readonly alert?: string;
  readonly type?: string;
  readonly from?: string;
  readonly to?: string;
}

const seal = (e: WireEvent): SealedEvent => ({ sealed: true, agency: e.agency, position: e.position, eventId: e.eventId, prevHash: e.prevHash, hash: e.hash, signature: e.signature, keyId: e.keyId });

/**
 * Streams the event history in an auditor's scope, in each agency's order, batch by batch (constant
 * memory). Events whose content the auditor may not see are replayed sealed, so the chain of every
 * agency in scope still verifies end to end.
 */
@Injectable()
export class AuditReplayService {
  constructor(@Inject(DataSource) private readonly db: DataSource, @Inject(HUB_CONFIG) private readonly config: HubEnv) {}

  scope(principal: Principal, filters: ReplayFilters): string[] {
    const agencies = auditedAgencies(principal, this.config.HUB_AGENCIES.split(','));
    return filters.agency ? agencies.filter((a) => a === filters.agency) : agencies;
  }

  /** How many events the replay will hold, for progress bars (counts are within the auditor's scope). */
  async expected(principal: Principal, filters: ReplayFilters): Promise<number> {
    const agencies = this.scope(principal, filters);
    if (!agencies.length) return 0;
    const [{ n }] = await this.db.query(
      `SELECT count(*)::bigint AS n FROM hub_event_log WHERE agency = ANY($1::text[])
         AND ($2::text IS NULL OR stream_id = $2 OR event->'payload'->'alert'->>'alertId' = $3)
         AND ($4::text IS NULL OR type = $4) AND ($5::timestamptz IS NULL OR recorded_at >= $5) AND ($6::timestamptz IS NULL OR recorded_at < $6)`,
      [agencies, filters.alert ? `alert-${filters.alert}` : null, filters.alert ?? null, filters.type ?? null, filters.from ?? null, filters.to ?? null],
    );
    return Number(n);
  }

  async *events(principal: Principal, filters: ReplayFilters, batchSize = 1000): AsyncGenerator<WireEvent> {
    for (const agency of this.scope(principal, filters)) {
      for (let after = 0; ;) {
        const rows: Array<{ position: string; event: WireEvent }> = await this.db.query(
          `SELECT position, event FROM hub_event_log WHERE agency = $1 AND position > $2
             AND ($3::text IS NULL OR stream_id = $3 OR event->'payload'->'alert'->>'alertId' = $4)
             AND ($5::text IS NULL OR type = $5) AND ($6::timestamptz IS NULL OR recorded_at >= $6) AND ($7::timestamptz IS NULL OR recorded_at < $7)
           ORDER BY position LIMIT $8`,
          [agency, after, filters.alert ? `alert-${filters.alert}` : null, filters.alert ?? null, filters.type ?? null, filters.from ?? null, filters.to ?? null, batchSize],
        );
        if (!rows.length) break;
        const facts = await this.factsFor(rows.map((r) => r.event));
        for (const r of rows) yield this.visible(principal, r.event, facts) ? r.event : seal(r.event);
        after = Number(rows[rows.length - 1].position);
      }
    }
  }

  private visible(p: Principal, e: WireEvent, facts: Map<string, SharingFacts>): boolean {
    if (isSealed(e) || p.agency === e.agency) return true;
    if (e.type === FeedbackEventType.Given) {
      const alert = facts.get((e.payload as FeedbackGivenV1).alert.alertId);
      return !!alert && canSeeFeedback(p, alert, e.agency);
    }
    const alert = facts.get(e.streamId.replace(/^alert-/, ''));
    return !!alert && canSeeAlert(p, alert);
  }

  private async factsFor(events: WireEvent[]): Promise<Map<string, SharingFacts>> {
    const ids = new Set<string>();
    for (const e of events) {
      if (isSealed(e)) continue;
      ids.add(e.type === FeedbackEventType.Given ? (e.payload as FeedbackGivenV1).alert.alertId : e.streamId.replace(/^alert-/, ''));
    }
    const rows = ids.size
      ? await this.db.query(`SELECT id, agency, level, recipients FROM hub_alerts WHERE id::text = ANY($1::text[])`, [[...ids]])
      : [];
    return new Map(rows.map((r: SharingFacts & { id: string }) => [r.id, { agency: r.agency, level: r.level, recipients: r.recipients }]));
  }
}
