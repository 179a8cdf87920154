import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { HUB_EVENT_PATTERN } from '@cix/contracts';
import { JetStreamContext, TransportOutcomeFilter, Unprocessable } from '@cix/messaging';
import { ProjectionService } from './projection.service.js';
import { asWireEvent } from './wire-event.guard.js';

/** Translates JetStream messages into projection calls; the transport acks, naks or quarantines. */
@Controller()
@UseFilters(TransportOutcomeFilter)
export class AgencyEventsNatsController {
  constructor(@Inject(ProjectionService) private readonly projection: ProjectionService) {}

  @EventPattern<string>(HUB_EVENT_PATTERN)
  async onEvent(@Payload() data: unknown, @Ctx() ctx: JetStreamContext): Promise<void> {
    const event = asWireEvent(data);
    if (typeof event === 'string') throw new Unprocessable(event);
    await this.projection.apply(event, ctx.agency);
  }
}
