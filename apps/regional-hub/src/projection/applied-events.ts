import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JetStreamBatchContext } from '@cix/messaging';
import { saneRequestId, ServiceMetrics } from '@cix/platform';
import type { MessageOutcome } from '@cix/read-model';
import type { Counter } from 'prom-client';

/**
 * What the projection did with each message, for operators: counted by outcome, and one log line
 * per request id applied, so an officer's `X-Request-Id` can be followed from the node's POST to
 * the hub. The id comes from the relay's header, else from the event's own `metadata.correlationId`.
 */
@Injectable()
export class AppliedEvents {
  private readonly log = new Logger('Projection');
  private readonly outcomes: Counter<'agency' | 'outcome'>;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics) {
    this.outcomes = metrics.counter(
      'cix_hub_events_total',
      'Messages the hub’s projection handled, by agency and outcome (applied, duplicate, refused, later).',
      ['agency', 'outcome'],
    );
  }

  record(ctx: JetStreamBatchContext, data: readonly unknown[], outcomes: readonly MessageOutcome[]): void {
    // One line per run of messages of one request (a bulk raise is one request of many events).
    let run: { requestId: string; events: number; from: number; to: number } | null = null;
    const flush = () => {
      if (run) this.log.log({ message: `applied ${run.events} event(s) of ${ctx.agency}`, agency: ctx.agency, ...run });
      run = null;
    };
    outcomes.forEach((o, i) => {
      this.outcomes.inc({ agency: ctx.agency, outcome: o.kind });
      if (o.kind !== 'applied') return;
      const seq = ctx.messages[i]?.streamSequence ?? 0;
      // A node chooses both: logged only when it is an id (as X-Request-Id is at the node).
      const requestId = saneRequestId(ctx.messages[i]?.requestId ?? correlationIdOf(data[i]));
      if (!requestId) return;
      if (run && run.requestId === requestId) {
        run.events++;
        run.to = seq;
        return;
      }
      flush();
      run = { requestId, events: 1, from: seq, to: seq };
    });
    flush();
  }
}

function correlationIdOf(message: unknown): string | undefined {
  const id = (message as { metadata?: { correlationId?: unknown } } | null)?.metadata?.correlationId;
  return typeof id === 'string' ? id : undefined;
}
