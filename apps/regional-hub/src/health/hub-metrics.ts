import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import { DataSource } from 'typeorm';
import { hubDurableName, streamName } from '@cix/contracts';
import { NatsConnectionManager } from '@cix/messaging';
import { ServiceMetrics } from '@cix/platform';
import type { HubEnv } from '@cix/config';
import { HUB_CONFIG, NATS } from '../hub.tokens.js';
import { HubConsumers } from '../projection/hub-consumers.js';
import { AlertFeedService } from '../stream/alert-feed.service.js';

/**
 * The hub's own series, looked up when scraped: projection lag per agency (what the agency's durable
 * consumer still holds for the hub: pending plus delivered-unacknowledged, as JetStream counts it,
 * so every replica reports the same), quarantine size, live feed connections.
 */
@Injectable()
export class HubMetrics implements OnModuleInit {
  constructor(
    @Inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
    @Inject(HUB_CONFIG) private readonly config: HubEnv,
    @Inject(NATS) private readonly nats: NatsConnectionManager,
    @Inject(HubConsumers) private readonly consumers: HubConsumers,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(AlertFeedService) private readonly feed: AlertFeedService,
  ) {}

  onModuleInit(): void {
    const agencies = this.config.HUB_AGENCIES.split(',');
    this.metrics.gauge(
      'cix_projection_lag_messages',
      'Messages of the agency’s stream the hub has not yet applied (consumer pending + unacknowledged).',
      ['agency'],
      (g) => Promise.all(agencies.map(async (agency) => g.set({ agency }, await this.lagOf(agency)))).then(() => undefined),
    );
    this.metrics.gauge('cix_quarantine_messages', 'Messages the hub refused and recorded, by agency.', ['agency'], async (g) => {
      const rows = await this.db
        .query<Array<{ agency: string; n: number }>>('SELECT agency, count(*)::int AS n FROM hub_quarantine GROUP BY agency')
        .catch(() => null);
      if (!rows) return;
      for (const agency of agencies) g.set({ agency }, rows.find((r) => r.agency === agency)?.n ?? 0);
    });
    this.metrics.gauge('cix_feed_subscribers', 'Live feed (SSE) connections open on this hub process.', [], (g) => g.set(this.feed.subscriberCount));
  }

  /** From JetStream when reachable (true whichever replica consumes); else what this process last saw. */
  private async lagOf(agency: string): Promise<number> {
    const nc = this.nats.connected ? this.nats.connection : null;
    if (nc) {
      try {
        const consumer = await jetstream(nc, { timeout: 2000 }).consumers.get(streamName(agency), hubDurableName(agency));
        const info = await consumer.info(true);
        return info.num_pending + info.num_ack_pending;
      } catch {
        /* not provisioned or unreachable: fall back */
      }
    }
    return this.consumers.server.lagByAgency.get(agency) ?? 0;
  }
}
