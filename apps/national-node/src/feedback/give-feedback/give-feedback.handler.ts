import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { feedbackStreamId, type AlertState, type FeedbackGivenV1 } from '@cix/contracts';
import { EventStore } from '@cix/event-store';
import { AlertRepository, idempotencyFor, metadataFor } from '../../alerts/domain/alert.repository.js';
import { assertOfficerOf } from '../../alerts/domain/officer.guard.js';
import { HubClient } from '../../infrastructure/hub.client.js';
import { decideFeedback } from '../domain/feedback.decider.js';
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
    // Refused before asking the hub anything on the caller's behalf.
    assertOfficerOf(principal, this.store.agency);
    const alert = await this.hub.visibleAlert(request.alertId, bearerToken);
    const seizureReport: AlertState | null = request.seizureReportId ? await this.alerts.find(request.seizureReportId) : null;
    const command = { type: 'GiveFeedback', feedbackId: randomUUID(), alert, request, actor: principal } as const;
    const [{ type, payload }] = decideFeedback(command, { agency: this.store.agency, seizureReport });
    const streamId = feedbackStreamId(alert.agency, alert.id);
    const current = (await this.store.readStream(streamId)).length;
    const result = await this.store.append({
      streamId,
      expectedVersion: current,
      events: [{ type, payload, metadata: metadataFor(principal, idempotencyKey) }],
      idempotency: idempotencyKey ? idempotencyFor(principal, 'feedback', idempotencyKey, request) : undefined,
    });
    const stored = (await this.store.readStream(result.streamId, { toVersion: result.version })).at(-1)!;
    return { ...(stored.payload as FeedbackGivenV1), version: result.version, givenAt: stored.recordedAt, replayed: result.replayed };
  }
}
