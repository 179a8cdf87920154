// Stream and consumer provisioning: the operator's job at deployment, never a service's. The local
// stack, docker-compose (its nats-provision service) and the tests run it with the operator user;
// national nodes and the hub only wait until what they use exists.
import { AckPolicy, DeliverPolicy, DiscardPolicy, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { connect, nanos } from '@nats-io/transport-node';
import { agencySubjects, hubDurableName, inboxPrefix, OPERATOR_USER, streamName } from './nats.mjs';

/** Dedupe window for Nats-Msg-Id: longer than any relay retry, so a republished event is dropped. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/**
 * An agency's event stream. Limits retention keeps the whole history by default (a rebuild replays
 * it); file storage survives restarts; replicas come from provisioning so a cluster deployment
 * gets R3 without a code change.
 */
export function agencyStreamConfig(agency, { replicas = 1, maxAgeDays = 0 } = {}) {
  return {
    name: streamName(agency),
    subjects: [agencySubjects(agency)],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    num_replicas: replicas,
    max_age: maxAgeDays > 0 ? nanos(maxAgeDays * 86_400_000) : 0,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    max_msg_size: 1024 * 1024,
  };
}

/**
 * The hub's durable pull consumer on an agency stream; the hub reads max_deliver from it. ack_wait
 * bounds how long the messages a crashed hub had received but not acknowledged stay with it before
 * they are delivered again (nats-server cannot be told earlier): the restarted hub, or another
 * replica, waits that long for them. The hub marks what it holds as in progress every 3 s.
 */
export function hubConsumerConfig(agency, { maxDeliver = 20 } = {}) {
  return {
    durable_name: hubDurableName(agency),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(10_000),
    max_deliver: maxDeliver,
    max_ack_pending: 1000,
  };
}

/** TLS options for the nats.js client from file paths (any may be absent; any present requires TLS). */
export function natsTlsOptions({ caFile, certFile, keyFile } = {}) {
  if (!caFile && !certFile && !keyFile) return undefined;
  return { ...(caFile ? { caFile } : {}), ...(certFile ? { certFile } : {}), ...(keyFile ? { keyFile } : {}) };
}

/**
 * Creates each agency's stream and the hub's durable consumer on it, or brings existing ones to the
 * given settings. Idempotent: run at every deployment. Connects as the operator identity.
 */
export async function provisionStreams({ url, user = OPERATOR_USER, password, agencies, replicas = 1, maxAgeDays = 0, maxDeliver = 20, tls, log = () => {} }) {
  const nc = await connect({ servers: url, user, pass: password, inboxPrefix: inboxPrefix(user), tls, name: 'cix-provision' });
  try {
    const jsm = await jetstreamManager(nc);
    for (const agency of agencies) {
      const stream = agencyStreamConfig(agency, { replicas, maxAgeDays });
      const exists = await jsm.streams.info(stream.name).then(
        () => true,
        (e) => {
          if (/not found/i.test(e.message)) return false;
          throw e;
        },
      );
      if (exists) await jsm.streams.update(stream.name, stream);
      else await jsm.streams.add(stream);
      const consumer = hubConsumerConfig(agency, { maxDeliver });
      const has = await jsm.consumers.info(stream.name, consumer.durable_name).then(
        () => true,
        (e) => {
          if (/not found/i.test(e.message)) return false;
          throw e;
        },
      );
      if (has)
        await jsm.consumers.update(stream.name, consumer.durable_name, {
          ack_wait: consumer.ack_wait,
          max_deliver: consumer.max_deliver,
          max_ack_pending: consumer.max_ack_pending,
        });
      else await jsm.consumers.add(stream.name, consumer);
      log(
        `provisioned stream ${stream.name} (replicas ${replicas}, max age ${maxAgeDays ? `${maxAgeDays} days` : 'unlimited'}) and consumer ${consumer.durable_name}`,
      );
    }
  } finally {
    await nc.close();
  }
}
