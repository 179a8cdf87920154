import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { canSeeAlert } from '@cix/access-control';
import { NotFound } from '@cix/contracts';
import { queryRows, sql } from '@cix/read-model';
import { alertHistory, type AlertHistoryEntry } from '../../domain/alert-history.repository.js';
import { feedbackFor } from '../../domain/feedback.repository.js';
import { sharingFacts, toHubAlertView, type HubAlertRow, type HubAlertView } from '../../domain/hub-alert.view.js';
import { GetHubAlertQuery } from './get-hub-alert.query.js';
import { matchesOfAlert, type AlertMatch } from '../../../correlation/matches.repository.js';

/** One alert with its history (events' types and times, no content) and its cross-border matches the caller may see. */
export type HubAlertDetail = HubAlertView & { readonly history: AlertHistoryEntry[]; readonly matches: AlertMatch[] };

/** An alert the caller may not see is answered exactly like one that does not exist. */
@QueryHandler(GetHubAlertQuery)
export class GetHubAlertHandler implements IQueryHandler<GetHubAlertQuery, HubAlertDetail> {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async execute({ principal, alertId }: GetHubAlertQuery): Promise<HubAlertDetail> {
    const [row] = await queryRows<HubAlertRow>(this.db, sql`SELECT id, seq, agency, level, recipients, state FROM hub_alerts WHERE id = ${alertId}`);
    if (!row || !canSeeAlert(principal, sharingFacts(row))) throw new NotFound('alert');
    const view = toHubAlertView(row, principal, (await feedbackFor(this.db, [row.id])).get(row.id));
    return { ...view, history: await alertHistory(this.db, principal, row), matches: await matchesOfAlert(this.db, principal, row.id) };
  }
}
