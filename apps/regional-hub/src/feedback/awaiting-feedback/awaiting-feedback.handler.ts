import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { queryRows, sql, visibleTo } from '@cix/read-model';
import { toHubAlertView, type HubAlertRow, type HubAlertView } from '../../alerts/domain/hub-alert.view.js';
import { AwaitingFeedbackQuery } from './awaiting-feedback.query.js';

/**
 * High-risk-consignment alerts other agencies shared with the caller's agency that are still open
 * and have no feedback from it yet, overdue first. Only officers owe feedback.
 */
@QueryHandler(AwaitingFeedbackQuery)
export class AwaitingFeedbackHandler implements IQueryHandler<AwaitingFeedbackQuery, { items: HubAlertView[] }> {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async execute({ principal }: AwaitingFeedbackQuery): Promise<{ items: HubAlertView[] }> {
    if (principal.role !== 'officer') return { items: [] };
    const rows = await queryRows<HubAlertRow>(
      this.db,
      sql`SELECT id, seq, agency, level, recipients, state FROM hub_alerts a
        WHERE ${visibleTo(principal)} AND agency <> ${principal.agency} AND kind = 'high-risk-consignment' AND status = 'open' AND expires_at > now()
          AND NOT EXISTS (SELECT 1 FROM hub_feedback f WHERE f.alert_id = a.id AND f.agency = ${principal.agency})
        ORDER BY feedback_due_at, seq LIMIT 500`,
    );
    return { items: rows.map((r) => toHubAlertView(r, principal)) };
  }
}
