import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  agencySubjects as contractSubjects,
  eventSubject,
  hubConsumerConfig,
  hubDurableName as contractDurable,
  natsInboxPrefix,
  streamName,
} from '@cix/contracts';
import { agencySubjects, hubDurableName, inboxPrefix, streamName as infraStreamName } from '../../tools/infra/nats.mjs';
import { hubConsumerConfig as provisionedConsumer, provisionStreams } from '../../tools/infra/streams.mjs';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startHub, startNode, token } from '../support/platform.js';
import { startTestNats, type TestNats } from '../support/test-env.js';

// Issue 10, item 9: streams and consumers belong to the operator. A node's NATS user publishes on
// its own subjects and reads its acks; the hub's user consumes through its named durable consumers
// and may recreate exactly those if an operator deleted one (issue 15). Neither can reconfigure,
// purge or delete streams, delete consumers, or create any other JetStream object.

const as = (nats: TestNats, who: string): Promise<NatsConnection> => {
  const u = nats.users[who];
  return connect({ servers: nats.url, user: u.user, pass: u.password, inboxPrefix: natsInboxPrefix(u.user) });
};
// checkAPI: false, so nothing but the call under test is sent; a short timeout because a refused
// request may be answered by silence (the server drops it) rather than an error reply.
const manager = (nc: NatsConnection): Promise<JetStreamManager> => jetstreamManager(nc, { checkAPI: false, timeout: 2000 });

