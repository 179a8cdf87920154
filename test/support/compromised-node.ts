// What the security suites need to play a compromised national node (its own database, its own
// real signing key, so correctly chained and signed events) and to watch the hub take them in.
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { natsInboxPrefix } from '@cix/contracts';
import { EventStore, loadSigningKey } from '@cix/event-store';
import { call, eventually, minimalSeizure } from './http.js';
import { token, type RunningNode } from './platform.js';
import { testKeys, type TestNats } from './test-env.js';

export interface ForgedEvent {
  readonly type: string;
  readonly payload: unknown;
  readonly recordedAt?: string;
}

/** Appends to an agency's own log with that agency's real key, as a compromised node would; its relay publishes it. */
export async function appendAsNode(node: RunningNode, streamId: string, events: readonly ForgedEvent[]): Promise<void> {
  const db = new DataSource({ type: 'postgres', url: node.databaseUrl });
  await db.initialize();
  try {
    const { key, keyId } = testKeys.nodes[node.agency];
    const store = new EventStore(db, node.agency, loadSigningKey(key, keyId));
    const version = (await store.readStream(streamId)).length;
    await store.append({
      streamId,
      expectedVersion: version,
      events: events.map((e) => ({ ...e, metadata: { actor: 'mallory', agency: node.agency, correlationId: randomUUID() } })),
    });
    await store.close();
  } finally {
    await db.destroy();
  }
}

/** Waits until the hub has taken every event the agency's node published (node health, read as its auditor). */
export async function hubCaughtUp(node: RunningNode, hubDb: DataSource): Promise<void> {
  const auditor = await token(node.agency, 'auditor');
  await eventually(async () => {
    const tail = (await call('GET', `${node.url}/health`, { token: auditor })).body.relay.tail;
    const [cp] = await hubDb.query('SELECT position FROM hub_checkpoints WHERE agency = $1', [node.agency]);
    return Number(cp?.position ?? 0) === tail;
  }, `hub caught up with ${node.agency}`);
}

/** The operator's NATS connection (the rebuild makes consumers of its own, which no service user may). */
export function operatorConnection(nats: TestNats): Promise<NatsConnection> {
  const { user, password } = nats.users.operator;
  return connect({ servers: nats.url, user, pass: password, inboxPrefix: natsInboxPrefix(user) });
}

/** The victim of the owner-binding suites: a high-risk-consignment alert AZ raises, once KZ sees it on the hub. */
export async function raiseAzAlertSeenOnHub(
  p: { nodes: Record<string, RunningNode>; hub: { url: string } },
  azOfficer: string,
  kzOfficer: string,
): Promise<string> {
  const raised = await call('POST', `${p.nodes.AZ.url}/api/alerts`, {
    token: azOfficer,
    body: minimalSeizure({
      kind: 'high-risk-consignment',
      quantity: undefined,
      unit: 'AZ-ALYAT',
      commodity: { category: 'drugs', description: 'AZ original' },
    }),
  });
  if (raised.status !== 201) throw new Error(`AZ could not raise the alert: ${raised.status} ${JSON.stringify(raised.body)}`);
  const id = raised.body.id as string;
  await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: kzOfficer })).status === 200, "AZ's alert on the hub");
  return id;
}
