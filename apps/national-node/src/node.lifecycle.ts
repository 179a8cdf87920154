import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NodeEnv } from '@cix/config';
import { EventStore, OutboxRelay } from '@cix/event-store';
import { ensureAgencyStream, NatsConnectionManager } from '@cix/messaging';
import { NATS, NODE_CONFIG } from './node.tokens.js';

/** Starts the background parts (NATS, stream set-up, relay) without making HTTP wait for them. */
@Injectable()
export class NodeLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('NodeLifecycle');
  private stopping = false;

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeEnv,
    @Inject(NATS) private readonly nats: NatsConnectionManager,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  onApplicationBootstrap(): void {
    this.nats.start();
    void this.ensureStream();
    this.relay.start();
  }

  private async ensureStream(): Promise<void> {
    for (let delay = 500; !this.stopping; delay = Math.min(delay * 2, 10_000)) {
      try {
        const nc = await this.nats.whenConnected();
        await ensureAgencyStream(nc, this.config.AGENCY, { replicas: this.config.STREAM_REPLICAS, maxAgeDays: this.config.STREAM_MAX_AGE_DAYS });
        this.log.log(`JetStream stream for ${this.config.AGENCY} ready`);
        return;
      } catch (e) {
        this.log.warn(`stream set-up failed: ${(e as Error).message}; retrying`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** Before the database pool closes: the relay and the store's writer hold connections. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.relay.stop();
    await this.store.close();
    await this.nats.stop();
  }
}
