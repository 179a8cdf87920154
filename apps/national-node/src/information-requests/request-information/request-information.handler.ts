import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { informationRequestStreamId, type InformationRequestedV1 } from '@cix/contracts';
import { EventStore, StreamVersionConflict } from '@cix/event-store';
import { metadataFor } from '../../alerts/domain/alert.repository.js';
import { assertOfficerOf } from '../../alerts/domain/officer.guard.js';
import { DiscoveryHubClient } from '../domain/discovery-hub.client.js';
import { decideRequest } from '../domain/information-request.decider.js';
import { InformationRequestAlreadySent } from '../domain/information-request.errors.js';
import { RequestInformationCommand } from './request-information.command.js';

export type InformationRequestResult = InformationRequestedV1 & { readonly requestedAt: string };

/** A request for information on a hit: this agency's fact, on its own stream, one per hit. */
@CommandHandler(RequestInformationCommand)
export class RequestInformationHandler implements ICommandHandler<RequestInformationCommand, InformationRequestResult> {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(DiscoveryHubClient) private readonly hub: DiscoveryHubClient,
  ) {}

  async execute({ request, principal, bearerToken }: RequestInformationCommand): Promise<InformationRequestResult> {
    // Refused before asking the hub anything on the caller's behalf.
    assertOfficerOf(principal, this.store.agency);
    const hit = await this.hub.hit(request.hitId, bearerToken);
    const streamId = informationRequestStreamId(hit.hitId);
    const sent = async () => ((await this.store.readStream(streamId)).at(0)?.payload as InformationRequestedV1 | undefined) ?? null;
    const event = decideRequest(
      { requestId: randomUUID(), hit, message: request.message, actor: principal },
      { agency: this.store.agency, sent: await sent() },
    );
    try {
      const result = await this.store.append({ streamId, expectedVersion: 0, events: [{ ...event, metadata: metadataFor(principal) }] });
      const [stored] = await this.store.readStream(result.streamId, { toVersion: 1 });
      return { ...(stored.payload as InformationRequestedV1), requestedAt: stored.recordedAt };
    } catch (e) {
      if (!(e instanceof StreamVersionConflict)) throw e;
      throw new InformationRequestAlreadySent((await sent())!.requestId);
    }
  }
}
