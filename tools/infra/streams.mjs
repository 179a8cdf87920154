// Stream and consumer provisioning: the operator's job at deployment, never a service's. The local
// stack, docker-compose (its nats-provision service) and the tests run it with the operator user;
// national nodes wait until their stream exists; the hub waits for its streams and recreates only
// its own durable consumers (from the same definition as here) if one is deleted.
import { DiscardPolicy, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { connect, nanos } from '@nats-io/transport-node';
import { agencySubjects, inboxPrefix, OPERATOR_USER, streamName } from './nats.mjs';
// The hub's consumer is defined once, in @cix/contracts, for provisioning and for the hub; every
// caller of this file (npm start, the tests' global setup, the image, bench) builds dist/ first.
import { hubConsumerConfig } from '../../dist/libs/contracts/src/events/hub-consumer.js';

export { hubConsumerConfig };

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
  const nc = await connect({ servers: url.split(','), user, pass: password, inboxPrefix: inboxPrefix(user), tls, name: 'cix-provision' });
  try {
    const jsm = await jetstreamManager(nc);
    // A cluster that has just elected its meta leader may still refuse a replicated stream for a
    // moment (no suitable peers yet, a request timing out during an election): retry briefly.
    for (const agency of agencies) await retryWhileClusterSettles(() => provisionAgency(jsm, agency, { replicas, maxAgeDays, maxDeliver, log }));
  } finally {
    await nc.close();
  }
}

async function retryWhileClusterSettles(fn, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > deadline || /permission|authoriz/i.test(e.message)) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function provisionAgency(jsm, agency, { replicas, maxAgeDays, maxDeliver, log }) {
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
