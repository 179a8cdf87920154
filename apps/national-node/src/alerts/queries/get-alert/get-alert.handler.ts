import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFound } from '@cix/contracts';
import { EventStore, type StoredEvent } from '@cix/event-store';
import { alertStreamId, foldAlert, type AlertView } from '../../domain/alert.view.js';
import { GetAlertQuery } from './get-alert.query.js';

export type AlertWithHistory = AlertView & {
  readonly history: Array<Pick<StoredEvent, 'position' | 'eventId' | 'type' | 'streamVersion' | 'recordedAt' | 'hash'> & { actor: string }>;
};

@QueryHandler(GetAlertQuery)
export class GetAlertHandler implements IQueryHandler<GetAlertQuery, AlertWithHistory> {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  async execute({ alertId }: GetAlertQuery): Promise<AlertWithHistory> {
    const events = await this.store.readStream(alertStreamId(alertId));
    const view = foldAlert(events);
    if (!view) throw new NotFound('alert');
    const history = events.map((e) => ({
      position: e.position, eventId: e.eventId, type: e.type, streamVersion: e.streamVersion, recordedAt: e.recordedAt, hash: e.hash, actor: e.metadata.actor,
    }));
    return { ...view, history };
  }
}
