import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { canSeeAlert } from '@cix/access-control';
import { NotFound } from '@cix/contracts';
import { queryRows, sql } from '@cix/read-model';
import { feedbackFor } from '../../domain/feedback.repository.js';
import { sharingFacts, toHubAlertView, type HubAlertRow, type HubAlertView } from '../../domain/hub-alert.view.js';
import { GetHubAlertQuery } from './get-hub-alert.query.js';

/** An alert the caller may not see is answered exactly like one that does not exist. */
@QueryHandler(GetHubAlertQuery)
export class GetHubAlertHandler implements IQueryHandler<GetHubAlertQuery, HubAlertView> {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async execute({ principal, alertId }: GetHubAlertQuery): Promise<HubAlertView> {
    const [row] = await queryRows<HubAlertRow>(this.db, sql`SELECT id, seq, agency, level, recipients, state FROM hub_alerts WHERE id = ${alertId}`);
    if (!row || !canSeeAlert(principal, sharingFacts(row))) throw new NotFound('alert');
    return toHubAlertView(row, principal, (await feedbackFor(this.db, [row.id])).get(row.id));
  }
}
