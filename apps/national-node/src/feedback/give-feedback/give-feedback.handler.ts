import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { feedbackStreamId, FeedbackEventType, NotFound, ValidationFailed, type FeedbackGivenV1 } from '@cix/contracts';
import { EventStore } from '@cix/event-store';
import { AlertRepository, idempotencyFor, metadataFor } from '../../alerts/domain/alert.repository.js';
import { assertOfficerOf } from '../../alerts/domain/officer.guard.js';
import { HubClient } from '../../infrastructure/hub.client.js';
import { GiveFeedbackCommand } from './give-feedback.command.js';

export type FeedbackResult = FeedbackGivenV1 & { readonly version: number; readonly givenAt: string; readonly replayed: boolean };

/**
 * Feedback is this agency's fact about another agency's alert, stored here. It can only be given
 * on an alert the caller can see on the hub; a seizure outcome links to our own seizure report.
 */
@CommandHandler(GiveFeedbackCommand)
export class GiveFeedbackHandler implements ICommandHandler<GiveFeedbackCommand, FeedbackResult> {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(HubClient) private readonly hub: HubClient,
  ) {}

  async execute({ request, principal, bearerToken, idempotencyKey }: GiveFeedbackCommand): Promise<FeedbackResult> {
    assertOfficerOf(principal, this.store.agency);
    const alert = await this.hub.visibleAlert(request.alertId, bearerToken);
    if (alert.agency === this.store.agency)
      throw new ValidationFailed([{ field: 'alertId', rule: 'notOwnAlert', message: 'feedback is given on alerts received from other agencies' }]);
    if (request.seizureReportId) await this.checkSeizureReport(request.seizureReportId);
    const streamId = feedbackStreamId(alert.agency, alert.id);
    const current = (await this.store.readStream(streamId)).length;
    const payload: FeedbackGivenV1 = {
      feedbackId: randomUUID(),
      alert: { agency: alert.agency, alertId: alert.id },
      agency: this.store.agency,
      unit: principal.unit,
      outcome: request.outcome,
      seizureReportId: request.seizureReportId,
      reason: request.reason,
      notes: request.notes,
      inspectedAt: request.inspectedAt,
    };
    const result = await this.store.append({
      streamId,
      expectedVersion: current,
      events: [{ type: FeedbackEventType.Given, payload: JSON.parse(JSON.stringify(payload)), metadata: metadataFor(principal, idempotencyKey) }],
      idempotency: idempotencyKey ? idempotencyFor(principal, 'feedback', idempotencyKey, request) : undefined,
    });
    const stored = (await this.store.readStream(result.streamId, { toVersion: result.version })).at(-1)!;
    return { ...(stored.payload as FeedbackGivenV1), version: result.version, givenAt: stored.recordedAt, replayed: result.replayed };
  }

  private async checkSeizureReport(id: string): Promise<void> {
    const report = await this.alerts.load(id).catch((e: unknown) => {
      if (e instanceof NotFound) return null;
      throw e;
    });
    if (!report || report.state.content.kind !== 'seizure') {
      throw new ValidationFailed([{ field: 'seizureReportId', rule: 'seizureReport', message: `must be one of ${this.store.agency}'s seizure reports` }]);
    }
  }
}
