import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventStore } from '@cix/event-store';
import { NatsConnectionManager } from '@cix/messaging';
import { NATS } from './hub.tokens.js';
import { HubConsumers } from './projection/hub-consumers.js';
import { AccessLogService } from './audit/access-log.service.js';
import { ReplicaSession } from './replicas/replica-session.js';

@Injectable()
export class HubLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(NATS) private readonly nats: NatsConnectionManager,
    @Inject(HubConsumers) private readonly consumers: HubConsumers,
    @Inject(EventStore) private readonly ownLog: EventStore,
    @Inject(AccessLogService) private readonly accessLog: AccessLogService,
    @Inject(ReplicaSession) private readonly session: ReplicaSession,
  ) {}

  onApplicationBootstrap(): void {
    this.nats.start();
  }

  /** Finish the events being projected before the database pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumers.leases.stop();
    await this.consumers.server.close();
    await this.session.close(); // the leases go with the session: another replica takes over at once
    await this.accessLog.flush(); // deliveries still queued are written before the log closes
    await this.ownLog.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nats.stop();
  }
}
