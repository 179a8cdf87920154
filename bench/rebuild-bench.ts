import { generateKeyPairSync } from 'node:crypto';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { natsInboxPrefix, streamName } from '@cix/contracts';
import { TrustStore } from '@cix/event-store';
import { HUB_MIGRATIONS, rebuildProjections } from '@cix/read-model';
import { publishSignedEvents } from './signed-events.js';

interface Infra {
  readonly natsUrl: string;
  readonly users: Record<string, { user: string; password: string }>;
  readonly hubDatabaseUrl: string;
  readonly log: (...a: unknown[]) => void;
}

/**
 * Rebuild rate against the raw JetStream consume rate of the same stream, measured in the same run:
 * `n` signed, chained AlertRaised events in the KZ stream, consumed raw (pull, ack each), then
 * rebuilt into an empty hub database. Peak RSS of this process is sampled during the rebuild.
 */
export async function benchRebuild(infra: Infra, n: number): Promise<Record<string, number>> {
  const key = { keyId: 'bench-kz', privateKey: generateKeyPairSync('ed25519').privateKey };
  const trust = new TrustStore().add('KZ', key.keyId, key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const kz = infra.users.KZ;
  const pub = await connect({ servers: infra.natsUrl, user: kz.user, pass: kz.password, inboxPrefix: natsInboxPrefix(kz.user) });
  const js = jetstream(pub);
  infra.log(`rebuild bench: signing and publishing ${n.toLocaleString('en')} events …`);
  await publishSignedEvents(js, 'KZ', key, n);
  await pub.close();

  // Extra consumers and the rebuild are operator actions: the hub's own user only has its durable consumer.
  const operator = infra.users.operator;
  const nc = await connect({ servers: infra.natsUrl, user: operator.user, pass: operator.password, inboxPrefix: natsInboxPrefix(operator.user) });
  const jsm = await jetstreamManager(nc);
  const total = (await jsm.streams.info(streamName('KZ'))).state.messages;
  infra.log(`raw JetStream consume (pull, ack each) of ${total.toLocaleString('en')} messages …`);
  await jsm.consumers.add(streamName('KZ'), { durable_name: 'bench-raw', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
  const consumer = await jetstream(nc).consumers.get(streamName('KZ'), 'bench-raw');
  let t = process.hrtime.bigint();
  let seen = 0;
  const messages = await consumer.consume({ max_messages: 1000 });
  for await (const m of messages) {
    m.ack();
    if (++seen >= total) break;
  }
  messages.stop();
  const rawSeconds = Number(process.hrtime.bigint() - t) / 1e9;

  const db = new DataSource({
    type: 'postgres',
    url: infra.hubDatabaseUrl,
    migrations: HUB_MIGRATIONS,
    extra: { max: 10 },
  });
  await db.initialize();
  await db.runMigrations();
  infra.log(`rebuild of ${total.toLocaleString('en')} events into an empty hub database …`);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  t = process.hrtime.bigint();
  const report = await rebuildProjections({ db, nats: nc, agencies: ['KZ'], trust, batchSize: 1000 });
  const rebuildSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  clearInterval(sampler);
  await db.destroy();
  await nc.close();
  if (!report.swapped || report.refused.length) throw new Error(`rebuild did not complete cleanly: ${JSON.stringify(report).slice(0, 300)}`);
  return {
    rebuild_events: total,
    raw_jetstream_consume_per_s: total / rawSeconds,
    rebuild_per_s: total / rebuildSeconds,
    rebuild_seconds: rebuildSeconds,
    rebuild_peak_rss_mb: peak / 1024 / 1024,
  };
}
