import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { informationAnswerStreamId, type InformationRequestAnsweredV1 } from '@cix/contracts';
import { EventStore, StreamVersionConflict } from '@cix/event-store';
import { AlertCommandRunner } from '../../alerts/commands/alert-command.runner.js';
import { AlertRepository, metadataFor } from '../../alerts/domain/alert.repository.js';
import { assertOfficerOf } from '../../alerts/domain/officer.guard.js';
import { toNodeAlertView, type NodeAlertView } from '../../alerts/domain/node-alert.view.js';
import { DiscoveryHubClient } from '../domain/discovery-hub.client.js';
import { decideAnswer } from '../domain/information-request.decider.js';
import { InformationRequestAlreadyAnswered } from '../domain/information-request.errors.js';
import { AnswerRequestCommand } from './answer-request.command.js';

export type AnswerResult = InformationRequestAnsweredV1 & { readonly answeredAt: string; readonly alert: NodeAlertView };

/**
 * The owner's answer to a request for information. An accept first shares the alert (the
 * ordinary distribution change, on the version the officer saw), then records the answer on its
 * own stream: if the second step were lost, the requester would hold the alert it asked for and
 * a retry records the answer; the reverse order could announce an accept that shared nothing.
 */
@CommandHandler(AnswerRequestCommand)
export class AnswerRequestHandler implements ICommandHandler<AnswerRequestCommand, AnswerResult> {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(AlertCommandRunner) private readonly runner: AlertCommandRunner,
    @Inject(DiscoveryHubClient) private readonly hub: DiscoveryHubClient,
  ) {}

  async execute({ requestId, request: dto, principal, bearerToken }: AnswerRequestCommand): Promise<AnswerResult> {
    assertOfficerOf(principal, this.store.agency);
    const request = await this.hub.request(requestId, bearerToken);
    const streamId = informationAnswerStreamId(requestId);
    const answered = async () => ((await this.store.readStream(streamId)).at(0)?.payload as InformationRequestAnsweredV1 | undefined) ?? null;
    let alert = await this.alerts.find(dto.alertId);
    const { answer, distribution } = decideAnswer(
      { ...dto, requestId, request, actor: principal },
      { agency: this.store.agency, alert, answered: await answered() },
    );
    if (distribution)
      ({ state: alert } = await this.runner.run({
        type: 'ChangeDistribution',
        alertId: dto.alertId,
        expectedVersion: dto.expectedVersion,
        distribution,
        actor: principal,
      }));
    try {
      const result = await this.store.append({
        streamId,
        expectedVersion: 0,
        events: [{ type: 'InformationRequestAnswered', payload: answer, metadata: metadataFor(principal) }],
      });
      const [stored] = await this.store.readStream(result.streamId, { toVersion: 1 });
      return { ...(stored.payload as InformationRequestAnsweredV1), answeredAt: stored.recordedAt, alert: toNodeAlertView(alert!) };
    } catch (e) {
      if (!(e instanceof StreamVersionConflict)) throw e;
      throw new InformationRequestAlreadyAnswered((await answered())!.decision);
    }
  }
}
