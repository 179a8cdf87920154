import { JetStreamServer, type NatsConnectionManager, type PoisonSink } from '@cix/messaging';
import { HUB_EVENT_PATTERN } from '@cix/contracts';

/** Holds the hub's JetStream transport so health can report on it. */
export class HubConsumers {
  readonly server: JetStreamServer;

  constructor(nats: NatsConnectionManager, agencies: readonly string[], poison: PoisonSink) {
    this.server = new JetStreamServer({ nats, agencies, pattern: HUB_EVENT_PATTERN, poison });
  }
}
