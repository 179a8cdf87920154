import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NodeEnv } from '@cix/config';
import { EventStore, OutboxRelay } from '@cix/event-store';
import { streamName } from '@cix/contracts';
import { NatsConnectionManager, streamState, type StreamState } from '@cix/messaging';
import { NATS, NODE_CONFIG } from './node.tokens.js';

/** Starts the background parts (NATS, the wait for the stream, relay) without making HTTP wait for them. */
@Injectable()
export class NodeLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('NodeLifecycle');
  private stopping = false;
  /** Whether the operator has provisioned this agency's stream yet (shown by health). */
  stream: StreamState = 'unknown';

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeEnv,
    @Inject(NATS) private readonly nats: NatsConnectionManager,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  onApplicationBootstrap(): void {
    this.nats.start();
    void this.waitForStream();
    this.relay.start();
  }

  /**
   * The node never creates or changes its stream (its NATS user may not): it waits until the
   * operator has provisioned it. Meanwhile the relay keeps events in the outbox and retries.
   */
  private async waitForStream(): Promise<void> {
    const stream = streamName(this.config.AGENCY);
    for (let delay = 500, attempt = 0; !this.stopping; delay = Math.min(delay * 2, 5000), attempt++) {
      try {
        const nc = await this.nats.whenConnected();
        this.stream = await streamState(nc, stream);
        if (this.stream === 'ready') {
          this.log.log(`JetStream stream ${stream} ready`);
          return;
        }
        if (attempt % 10 === 0) this.log.warn(`JetStream stream ${stream} does not exist yet: waiting for the operator to provision it`);
      } catch (e) {
        this.log.warn(`cannot check stream ${stream}: ${(e as Error).message}; retrying`);
      }
      await new Promise((r) => setTimeout(r, delay));
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
