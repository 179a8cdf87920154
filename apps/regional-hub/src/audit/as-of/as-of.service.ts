import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withholdPersonalData } from '@cix/access-control';
import { FeedbackEventType, type AlertState, type Principal, type SignedEvent } from '@cix/contracts';
import { contribution, foldAlertHistory, queryRows, sql } from '@cix/read-model';
import { addFeedbackVersion, sharingFacts, toHubAlertView, type FeedbackRow, type HubAlertRow, type HubAlertView } from '../../alerts/domain/hub-alert.view.js';
import { LIST_CURSOR, type ListCursorCodec } from '../../alerts/domain/list-cursor.js';
import { asOfVerdict, factsOfState, filtersContent, matchesAsOf } from './as-of-view.js';
import type { AsOfAlertsRequestDto, AsOfTrendsRequestDto } from './as-of.request.dto.js';

export type AsOfItem =
  HubAlertView | { readonly agency: string; readonly sealed: true } | { readonly id: string; readonly agency: string; readonly withdrawn: true };

/** Alerts folded per batch; a page scans at most MAX_SCANNED alerts (then it may hold fewer than `limit`, with a cursor). */
const BATCH = 200;
const MAX_SCANNED = 5000;
const PERIOD: Record<string, (day: string) => string> = {
  day: (d) => d,
  week: (d) => {
    const t = new Date(`${d}T00:00:00Z`);
    t.setUTCDate(t.getUTCDate() - ((t.getUTCDay() + 6) % 7));
    return t.toISOString().slice(0, 10);
  },
  month: (d) => `${d.slice(0, 7)}-01`,
};

/**
 * The regional view as a principal had it at a moment: every alert folded from the events the hub
 * had recorded until then, under the sharing that applied then (see asOfVerdict for what an auditor
 * is shown of it). Folding is per alert, newest first, in batches.
 */
