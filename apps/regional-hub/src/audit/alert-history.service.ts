import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PROGRAMME_AGENCY, type Principal } from '@cix/auth';
import { auditedAgencies, canSeeAlert, payloadForCaller } from '@cix/access-control';
import { applyAlertEvent, FeedbackEventType, foldAlertState, NotFound, type AlertState, type FeedbackGivenV1, type SignedEvent } from '@cix/contracts';
import type { HubEnv } from '@cix/config';
import { sharingFacts, toHubAlertView, type FeedbackRow, type HubAlertRow, type HubAlertView } from '../alerts/domain/hub-alert.view.js';
import { HUB_CONFIG } from '../hub.tokens.js';
import { AccessLogService } from './access-log.service.js';

/** An alert's history as the hub received it: for time travel and for the auditors' timeline. */
@Injectable()
export class AlertHistoryService {
  constructor(@Inject(DataSource) private readonly db: DataSource, @Inject(HUB_CONFIG) private readonly config: HubEnv,
    @Inject(AccessLogService) private readonly accessLog: AccessLogService) {}

  private async events(alertId: string, asOf?: string): Promise<SignedEvent[]> {
    const rows = await this.db.query<Array<{ event: SignedEvent }>>(
      `SELECT event FROM hub_event_log
        WHERE (stream_id = $1 OR (type = $2 AND event->'payload'->'alert'->>'alertId' = $3)) AND ($4::timestamptz IS NULL OR recorded_at <= $4)
        ORDER BY recorded_at, agency, position`,
      [`alert-${alertId}`, FeedbackEventType.Given, alertId, asOf ?? null],
    );
    return rows.map((r) => r.event);
  }

  /** The alert exactly as the caller would have seen it at `asOf`, under the rules that applied then. */
  async asOf(principal: Principal, alertId: string, asOf: string): Promise<HubAlertView> {
    // Time travel never reopens what the owner withdrew: the caller must be allowed now as well as then.
    const [current] = await this.db.query<Array<Pick<HubAlertRow, 'agency' | 'level' | 'recipients'>>>('SELECT agency, level, recipients FROM hub_alerts WHERE id = $1', [alertId]);
    if (!current || !canSeeAlert(principal, sharingFacts(current))) throw new NotFound('alert');
    const events = await this.events(alertId, asOf);
    const state = foldAlertState(events.filter((e) => e.type !== FeedbackEventType.Given));
    if (!state) throw new NotFound('alert');
    const row = { id: state.id, seq: '0', agency: state.agency, level: state.distribution.level, recipients: [...state.distribution.recipients], state };
    if (!canSeeAlert(principal, sharingFacts(row))) throw new NotFound('alert');
    const latest = new Map<string, FeedbackRow>();
    for (const e of events.filter((x) => x.type === FeedbackEventType.Given)) {
      const p = e.payload as FeedbackGivenV1;
      latest.set(p.agency, { agency: p.agency, outcome: p.outcome, payload: p, given_at: new Date(e.recordedAt) });
    }
    return toHubAlertView(row, principal, [...latest.values()], new Date(asOf));
  }

  /** Every change with who made it and when, distribution changes and feedback included. Auditors in scope only. */
  async timeline(principal: Principal, alertId: string) {
    const [row] = await this.db.query<Array<Pick<HubAlertRow, 'agency' | 'level' | 'recipients'>>>('SELECT agency, level, recipients FROM hub_alerts WHERE id = $1', [alertId]);
    const inScope = row && auditedAgencies(principal, this.config.HUB_AGENCIES.split(',')).includes(row.agency)
      && (principal.agency === row.agency || canSeeAlert(principal, sharingFacts(row)));
    if (!inScope) throw new NotFound('alert');
    const events = await this.events(alertId);
    const facts = sharingFacts(row);
    return {
      alertId,
      items: events.map((e) => ({
        position: e.position, agency: e.agency, type: e.type, version: e.type === FeedbackEventType.Given ? null : e.streamVersion,
        at: e.recordedAt, actor: e.metadata.actor, unit: e.metadata.unit, role: e.metadata.role, payload: payloadForCaller(principal, facts, e), hash: e.hash,
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
    let state: AlertState | null = null;
    for (const e of (await this.events(alertId)).filter((x) => x.type !== FeedbackEventType.Given)) {
      state = applyAlertEvent(state, e);
      const open = periods.length > 0 && periods[periods.length - 1].to === null;
      const visible = !!state && canSeeAlert(audience, { agency: state.agency, level: state.distribution.level, recipients: state.distribution.recipients });
      if (visible && !open) periods.push({ from: e.recordedAt, to: null });
      else if (!visible && open) periods[periods.length - 1].to = e.recordedAt;
    }
    if (!periods.length) throw new NotFound('alert');
    const log = await this.accessLog.query(principal, { alertId, limit: 500 });
    const reads = log.items.filter((r) => r.agency === principal.agency)
      .map((r) => ({ at: r.at, sub: r.sub, unit: r.unit, role: r.role, action: r.action, position: r.position }));
    return { alertId, agency: principal.agency, periods, reads };
  }
}
