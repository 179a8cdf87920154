import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { HUB_EVENT_PATTERN } from '@cix/contracts';
import { JetStreamBatchContext, TransportOutcomeFilter, type MessageVerdict } from '@cix/messaging';
import type { MessageOutcome } from '@cix/read-model';
import { ProjectionService } from './projection.service.js';
import { AppliedEvents } from './applied-events.js';

/** Translates a batch of one agency's JetStream messages into one projection call, and its outcomes into acks, naks or quarantine. */
@Controller()
@UseFilters(TransportOutcomeFilter)
export class AgencyEventsNatsController {
  constructor(
    @Inject(ProjectionService) private readonly projection: ProjectionService,
    @Inject(AppliedEvents) private readonly applied: AppliedEvents,
  ) {}

  @EventPattern<string>(HUB_EVENT_PATTERN)
  async onEvents(@Payload() data: unknown[], @Ctx() ctx: JetStreamBatchContext): Promise<MessageVerdict[]> {
    const outcomes = await this.projection.applyBatch(ctx.agency, data);
    this.applied.record(ctx, data, outcomes);
    return outcomes.map(verdictOf);
  }
}

function verdictOf(o: MessageOutcome): MessageVerdict {
  if (o.kind === 'refused') return { outcome: 'unprocessable', message: o.reason };
  if (o.kind === 'later') return { outcome: 'retry-later', message: o.reason };
  return { outcome: 'done' };
}
