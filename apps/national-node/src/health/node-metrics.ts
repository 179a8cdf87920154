import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EventStore, OutboxRelay } from '@cix/event-store';
import { ServiceMetrics } from '@cix/platform';

/** The node's own series: events appended, relay publishes and the relay's lag (stored, not yet acknowledged by JetStream). */
@Injectable()
export class NodeMetrics implements OnModuleInit {
  constructor(
    @Inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  async onModuleInit(): Promise<void> {
    const agency = this.store.agency;
    const appended = this.metrics.counter('cix_events_appended_total', 'Events committed to this node’s store.', ['agency']);
    const published = this.metrics.counter('cix_relay_published_total', 'Events the relay handed to JetStream, by outcome (ok: acknowledged).', [
      'agency',
      'outcome',
    ]);
    appended.inc({ agency }, 0);
    published.inc({ agency, outcome: 'ok' }, 0);
    published.inc({ agency, outcome: 'failed' }, 0);
    // Positions are gap-free, so the tail's advance is the number of events committed.
    let tail = await this.store.tailPosition().catch(() => 0);
    this.store.onAppended((last) => {
      if (last > tail) appended.inc({ agency }, last - tail);
      tail = Math.max(tail, last);
    });
    this.relay.observe((outcome, events) => published.inc({ agency, outcome }, events));
    this.metrics.gauge('cix_relay_lag_events', 'Events stored but not yet acknowledged by JetStream.', ['agency'], async (g) => {
      const status = await this.relay.getStatus().catch(() => null);
      if (status) g.set({ agency }, status.lag);
    });
    this.metrics.gauge('cix_relay_leader', '1 while this process holds the relay lock and publishes.', ['agency'], async (g) => {
      const status = await this.relay.getStatus().catch(() => null);
      g.set({ agency }, status?.leader ? 1 : 0);
    });
  }
}
