import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { natsInboxPrefix, streamName } from '@cix/contracts';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startNode, startSoloNode, token, type RunningNode } from './support/platform.js';
import type { TestNats } from './support/test-env.js';
import { openStore, testSigningKey } from './support/event-store.js';
import { toWire } from '@cix/event-store';

/** Reads every message of an agency stream with a consumer of its own: an operator's action. */
async function readStream(nats: TestNats, agency: string) {
  const nc = await connect({
    servers: nats.url,
    user: nats.users.operator.user,
    pass: nats.users.operator.password,
    inboxPrefix: natsInboxPrefix(nats.users.operator.user),
  });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(streamName(agency));
    const name = `reader-${Date.now()}`;
    await jsm.consumers.add(streamName(agency), { durable_name: name, ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All });
    const consumer = await jetstream(nc).consumers.get(streamName(agency), name);
    const out: Array<{ subject: string; msgId: string | undefined; data: any }> = [];
    while (out.length < info.state.messages) {
      const batch = await consumer.fetch({ max_messages: 500, expires: 2000 });
      for await (const m of batch) out.push({ subject: m.subject, msgId: m.headers?.get('Nats-Msg-Id'), data: m.json() });
    }
    return out;
  } finally {
    await nc.close();
  }
}

describe('outbox relay to JetStream', () => {
  let nats: TestNats;
  let node: RunningNode;
  let kz: string;
  let auditor: string; // the relay's state is shown to the node's auditors only

  let solo: Awaited<ReturnType<typeof startSoloNode>>;

  beforeAll(async () => {
    solo = await startSoloNode('KZ', 'KZ-AKTAU');
    ({ nats, node, officer: kz } = solo);
    auditor = await token('KZ', 'auditor');
  });
  afterAll(() => solo?.close());

  it('keeps accepting posts while NATS is down, then delivers all of them exactly once, in order', async () => {
    await call('POST', `${node.url}/api/alerts`, { token: kz, body: minimalSeizure() });
    await eventually(async () => (await call('GET', `${node.url}/health`, { token: auditor })).body.relay?.lag === 0, 'relay caught up');
    await nats.stop();
    await eventually(async () => (await call('GET', `${node.url}/health`, { token: auditor })).status === 503, 'health reports NATS down');

    const posted: string[] = [];
    for (let i = 0; i < 100; i++) {
      const r = await call('POST', `${node.url}/api/alerts`, {
        token: kz,
        body: minimalSeizure({
          distribution: { level: i % 10 === 0 ? 'agency' : 'regional' },
          ...(i % 10 === 5 ? { parties: [{ role: 'driver', name: `Driver ${i}`, isPerson: true, documentNumber: `DOC-${i}` }] } : {}),
        }),
      });
      expect(r.status).toBe(201);
      posted.push(r.body.id);
    }
    const down = await call('GET', `${node.url}/health`, { token: auditor });
    expect(down.body.relay.lag).toBe(100);
    expect(down.body.relay.lastError).toBeTruthy();

    await nats.start();
    await eventually(
      async () => (await call('GET', `${node.url}/health`, { token: auditor })).body.relay?.lag === 0,
      'relay caught up after NATS returned',
      30_000,
    );

    const messages = await readStream(nats, 'KZ');
    expect(messages).toHaveLength(101);
    expect(messages.map((m) => m.data.position)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
    expect(new Set(messages.map((m) => m.msgId)).size).toBe(101);
    for (const m of messages) expect(m.msgId).toBe(m.data.eventId);
    // Agency-only alerts cross only as sealed stubs: no content, just what the chain needs.
    const sealed = messages.filter((m) => m.subject === 'ccp.events.KZ.sealed');
    expect(sealed).toHaveLength(10);
    expect(Object.keys(sealed[0].data).sort()).toEqual(['agency', 'eventId', 'hash', 'keyId', 'position', 'prevHash', 'sealed', 'signature']);
    const full = messages.filter((m) => m.subject === 'ccp.events.KZ.AlertRaised');
    expect(full.map((m) => m.data.payload.alertId)).toEqual(expect.arrayContaining(posted.filter((_, i) => i % 10 !== 0)));
    // The relay splices the stored JSON text into its messages: each must be the stored event's wire form, value for value.
    const { db, store } = await openStore(node.databaseUrl, testSigningKey());
    try {
      const stored = await store.readAll(0, 1000);
      expect(messages.map((m) => ({ subject: m.subject, data: m.data }))).toEqual(
        stored.map((e) => toWire(e)).map((w) => ({ subject: w.subject, data: w.message })),
      );
      expect(messages.filter((m) => m.data.personalData)).toHaveLength(10);
    } finally {
      await db.destroy();
    }
  }, 90_000);

  it('elects one relay when two node instances share a database, and still publishes in order', async () => {
    const second = await startNode('KZ', nats, node.databaseUrl);
    try {
      const [h1, h2] = await Promise.all([call('GET', `${node.url}/health`, { token: auditor }), call('GET', `${second.url}/health`, { token: auditor })]);
      expect([h1.body.relay.leader, h2.body.relay.leader].filter(Boolean)).toHaveLength(1);
      const posts = Array.from({ length: 40 }, (_, i) => call('POST', `${(i % 2 ? node : second).url}/api/alerts`, { token: kz, body: minimalSeizure() }));
      expect((await Promise.all(posts)).every((r) => r.status === 201)).toBe(true);
      await eventually(async () => (await call('GET', `${node.url}/health`, { token: auditor })).body.relay?.lag === 0, 'relay caught up');
      const messages = await readStream(nats, 'KZ');
      expect(messages.map((m) => m.data.position)).toEqual(Array.from({ length: 141 }, (_, i) => i + 1));
    } finally {
      await second.app.close();
    }
  }, 60_000);

  it('tells a frozen NATS server (SIGSTOP) from a live one, and publishes the moment it answers again', async () => {
    const health = () => call('GET', `${node.url}/health`, { token: auditor });
    const before = (await health()).body.relay.checkpoint;
    nats.process.kill('SIGSTOP');
    try {
      // The server keeps its sockets open: only the unanswered probe shows it.
      await eventually(async () => (await health()).body.nats === 'down', 'health reports the frozen server', 12_000);
      for (let i = 0; i < 20; i++) expect((await call('POST', `${node.url}/api/alerts`, { token: kz, body: minimalSeizure() })).status).toBe(201);
      expect((await health()).body.relay.lag).toBe(20);
    } finally {
      nats.process.kill('SIGCONT');
    }
    const started = Date.now();
    await eventually(async () => (await health()).body.relay?.lag === 0, 'relay caught up after the server answered again', 15_000);
    // Woken by the answer, not by its backoff running out.
    expect(Date.now() - started).toBeLessThan(8_000);
    const messages = await readStream(nats, 'KZ');
    expect(messages.map((m) => m.data.position)).toEqual(Array.from({ length: before + 20 }, (_, i) => i + 1));
    expect(new Set(messages.map((m) => m.msgId)).size).toBe(before + 20);
  }, 60_000);
});
