import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { payloadForCaller, withholdPersonalData, type SharingFacts } from '@cix/access-control';
import { AlertRepository } from '../../domain/alert.repository.js';
import { toNodeAlertView, type NodeAlertView } from '../../domain/node-alert.view.js';
import { GetAlertQuery } from './get-alert.query.js';

export type AlertWithHistory = NodeAlertView & {
  readonly history: Array<{
    position: number;
    eventId: string;
    type: string;
    version: number;
    recordedAt: string;
    actor: string;
    unit?: string;
    payload: unknown;
    hash: string;
  }>;
};

/** One alert of this agency in full, with every event of its history. */
@QueryHandler(GetAlertQuery)
export class GetAlertHandler implements IQueryHandler<GetAlertQuery, AlertWithHistory> {
  constructor(@Inject(AlertRepository) private readonly alerts: AlertRepository) {}

  async execute({ alertId, principal }: GetAlertQuery): Promise<AlertWithHistory> {
    const { state, events } = await this.alerts.load(alertId);
    const facts: SharingFacts = { agency: state.agency, level: state.distribution.level, recipients: state.distribution.recipients };
    const history = events.map((e) => ({
      position: e.position,
      eventId: e.eventId,
      type: e.type,
      version: e.streamVersion,
      recordedAt: e.recordedAt,
      actor: e.metadata.actor,
      unit: e.metadata.unit,
      payload: payloadForCaller(principal, facts, e),
      hash: e.hash,
    }));
    return { ...withholdPersonalData(principal, facts, toNodeAlertView(state)), history };
  }
}
