import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PROGRAMME_AGENCY, type Principal } from '@cix/auth';
import { auditedAgencies, canSeeAlert, payloadForCaller, withholdPersonalData } from '@cix/access-control';
import { FeedbackEventType, isFeedbackEventType, NotFound, type AlertState, type SignedEvent } from '@cix/contracts';
import { foldAlertHistory, foldAlertStep } from '@cix/read-model';
import type { HubEnv } from '@cix/config';
import { addFeedbackVersion, sharingFacts, toHubAlertView, type FeedbackRow, type HubAlertRow, type HubAlertView } from '../alerts/domain/hub-alert.view.js';
import { queryRows, sql } from '@cix/read-model';
import { HUB_CONFIG } from '../hub.tokens.js';
import { AccessLogService } from './access-log.service.js';
import { timelineEntries, type ReceivedEvent } from './timeline/timeline-diff.js';

/** An alert's history as the hub received it: for time travel and for the auditors' timeline. */
@Injectable()
export class AlertHistoryService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(HUB_CONFIG) private readonly config: HubEnv,
    @Inject(AccessLogService) private readonly accessLog: AccessLogService,
  ) {}

  /**
   * What the hub applied to the alert of `owner`: its owner's events and the feedback attached to
   * it. Events the hub refused (another agency naming this alert, malformed content, feedback it
   * may not give) stay in the log for the chain, never in the alert's history.
   */
  private async events(alertId: string, owner: string, asOf?: string): Promise<ReceivedEvent[]> {
    const rows = await queryRows<{ event: SignedEvent; received_at: Date }>(
      this.db,
      sql`SELECT event, received_at FROM hub_event_log
        WHERE refusal IS NULL AND ((stream_id = ${`alert-${alertId}`} AND agency = ${owner}) OR (type = ANY(${Object.values(FeedbackEventType)}::text[]) AND event->'payload'->'alert'->>'alertId' = ${alertId}))
          AND ${asOf != null ? sql`recorded_at <= ${asOf}::timestamptz` : sql.true}
        ORDER BY recorded_at, agency, position`,
    );
    return rows.map((r) => ({ ...r.event, receivedAt: new Date(r.received_at).toISOString() }));
  }

  /** The owner's alert events in its log order (the order the hub folded them in), not by their stated times. */
  private static alertEvents(events: readonly SignedEvent[]): SignedEvent[] {
    return events.filter((e) => !isFeedbackEventType(e.type)).sort((a, b) => a.position - b.position);
  }

  /** The alert exactly as the caller would have seen it at `asOf`, under the rules that applied then. */
  async asOf(principal: Principal, alertId: string, asOf: string): Promise<HubAlertView> {
    // Time travel never reopens what the owner withdrew: the caller must be allowed now as well as then.
    const [current] = await queryRows<(Pick<HubAlertRow, 'agency' | 'level' | 'recipients'> & { state: Pick<AlertState, 'personalDataGrants'> }) | undefined>(
      this.db,
      sql`SELECT agency, level, recipients, jsonb_build_object('personalDataGrants', state->'personalDataGrants') AS state FROM hub_alerts WHERE id = ${alertId}`,
    );
    if (!current || !canSeeAlert(principal, sharingFacts(current))) throw new NotFound('alert');
    const events = await this.events(alertId, current.agency, asOf);
    const then = foldAlertHistory(AlertHistoryService.alertEvents(events));
    if (!then || then.agency !== current.agency) throw new NotFound('alert');
    // Persons granted then are shown only while the grant still stands: a revocation withdraws the past too.
    const standing = new Set((current.state.personalDataGrants ?? []).map((g) => g.agency));
    const state = principal.agency === then.agency ? then : { ...then, personalDataGrants: then.personalDataGrants?.filter((g) => standing.has(g.agency)) };
    // Personal data belongs to the alert's owner as the hub knows it now.
    const row = { id: state.id, seq: '0', agency: current.agency, level: state.distribution.level, recipients: [...state.distribution.recipients], state };
    if (!canSeeAlert(principal, sharingFacts(row))) throw new NotFound('alert');
    const latest = new Map<string, FeedbackRow>();
    for (const e of events.filter((x) => isFeedbackEventType(x.type)).sort((a, b) => a.position - b.position)) addFeedbackVersion(latest, e);
    return toHubAlertView(row, principal, [...latest.values()], new Date(asOf));
  }

  /** Every change with who made it and when, distribution changes and feedback included. Auditors in scope only. */
  async timeline(principal: Principal, alertId: string) {
    const [row] = await queryRows<Pick<HubAlertRow, 'agency' | 'level' | 'recipients'> | undefined>(
      this.db,
      sql`SELECT agency, level, recipients FROM hub_alerts WHERE id = ${alertId}`,
    );
    const inScope =
      row &&
      auditedAgencies(principal, this.config.HUB_AGENCIES.split(',')).includes(row.agency) &&
      (principal.agency === row.agency || canSeeAlert(principal, sharingFacts(row)));
    if (!inScope) throw new NotFound('alert');
    const events = await this.events(alertId, row.agency);
    const facts = sharingFacts(row);
    const entries = timelineEntries(row.agency, events, {
      audienceAgencies: [...this.config.HUB_AGENCIES.split(','), PROGRAMME_AGENCY],
      // Who acted is shown to the auditors of the actor's own agency; others see the unit and agency.
      showSub: (e) => e.agency === principal.agency,
      reveal: (v) => withholdPersonalData(principal, facts, v),
    });
    return {
      alertId,
      items: events.map((e, i) => ({
        ...entries[i],
        payload: payloadForCaller(principal, facts, e),
        hash: e.hash,
      })),
    };
  }

  /**
   * For an auditor: during which periods the alert was visible to its agency's people (the
   * programme's, for CCP) and the reads of it they made, recorded in the access log; never the
   * content. An alert its agency never could see is answered like one that does not exist.
   */
  async exposure(principal: Principal, alertId: string) {
    const audience: Principal = principal.agency === PROGRAMME_AGENCY ? principal : { ...principal, role: 'officer' };
    const periods: Array<{ from: string; to: string | null }> = [];
    const [row] = await queryRows<{ agency: string } | undefined>(this.db, sql`SELECT agency FROM hub_alerts WHERE id = ${alertId}`);
    if (!row) throw new NotFound('alert');
    let state: AlertState | null = null;
    for (const e of AlertHistoryService.alertEvents(await this.events(alertId, row.agency))) {
      state = foldAlertStep(state, e);
      const open = periods.length > 0 && periods[periods.length - 1].to === null;
      const visible = !!state && canSeeAlert(audience, { agency: state.agency, level: state.distribution.level, recipients: state.distribution.recipients });
      if (visible && !open) periods.push({ from: e.recordedAt, to: null });
      else if (!visible && open) periods[periods.length - 1].to = e.recordedAt;
    }
    if (!periods.length) throw new NotFound('alert');
    const log = await this.accessLog.query(principal, { alertId, limit: 500 });
    const reads = log.items
      .filter((r) => r.agency === principal.agency)
      .map((r) => ({ at: r.at, sub: r.sub, unit: r.unit, role: r.role, action: r.action, position: r.position }));
    return { alertId, agency: principal.agency, periods, reads };
  }
}