describe('bus: only the operator changes streams and consumers', () => {
  let nats: TestNats;
  let operator: JetStreamManager;
  let opNc: NatsConnection, kzNc: NatsConnection, hubNc: NatsConnection;
  let kz: JetStreamManager, hub: JetStreamManager;
  const KZ = streamName('KZ');

  beforeAll(async () => {
    nats = await startTestNats(['AZ', 'KZ']);
    [opNc, kzNc, hubNc] = await Promise.all([as(nats, 'operator'), as(nats, 'KZ'), as(nats, 'hub')]);
    operator = await manager(opNc);
    [kz, hub] = await Promise.all([manager(kzNc), manager(hubNc)]);
    const js = jetstream(kzNc);
    for (let i = 0; i < 3; i++) await js.publish(eventSubject('KZ', 'AlertRaised'), JSON.stringify({ i }));
    const az = await as(nats, 'AZ');
    await jetstream(az).publish(eventSubject('AZ', 'AlertRaised'), JSON.stringify({ az: 1 }));
    await az.close();
  }, 30_000);

  afterAll(async () => {
    for (const nc of [opNc, kzNc, hubNc]) await nc?.close();
    await nats?.stop();
  });

  const kzStream = () => operator.streams.info(KZ);

  it('provisioning and the server permissions use the same names as the services', () => {
    for (const a of ['AZ', 'KZ', 'TM']) {
      expect(infraStreamName(a)).toBe(streamName(a));
      expect(agencySubjects(a)).toBe(contractSubjects(a));
      expect(hubDurableName(a)).toBe(contractDurable(a));
    }
    expect(inboxPrefix('node-kz')).toBe(natsInboxPrefix('node-kz'));
    // One definition of the hub's consumer for provisioning and for the hub's own recreation.
    expect(provisionedConsumer('KZ', { maxDeliver: 7 })).toEqual(hubConsumerConfig('KZ', { maxDeliver: 7 }));
  });

  it('a node still publishes on its own subjects and gets its acks, and may look at its own stream', async () => {
    const ack = await jetstream(kzNc).publish(eventSubject('KZ', 'AlertRaised'), JSON.stringify({ ok: true }));
    expect(ack.stream).toBe(KZ);
    expect((await kz.streams.info(KZ)).config.subjects).toEqual([contractSubjects('KZ')]);
    await operator.streams.deleteMessage(KZ, ack.seq); // back to the three messages of beforeAll
  });

  it('a node cannot purge its stream through an update with max_msgs 1', async () => {
    const before = await kzStream();
    await expect(kz.streams.update(KZ, { ...before.config, max_msgs: 1 })).rejects.toThrow();
    const after = await kzStream();
    expect(after.config.max_msgs).toBe(-1);
    expect(after.state.messages).toBe(3);
  });

  it("a node cannot add other agencies' streams as sources of its own", async () => {
    const before = await kzStream();
    await expect(kz.streams.update(KZ, { ...before.config, sources: [{ name: streamName('AZ') }] })).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 300));
    const after = await kzStream();
    expect(after.config.sources ?? []).toEqual([]);
    expect(after.state.messages).toBe(3);
  });

  it("a node cannot add subjects that capture the hub's inbox (or anything else)", async () => {
    const before = await kzStream();
    await expect(kz.streams.update(KZ, { ...before.config, subjects: [contractSubjects('KZ'), `${natsInboxPrefix('hub')}.>`] })).rejects.toThrow();
    expect((await kzStream()).config.subjects).toEqual([contractSubjects('KZ')]);
  });

  it('a node cannot purge, delete or re-create its stream, nor create another', async () => {
    await expect(kz.streams.purge(KZ)).rejects.toThrow();
    await expect(kz.streams.delete(KZ)).rejects.toThrow();
    await expect(kz.streams.add({ name: KZ, subjects: [contractSubjects('KZ')], max_msgs: 1 })).rejects.toThrow();
    await expect(kz.streams.add({ name: 'EVENTS_KZ_SPY', subjects: [`${natsInboxPrefix('hub')}.>`] })).rejects.toThrow();
    expect((await kzStream()).state.messages).toBe(3);
    expect(await operator.streams.names().next()).not.toContain('EVENTS_KZ_SPY');
  });

  it("a node cannot create or delete consumers (not even on its own stream), so it cannot read or reset the hub's", async () => {
    await expect(kz.consumers.add(KZ, { durable_name: 'node-reader', ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All })).rejects.toThrow();
    await expect(kz.consumers.add(KZ, { ack_policy: AckPolicy.None })).rejects.toThrow();
    await expect(kz.consumers.delete(KZ, contractDurable('KZ'))).rejects.toThrow();
    expect((await operator.consumers.list(KZ).next()).map((c) => c.name)).toEqual([contractDurable('KZ')]);
  });

  it("a node cannot publish on another agency's subjects", async () => {
    await expect(jetstream(kzNc, { timeout: 2000 }).publish(eventSubject('AZ', 'AlertRaised'), '{}')).rejects.toThrow();
    expect((await operator.streams.info(streamName('AZ'))).state.messages).toBe(1);
  });

  it('the hub cannot create any consumer but its own named durable ones, durable or ephemeral', async () => {
    await expect(hub.consumers.add(KZ, { durable_name: 'hub-spy', ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All })).rejects.toThrow();
    await expect(hub.consumers.add(KZ, { ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All })).rejects.toThrow();
    await expect(hub.consumers.add(KZ, { name: 'hub-ephemeral', ack_policy: AckPolicy.None, inactive_threshold: 5_000_000_000 })).rejects.toThrow();
    // Its KZ consumer's name on another agency's stream is not its own consumer there.
    await expect(
      hub.consumers.add(streamName('AZ'), { ...hubConsumerConfig('KZ'), ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All }),
    ).rejects.toThrow();
    expect((await operator.consumers.list(KZ).next()).map((c) => c.name)).toEqual([contractDurable('KZ')]);
    expect((await operator.consumers.list(streamName('AZ')).next()).map((c) => c.name)).toEqual([contractDurable('AZ')]);
  });

  it('the hub cannot delete its durable consumer; once an operator has, it may recreate exactly that one', async () => {
    const durable = contractDurable('KZ');
    await expect(hub.consumers.delete(KZ, durable)).rejects.toThrow();
    await operator.consumers.delete(KZ, durable);
    const config = { ...hubConsumerConfig('KZ'), ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All };
    // Not with a filter (the client then asks on CONSUMER.CREATE.<stream>.<name>.<filter>), nor through the older DURABLE.CREATE API.
    await expect(hub.consumers.add(KZ, { ...config, filter_subject: eventSubject('KZ', 'AlertRaised') })).rejects.toThrow();
    await expect(
      hubNc.request(`$JS.API.CONSUMER.DURABLE.CREATE.${KZ}.${durable}`, JSON.stringify({ stream_name: KZ, config }), { timeout: 2000 }),
    ).rejects.toThrow();
    await expect(operator.consumers.info(KZ, durable)).rejects.toThrow(/not found/);
    await hub.consumers.add(KZ, config);
    const info = await operator.consumers.info(KZ, durable);
    expect(info.config).toMatchObject(config);
    expect(info.config.filter_subject).toBeUndefined();
    expect(info.num_pending).toBe(3);
  });

  it('the hub cannot update, purge or delete streams, nor read messages around its consumers', async () => {
    const before = await kzStream();
    await expect(hub.streams.update(KZ, { ...before.config, max_msgs: 1 })).rejects.toThrow();
    await expect(hub.streams.purge(KZ)).rejects.toThrow();
    await expect(hub.streams.delete(KZ)).rejects.toThrow();
    await expect(hub.streams.getMessage(KZ, { seq: 1 })).rejects.toThrow();
    const after = await kzStream();
    expect(after.config.max_msgs).toBe(-1);
    expect(after.state.messages).toBe(3);
  });

  it('the hub still consumes and acknowledges through its named durable consumer', async () => {
    const consumer = await jetstream(hubNc).consumers.get(KZ, contractDurable('KZ'));
    const got: number[] = [];
    for await (const m of await consumer.fetch({ max_messages: 3, expires: 2000 })) {
      got.push(m.json<{ i: number }>().i);
      m.ack();
    }
    expect(got).toEqual([0, 1, 2]);
    await eventually(async () => (await operator.consumers.info(KZ, contractDurable('KZ'))).num_ack_pending === 0, 'acks applied');
  });
});

