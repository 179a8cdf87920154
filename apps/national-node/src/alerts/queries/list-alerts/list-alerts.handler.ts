import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AlertEventType } from '@cix/contracts';
import { EventStore } from '@cix/event-store';
import { foldAlert, type AlertView } from '../../domain/alert.view.js';
import { ListAlertsQuery } from './list-alerts.query.js';

export interface AlertPage {
  readonly items: AlertView[];
  readonly nextCursor: string | null;
}

/** Newest first; the cursor is the global position of the last alert's first event. */
@QueryHandler(ListAlertsQuery)
export class ListAlertsHandler implements IQueryHandler<ListAlertsQuery, AlertPage> {
  constructor(@Inject(DataSource) private readonly db: DataSource, @Inject(EventStore) private readonly store: EventStore) {}

  async execute({ limit, cursor }: ListAlertsQuery): Promise<AlertPage> {
    const heads: Array<{ stream_id: string; global_position: string }> = await this.db.query(
      `SELECT stream_id, global_position FROM events WHERE type = $1 AND ($2::bigint IS NULL OR global_position < $2)
       ORDER BY global_position DESC LIMIT $3`,
      [AlertEventType.Raised, cursor ?? null, limit + 1],
    );
    const page = heads.slice(0, limit);
    const items = await Promise.all(page.map(async (h) => foldAlert(await this.store.readStream(h.stream_id))!));
    return { items, nextCursor: heads.length > limit ? String(page[page.length - 1].global_position) : null };
  }
}
