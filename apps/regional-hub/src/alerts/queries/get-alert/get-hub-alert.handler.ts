import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { canSeeAlert } from '@cix/access-control';
import { NotFound } from '@cix/contracts';
import { toHubAlertView, type HubAlertRow, type HubAlertView } from '../../domain/hub-alert.view.js';
import { GetHubAlertQuery } from './get-hub-alert.query.js';

/** An alert the caller may not see is answered exactly like one that does not exist. */
@QueryHandler(GetHubAlertQuery)
export class GetHubAlertHandler implements IQueryHandler<GetHubAlertQuery, HubAlertView> {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async execute({ principal, alertId }: GetHubAlertQuery): Promise<HubAlertView> {
    const [row]: HubAlertRow[] = await this.db.query('SELECT * FROM hub_alerts WHERE id = $1', [alertId]);
    if (!row || !canSeeAlert(principal, { agency: row.agency, level: row.level, recipients: row.recipients })) throw new NotFound('alert');
    return toHubAlertView(row, principal);
  }
}
