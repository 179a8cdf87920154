import { Inject, Injectable, type MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { Principal } from '@cix/auth';
import { canSeeAlert, canSeeFeedback } from '@cix/access-control';
import { feedbackFor } from '../alerts/domain/feedback.repository.js';
import { sharingFacts, toHubAlertView, type HubAlertRow } from '../alerts/domain/hub-alert.view.js';
import { ProjectionService, type AlertChange } from '../projection/projection.service.js';

/**
 * The live feed: each change the projection commits is checked against each subscriber's access
 * rules at that moment, with the same policy as every other read. A subscriber hears of an alert
 * only if it can open it, and of feedback only if it can see that feedback; an alert it could see
 * before a change and may no longer see is announced as withdrawn (it learns nothing new by that).
 */
@Injectable()
export class AlertFeedService {
  constructor(@Inject(DataSource) private readonly db: DataSource, @Inject(ProjectionService) private readonly projection: ProjectionService) {}

  feed(principal: Principal): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      let queue = Promise.resolve();
      const unsubscribe = this.projection.onAlertChanged((change) => {
        queue = queue.then(() => this.deliver(principal, change, (m) => subscriber.next(m))).catch(() => undefined);
      });
      const heartbeat = setInterval(() => subscriber.next({ type: 'heartbeat', data: { at: new Date().toISOString() } }), 15_000);
      subscriber.next({ type: 'ready', data: { agency: principal.agency, role: principal.role } });
      return () => {
        unsubscribe();
        clearInterval(heartbeat);
      };
    });
  }

  private async deliver(principal: Principal, change: AlertChange, send: (m: MessageEvent) => void): Promise<void> {
    const [row]: HubAlertRow[] = await this.db.query('SELECT id, seq, agency, level, recipients, state FROM hub_alerts WHERE id = $1', [change.alertId]);
    if (!row) return;
    const facts = sharingFacts(row);
    if (!canSeeAlert(principal, facts)) {
      if (change.before && canSeeAlert(principal, change.before)) send({ id: `${row.id}:${row.state.version}`, type: 'alert.withdrawn', data: { id: row.id } });
      return;
    }
    if (change.feedbackFrom && !canSeeFeedback(principal, facts, change.feedbackFrom)) return;
    const view = toHubAlertView(row, principal, (await feedbackFor(this.db, [row.id])).get(row.id));
    send({ id: `${row.id}:${row.state.version}`, type: change.feedbackFrom ? 'feedback' : 'alert', data: view });
  }
}
