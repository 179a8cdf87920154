import { Inject, Injectable, type MessageEvent, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { Principal } from '@cix/auth';
import { canSeeAlert, canSeeFeedback } from '@cix/access-control';
import { ErrorCode } from '@cix/contracts';
import { queryRows, sql } from '@cix/read-model';
import { feedbackFor } from '../alerts/domain/feedback.repository.js';
import { sharingFacts, toHubAlertView, type HubAlertRow } from '../alerts/domain/hub-alert.view.js';
import { ProjectionService, type AlertChange } from '../projection/projection.service.js';
import { AccessLogService } from '../audit/access-log.service.js';

/**
 * The live feed: each change the projection commits is checked against each subscriber's access
 * rules at that moment, with the same policy as every other read. A subscriber hears of an alert
 * only if it can open it, and of feedback only if it can see that feedback; an alert it could see
 * before a change and may no longer see is announced as withdrawn (it learns nothing new by that).
 */
@Injectable()
export class AlertFeedService implements OnModuleInit, OnModuleDestroy {
  private readonly subscribers = new Set<{ principal: Principal; send: (m: MessageEvent) => void }>();
  private queue = Promise.resolve();
  private unsubscribe: (() => void) | null = null;

  /** Each connection's deliveries are recorded under one key, merged per flush of the access log. */
  private readonly connectionKeys = new WeakMap<object, string>();
  private connections = 0;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ProjectionService) private readonly projection: ProjectionService,
    @Inject(AccessLogService) private readonly accessLog: AccessLogService,
  ) {}

  onModuleInit(): void {
    // One listener for all subscribers: each change is loaded once, then judged per subscriber.
    this.unsubscribe = this.projection.onAlertChanged((change) => {
      if (!this.subscribers.size) return;
      this.queue = this.queue.then(() => this.fanOut(change)).catch(() => undefined);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  feed(principal: Principal): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      const entry = { principal, send: (m: MessageEvent) => subscriber.next(m) };
      this.subscribers.add(entry);
      const heartbeat = setInterval(() => subscriber.next({ type: 'heartbeat', data: { at: new Date().toISOString() } }), 15_000);
      subscriber.next({ type: 'ready', data: { agency: principal.agency, role: principal.role } });
      return () => {
        this.subscribers.delete(entry);
        clearInterval(heartbeat);
      };
    });
  }

  private async fanOut(change: AlertChange): Promise<void> {
    const [row] = await queryRows<HubAlertRow>(this.db, sql`SELECT id, seq, agency, level, recipients, state FROM hub_alerts WHERE id = ${change.alertId}`);
    if (!row) return;
    const facts = sharingFacts(row);
    const feedback = (await feedbackFor(this.db, [row.id])).get(row.id);
    const id = `${row.id}:${row.state.version}`;
    for (const entry of this.subscribers) {
      const { principal, send } = entry;
      if (!canSeeAlert(principal, facts)) {
        if (change.before && canSeeAlert(principal, change.before)) send({ id, type: 'alert.withdrawn', data: { id: row.id } });
        continue;
      }
      if (change.feedbackFrom && !canSeeFeedback(principal, facts, change.feedbackFrom)) continue;
      if (!this.connectionKeys.has(entry)) this.connectionKeys.set(entry, `stream-${++this.connections}`);
      try {
        this.accessLog.delivered(principal, 'stream.delivery', [row], { key: this.connectionKeys.get(entry) });
      } catch {
        // Fail closed: not delivered unrecorded; the client learns it missed a change and reloads later.
        send({ id, type: 'access-log.unavailable', data: { id: row.id, code: ErrorCode.AccessLogUnavailable } });
        continue;
      }
      send({ id, type: change.feedbackFrom ? 'feedback' : 'alert', data: toHubAlertView(row, principal, feedback) });
    }
  }
}