describe('bus: services wait for what the operator has not provisioned yet', () => {
  let nats: TestNats;

  beforeAll(async () => {
    nats = await startTestNats(['KZ'], { provision: false });
  });
  afterAll(() => nats?.stop());

  it('node and hub never create the stream (nor the hub its consumer on it); they wait, say so in health, and go on once provisioned', async () => {
    const hub = await startHub(nats, ['KZ']);
    const node = await startNode('KZ', nats, undefined, hub.url);
    const op = await connect({
      servers: nats.url,
      user: nats.users.operator.user,
      pass: nats.users.operator.password,
      inboxPrefix: natsInboxPrefix(nats.users.operator.user),
    });
    try {
      const officer = await token('KZ', 'officer', 'KZ-AKTAU');
      // Health details are for the node's auditors and the programme (positions are a side channel).
      const nodeAuditor = { token: await token('KZ', 'auditor') };
      const coordinator = { token: await token('CCP', 'coordinator') };
      const raised = await call('POST', `${node.url}/api/alerts`, { token: officer, body: minimalSeizure() });
      expect(raised.status).toBe(201);
      await eventually(async () => (await call('GET', `${node.url}/health`, nodeAuditor)).body.stream === 'missing', 'node health: stream missing');
      await eventually(async () => (await call('GET', `${hub.url}/health`, coordinator)).body.consumers?.waiting?.KZ, 'hub health: waiting for KZ');
      await new Promise((r) => setTimeout(r, 1500)); // give either of them time to (wrongly) create something
      const jsm = await manager(op);
      expect(await jsm.streams.names().next()).toEqual([]);

      await provisionStreams({ url: nats.url, password: nats.users.operator.password, agencies: ['KZ'] });
      await eventually(
        async () => (await call('GET', `${hub.url}/api/alerts/${raised.body.id}`, { token: officer })).status === 200,
        'the alert reaches the hub',
        30_000,
      );
      await eventually(async () => (await call('GET', `${node.url}/health`, nodeAuditor)).body.stream === 'ready', 'node health: stream ready');
      expect((await call('GET', `${hub.url}/health`, coordinator)).body.consumers.waiting).toEqual({});
    } finally {
      await op.close();
      await hub.app.close();
      await node.app.close();
    }
  }, 60_000);
});
