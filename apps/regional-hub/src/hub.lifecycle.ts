import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NatsConnectionManager } from '@cix/messaging';
import { NATS } from './hub.tokens.js';
import { HubConsumers } from './projection/hub-consumers.js';

@Injectable()
export class HubLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(@Inject(NATS) private readonly nats: NatsConnectionManager, @Inject(HubConsumers) private readonly consumers: HubConsumers) {}

  onApplicationBootstrap(): void {
    this.nats.start();
  }

  /** Finish the events being projected before the database pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumers.server.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nats.stop();
  }
}
