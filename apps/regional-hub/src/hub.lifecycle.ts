import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NatsConnectionManager } from '@cix/messaging';
import { NATS } from './hub.tokens.js';

@Injectable()
export class HubLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(NATS) private readonly nats: NatsConnectionManager) {}

  onApplicationBootstrap(): void {
    this.nats.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nats.stop();
  }
}
