import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { HUB_EVENT_PATTERN } from '@cix/contracts';
import { JetStreamBatchContext, TransportOutcomeFilter, type MessageVerdict } from '@cix/messaging';
import type { MessageOutcome } from '@cix/read-model';
import { ProjectionService } from './projection.service.js';

/** Translates a batch of one agency's JetStream messages into one projection call, and its outcomes into acks, naks or quarantine. */
@Controller()
@UseFilters(TransportOutcomeFilter)
export class AgencyEventsNatsController {
  constructor(@Inject(ProjectionService) private readonly projection: ProjectionService) {}

  @EventPattern<string>(HUB_EVENT_PATTERN)
  async onEvents(@Payload() data: unknown[], @Ctx() ctx: JetStreamBatchContext): Promise<MessageVerdict[]> {
    return (await this.projection.applyBatch(ctx.agency, data)).map(verdictOf);
  }
}

function verdictOf(o: MessageOutcome): MessageVerdict {
  if (o.kind === 'refused') return { outcome: 'unprocessable', message: o.reason };
  if (o.kind === 'later') return { outcome: 'retry-later', message: o.reason };
  return { outcome: 'done' };
}
