import { hostname } from 'node:os';
import { JetStreamServer, type NatsConnectionManager, type PoisonSink } from '@cix/messaging';
import { HUB_EVENT_PATTERN } from '@cix/contracts';
import { AgencyLeases } from '../replicas/agency-leases.js';
import type { ReplicaSession } from '../replicas/replica-session.js';

/** Holds the hub's JetStream transport, and the leases that say which agencies this replica consumes, so health can report on them. */
export class HubConsumers {
  readonly server: JetStreamServer;
  readonly leases: AgencyLeases;

  constructor(nats: NatsConnectionManager, agencies: readonly string[], poison: PoisonSink, session: ReplicaSession, replicaId?: string) {
    this.server = new JetStreamServer({ nats, agencies, pattern: HUB_EVENT_PATTERN, poison, claimed: true });
    this.leases = new AgencyLeases(session, this.server, agencies, replicaId ?? `${hostname()}-${process.pid}`);
  }
}
