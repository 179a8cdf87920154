import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { eventSubject, natsInboxPrefix } from '@cix/contracts';
import { natsServers } from '@cix/messaging';
import { eventually } from './support/http.js';
import { startTestNatsCluster, type TestNatsCluster } from './support/test-env.js';

interface StreamDetail {
  name: string;
  state: { messages: number; last_seq: number };
  cluster?: { leader?: string; replicas?: Array<{ name: string; current: boolean }> };
}

/** What one server holds of each stream, from its own monitoring endpoint. */
async function streamsOn(monitorUrl: string): Promise<StreamDetail[]> {
  const jsz = (await (await fetch(`${monitorUrl}/jsz?streams=true`)).json()) as { account_details?: Array<{ stream_detail?: StreamDetail[] }> };
  return (jsz.account_details ?? []).flatMap((a) => a.stream_detail ?? []);
}

const as = (nats: TestNatsCluster, who: string, servers = natsServers(nats.url)): Promise<NatsConnection> => {
  const u = nats.users[who];
  return connect({ servers, user: u.user, pass: u.password, inboxPrefix: natsInboxPrefix(u.user), reconnectTimeWait: 200, maxReconnectAttempts: -1 });
};

// The 3-server cluster the local stack runs with NATS_CLUSTER_SIZE=3: replicated streams, the same
// users and permissions as the single server, and a client that survives losing the leader.
describe('NATS cluster (3 servers, R3 streams)', () => {
  let nats: TestNatsCluster;

  beforeAll(async () => {
    nats = await startTestNatsCluster(['AZ', 'KZ']);
  }, 60_000);
  afterAll(() => nats?.stop());

  it('provisions every agency stream with three replicas, each server holding one', async () => {
    for (const server of nats.servers) {
      const streams = await streamsOn(server.monitorUrl);
      expect(streams.map((s) => s.name).sort()).toEqual(['EVENTS_AZ', 'EVENTS_KZ']);
    }
    const nc = await as(nats, 'operator');
    try {
      const info = await (await jetstreamManager(nc)).streams.info('EVENTS_KZ');
      expect(info.config.num_replicas).toBe(3);
      expect(info.cluster?.replicas).toHaveLength(2);
    } finally {
      await nc.close();
    }
  });

  it("keeps each agency's permissions on every server: KZ cannot publish AZ's events", async () => {
    for (const server of nats.servers) {
      const nc = await as(nats, 'KZ', [server.url]);
      try {
        await expect(jetstream(nc, { timeout: 1500 }).publish(eventSubject('AZ', 'AlertRaised'), '{}')).rejects.toThrow();
        const ack = await jetstream(nc).publish(eventSubject('KZ', 'AlertRaised'), '{}', { msgID: `perm-${server.name}` });
        expect(ack.stream).toBe('EVENTS_KZ');
      } finally {
        await nc.close();
      }
    }
  });

  it('loses no acknowledged publish when the stream leader is killed, and the restarted server catches up', async () => {
    const nc = await as(nats, 'KZ');
    const js = jetstream(nc, { timeout: 2000 });
    const publish = async (id: string): Promise<void> => {
      // As the relay does: the same message id until acknowledged, so a retry is never a duplicate.
      for (let attempt = 0; ; attempt++) {
        try {
          await js.publish(eventSubject('KZ', 'AlertRaised'), id, { msgID: id });
          return;
        } catch (e) {
          if (attempt > 40) throw e;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    };
    try {
      for (let i = 0; i < 20; i++) await publish(`before-${i}`);
      const leaderName = (await streamsOn(nats.servers[0].monitorUrl)).find((s) => s.name === 'EVENTS_KZ')!.cluster!.leader!;
      const leader = nats.servers.find((s) => s.name === leaderName)!;
      await leader.kill('SIGKILL');
      for (let i = 0; i < 20; i++) await publish(`during-${i}`);
      await publish('during-0'); // a retry after the election is still de-duplicated
      await leader.start();
      for (let i = 0; i < 5; i++) await publish(`after-${i}`);

      const survivor = nats.servers.find((s) => s !== leader)!;
      const expected = (await streamsOn(survivor.monitorUrl)).find((s) => s.name === 'EVENTS_KZ')!.state;
      // One permission-check message per server, and 45 distinct ids.
      expect(expected.messages).toBe(nats.servers.length + 45);
      await eventually(async () => {
        const state = (await streamsOn(leader.monitorUrl)).find((s) => s.name === 'EVENTS_KZ')?.state;
        return state?.messages === expected.messages && state.last_seq === expected.last_seq;
      }, `${leader.name} caught up with EVENTS_KZ`);
    } finally {
      await nc.close();
    }
  }, 90_000);
});
