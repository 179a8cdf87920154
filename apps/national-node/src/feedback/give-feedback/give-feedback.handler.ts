import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { feedbackStreamId, type AlertState, type FeedbackGivenV1 } from '@cix/contracts';
import { EventStore, StreamVersionConflict, type AppendResult } from '@cix/event-store';
import { AlertRepository, idempotencyFor, metadataFor } from '../../alerts/domain/alert.repository.js';
import { assertOfficerOf } from '../../alerts/domain/officer.guard.js';
import { HubClient } from '../../infrastructure/hub.client.js';
import { decideFeedback, foldFeedback } from '../domain/feedback.decider.js';
import { FeedbackAlreadyGiven, FeedbackVersionConflict } from '../domain/feedback.errors.js';
import { GiveFeedbackCommand } from './give-feedback.command.js';

export type FeedbackResult = FeedbackGivenV1 & { readonly version: number; readonly givenAt: string; readonly replayed: boolean };

/**
 * Feedback is this agency's fact about another agency's alert, stored here. It can only be given
 * on an alert the caller can see on the hub; a seizure outcome links to our own seizure report.
 * The first answer and each amendment are versions of one feedback on the giver's stream.
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
    const idempotency = idempotencyKey ? idempotencyFor(principal, 'feedback', idempotencyKey, request) : undefined;
    // A retry of an answer that was stored is answered as before, not refused as a second answer.
    const replayed = idempotency && (await this.store.idempotentResult(idempotency));
    if (replayed) return this.answer(replayed);
    const alert = await this.hub.visibleAlert(request.alertId, bearerToken);
    const seizureReport: AlertState | null = request.seizureReportId ? await this.alerts.find(request.seizureReportId) : null;
    const streamId = feedbackStreamId(alert.agency, alert.id);
    const given = foldFeedback(await this.store.readStream(streamId));
    const command = { type: 'GiveFeedback', feedbackId: randomUUID(), alert, request, actor: principal } as const;
    const [{ type, payload }] = decideFeedback(command, { agency: this.store.agency, seizureReport, given });
    try {
      const result = await this.store.append({
        streamId,
        expectedVersion: given?.version ?? 0,
        events: [{ type, payload, metadata: metadataFor(principal, idempotencyKey) }],
        idempotency,
      });
      return await this.answer(result);
    } catch (e) {
      // Another answer was stored meanwhile: the caller hears what the rule says now.
      if (!(e instanceof StreamVersionConflict)) throw e;
      const now = foldFeedback(await this.store.readStream(streamId));
      if (request.expectedVersion === undefined && now) throw new FeedbackAlreadyGiven(now.version, now.feedbackId);
      throw new FeedbackVersionConflict(request.expectedVersion ?? 0, now?.version ?? 0);
    }
  }

  private async answer(result: AppendResult): Promise<FeedbackResult> {
    const stored = (await this.store.readStream(result.streamId, { toVersion: result.version })).at(-1)!;
    return { ...(stored.payload as FeedbackGivenV1), version: result.version, givenAt: stored.recordedAt, replayed: result.replayed };
  }
}
