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
import { ScreeningHitsRepository, type ScreeningHitView } from '../../../watchlists/screening/screening-hits.repository.js';
import { matchesOfAlert, type AlertMatch } from '../../../correlation/matches.repository.js';

/** One alert with its history (events' types and times, no content), its cross-border matches the caller may see, and (owner only) its watch-list hits. */
export type HubAlertDetail = HubAlertView & { readonly history: AlertHistoryEntry[]; readonly matches: AlertMatch[]; readonly screening?: ScreeningHitView[] };

/** An alert the caller may not see is answered exactly like one that does not exist. */
@QueryHandler(GetHubAlertQuery)
export class GetHubAlertHandler implements IQueryHandler<GetHubAlertQuery, HubAlertDetail> {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ScreeningHitsRepository) private readonly screening: ScreeningHitsRepository,
  ) {}

  async execute({ principal, alertId }: GetHubAlertQuery): Promise<HubAlertDetail> {
    const [row] = await queryRows<HubAlertRow>(this.db, sql`SELECT id, seq, agency, level, recipients, state FROM hub_alerts WHERE id = ${alertId}`);
    if (!row || !canSeeAlert(principal, sharingFacts(row))) throw new NotFound('alert');
    const view = toHubAlertView(row, principal, (await feedbackFor(this.db, [row.id])).get(row.id));
    // Watch-list hits are the owner's alone: anyone else's detail has no `screening` at all.
    const screening = row.agency === principal.agency ? { screening: await this.screening.forAlert(principal, row) } : {};
    return { ...view, history: await alertHistory(this.db, principal, row), matches: await matchesOfAlert(this.db, principal, row.id), ...screening };
  }
}