@Injectable()
export class AsOfService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(LIST_CURSOR) private readonly cursors: ListCursorCodec,
  ) {}

  async alerts(auditor: Principal, principal: Principal, f: AsOfAlertsRequestDto): Promise<{ items: AsOfItem[]; nextCursor: string | null }> {
    const at = new Date(f.at);
    const filtered = filtersContent(f);
    const items: AsOfItem[] = [];
    let before = f.cursor ? this.cursors.open(f.cursor, auditor) : null;
    let scanned = 0;
    for (;;) {
      const batch = await this.batch(f.at, { before, agency: f.agency });
      for (const { row, state, feedback } of batch) {
        scanned++;
        before = row.seq;
        if (!state || !matchesAsOf(state, f, at)) continue;
        const verdict = asOfVerdict(auditor, principal, factsOfState(state), sharingFacts(row));
        if (verdict === 'shown') {
          const view = toHubAlertView(
            { ...row, level: state.distribution.level, recipients: [...state.distribution.recipients], state },
            principal,
            feedback,
            at,
          );
          // The auditor's own personal-data right applies on top of the principal's.
          items.push(withholdPersonalData(auditor, sharingFacts(row), view));
        } else if (verdict === 'sealed' && !filtered) items.push({ agency: row.agency, sealed: true });
        else if (verdict === 'withdrawn' && !filtered) items.push({ id: row.id, agency: row.agency, withdrawn: true });
        if (items.length >= f.limit) return { items, nextCursor: this.cursors.seal(row.seq, auditor) };
      }
      if (batch.length < BATCH) return { items, nextCursor: null };
      if (scanned >= MAX_SCANNED) return { items, nextCursor: this.cursors.seal(String(before), auditor) };
    }
  }

  /** Seizure figures as the principal had them: only alerts whose content the auditor may be shown count; the others are `withheld`. */
  async seizures(auditor: Principal, principal: Principal, f: AsOfTrendsRequestDto) {
    const period = Object.hasOwn(PERIOD, f.groupBy) ? PERIOD[f.groupBy] : null;
    const dimension = period ? 'day' : f.groupBy;
    const cells = new Map<string, { key: string; count: number; quantity: { kg: number; litres: number; pieces: number; containers: number } }>();
    let withheld = 0;
    for (let before: string | null = null; ;) {
      const batch = await this.batch(f.at, { before, kind: 'seizure' });
      for (const { row, state } of batch) {
        before = row.seq;
        if (
          !state ||
          (f.from && Date.parse(state.content.occurredAt) < Date.parse(f.from)) ||
          (f.to && Date.parse(state.content.occurredAt) >= Date.parse(f.to))
        )
          continue;
        const verdict = asOfVerdict(auditor, principal, factsOfState(state), sharingFacts(row));
        if (verdict === 'hidden') continue;
        if (verdict !== 'shown') {
          if (contribution(state).length) withheld++;
          continue;
        }
        for (const c of contribution(state).filter((x) => x.dimension === dimension)) {
          const key = period ? period(c.key) : c.key;
          const cell = cells.get(key) ?? { key, count: 0, quantity: { kg: 0, litres: 0, pieces: 0, containers: 0 } };
          cell.count++;
          const q = state.content.quantity;
          if (q && Object.hasOwn(cell.quantity, q.unit)) cell.quantity[q.unit as keyof typeof cell.quantity] += q.value;
          cells.set(key, cell);
        }
      }
      if (batch.length < BATCH) break;
    }
    const rows = [...cells.values()].sort(period ? (a, b) => a.key.localeCompare(b.key) : (a, b) => b.count - a.count || a.key.localeCompare(b.key));
    return { groupBy: f.groupBy, rows, withheld };
  }

  /** A batch of alerts (newest first, before `before`), each folded from its events recorded until `at`, with the feedback given by then. */
  private async batch(at: string, o: { before: string | null; agency?: string; kind?: string }) {
    const rows = await queryRows<HubAlertRow>(
      this.db,
      sql`SELECT id, seq, agency, level, recipients, state FROM hub_alerts
         WHERE ${sql.and(
           sql`raised_at <= ${at}::timestamptz`,
           o.before !== null && sql`seq < ${o.before}::bigint`,
           o.agency && sql`agency = ${o.agency}`,
           o.kind && sql`kind = ${o.kind}`,
         )}
         ORDER BY seq DESC LIMIT ${BATCH}`,
    );
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const events = await queryRows<{ event: SignedEvent }>(
      this.db,
      sql`SELECT event FROM hub_event_log
         WHERE refusal IS NULL AND recorded_at <= ${at}::timestamptz
           AND (stream_id = ANY(${ids.map((id) => `alert-${id}`)}::text[]) OR (type = ANY(${Object.values(FeedbackEventType)}::text[]) AND event->'payload'->'alert'->>'alertId' = ANY(${ids}::text[])))
         ORDER BY agency, position`,
    );
    const byAlert = new Map<string, SignedEvent[]>();
    const feedback = new Map<string, Map<string, FeedbackRow>>();
    for (const { event: e } of events) {
      if (e.streamId.startsWith('alert-')) {
        const id = e.streamId.slice('alert-'.length);
        byAlert.set(id, [...(byAlert.get(id) ?? []), e]);
        continue;
      }
      const alertId = (e.payload as FeedbackRow['payload']).alert.alertId;
      const given = feedback.get(alertId) ?? new Map<string, FeedbackRow>();
      addFeedbackVersion(given, e);
      feedback.set(alertId, given);
    }
    return rows.map((row) => {
      // Only the owner's events fold into its alert (another agency's are refused by the projector too).
      const state: AlertState | null = foldAlertHistory((byAlert.get(row.id) ?? []).filter((e) => e.agency === row.agency));
      return { row, state: state && state.agency === row.agency ? state : null, feedback: [...(feedback.get(row.id)?.values() ?? [])] };
    });
  }
}
