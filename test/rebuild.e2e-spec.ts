import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { eventSubject, natsInboxPrefix, streamName } from '@cix/contracts';
import { signEvent, TrustStore } from '@cix/event-store';
import { rebuildProjections, readModelChecksum } from '@cix/read-model';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startPlatform, token } from './support/platform.js';
import { testKeys } from './support/test-env.js';

describe('rebuilding the hub read model from JetStream', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let db: DataSource;
  let nc: NatsConnection;
  let kz: string, az: string;
  const trust = new TrustStore();
  const listAs = async (t: string) =>
    (await call('GET', `${p.hub.url}/api/alerts?limit=200`, { token: t })).body.items
      .map((i: { id: string; version: number; status: string }) => `${i.id}:${i.version}:${i.status}`)
      .sort();
  const caughtUp = async () => {
    for (const a of ['AZ', 'KZ']) {
      const tail = (await call('GET', `${p.nodes[a].url}/health`, { token: await token(a, 'auditor') })).body.relay.tail;
      await eventually(async () => {
        const [cp] = await db.query('SELECT position FROM hub_checkpoints WHERE agency = $1', [a]);
        return Number(cp?.position ?? 0) === tail;
      }, `hub caught up with ${a}`);
    }
  };

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ']);
    for (const [a, k] of Object.entries(testKeys.nodes)) trust.add(a, k.keyId, readFileSync(k.pub));
    [kz, az] = await Promise.all([token('KZ', 'officer', 'KZ-AKTAU'), token('AZ', 'officer', 'AZ-ALYAT')]);
    db = new DataSource({ type: 'postgres', url: p.hub.databaseUrl });
    await db.initialize();
    nc = await connect({
      servers: p.nats.url,
      user: p.nats.users.operator.user,
      pass: p.nats.users.operator.password,
      inboxPrefix: natsInboxPrefix(p.nats.users.operator.user),
    });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const level = ['regional', 'agency', 'bilateral'][i % 3];
      const r = await call('POST', `${p.nodes.KZ.url}/api/alerts`, {
        token: kz,
        body: minimalSeizure({
          kind: 'high-risk-consignment',
          quantity: undefined,
          distribution: level === 'bilateral' ? { level, recipients: ['AZ'] } : { level },
        }),
      });
      ids.push(r.body.id);
    }
    await call('POST', `${p.nodes.KZ.url}/api/alerts/${ids[0]}/amendments`, {
      token: kz,
      body: { expectedVersion: 1, changes: { recommendedAction: 'inspect' } },
    });
    await call('POST', `${p.nodes.KZ.url}/api/alerts/${ids[1]}/distribution`, { token: kz, body: { expectedVersion: 1, level: 'regional' } });
    await call('POST', `${p.nodes.KZ.url}/api/alerts/${ids[3]}/retract`, { token: kz, body: { expectedVersion: 1, reason: 'duplicate report' } });
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${ids[2]}`, { token: az })).status === 200, 'alerts on the hub');
    await call('POST', `${p.nodes.AZ.url}/api/feedback`, { token: az, body: { alertId: ids[2], outcome: 'nothing-found' } });
    await caughtUp();
    // A forgery on KZ's subject (KZ's NATS credentials, not KZ's signing key): live quarantines it.
    const [cp] = await db.query(`SELECT position, hash FROM hub_checkpoints WHERE agency = 'KZ'`);
    const forged = signEvent(
      {
        agency: 'KZ',
        position: Number(cp.position) + 1,
        eventId: randomUUID(),
        streamId: `alert-${randomUUID()}`,
        streamVersion: 1,
        type: 'AlertRaised',
        schemaVersion: 1,
        payload: {},
        metadata: { actor: 'mallory', agency: 'KZ', correlationId: 'x' },
        occurredAt: new Date().toISOString(),
        recordedAt: new Date().toISOString(),
        prevHash: cp.hash,
      },
      { keyId: testKeys.nodes.KZ.keyId, privateKey: generateKeyPairSync('ed25519').privateKey },
    );
    const kzNats = await connect({
      servers: p.nats.url,
      user: p.nats.users.KZ.user,
      pass: p.nats.users.KZ.password,
      inboxPrefix: natsInboxPrefix(p.nats.users.KZ.user),
    });
    await jetstream(kzNats).publish(eventSubject('KZ', 'AlertRaised'), JSON.stringify(forged));
    await kzNats.close();
    const genuine = await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: kz, body: minimalSeizure() });
    await eventually(
      async () => (await call('GET', `${p.hub.url}/api/alerts/${genuine.body.id}`, { token: az })).status === 200,
      'genuine event after the forgery',
    );
  }, 120_000);

  afterAll(async () => {
    await nc?.close();
    await db?.destroy();
    await p?.close();
  });

  it('rebuilds into a shadow schema, proves equality by checksum, swaps, and the hub serves the same view', async () => {
    const before = { kz: await listAs(kz), az: await listAs(az), checksum: await readModelChecksum(db, 'public') };
    const report = await rebuildProjections({ db, nats: nc, agencies: ['AZ', 'KZ'], trust });
    expect(report.swapped).toBe(true);
    expect(report.refused).toEqual([expect.objectContaining({ agency: 'KZ', reason: 'bad-signature' })]);
    expect(report.rebuiltChecksum).toBe(report.liveChecksum);
    expect(report.liveChecksum).toBe(before.checksum);
    expect(await readModelChecksum(db, 'public')).toBe(before.checksum);
    expect(await listAs(kz)).toEqual(before.kz);
    expect(await listAs(az)).toEqual(before.az);
    // The live consumer goes on projecting into the swapped-in tables.
    const r = await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: kz, body: minimalSeizure() });
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${r.body.id}`, { token: az })).status === 200, 'new alert after the swap');
  }, 60_000);

  it("rebuilds an agency whose stream aged out from its node's log, sealed where national-only", async () => {
    await caughtUp();
    const before = await readModelChecksum(db, 'public');
    // An operator's retention: the oldest KZ messages are gone from the stream.
    const admin = await connect({ servers: p.nats.url, user: p.nats.users.admin.user, pass: p.nats.users.admin.password });
    const jsm = await jetstreamManager(admin);
    const info = await jsm.streams.info(streamName('KZ'));
    await jsm.streams.purge(streamName('KZ'), { seq: info.state.last_seq - 3 });
    expect((await jsm.streams.info(streamName('KZ'))).state.first_seq).toBeGreaterThan(1);
    await admin.close();
    await expect(rebuildProjections({ db, nats: nc, agencies: ['AZ', 'KZ'], trust, restart: true })).rejects.toThrow(/aged out/);
    const kzAuditor = await token('KZ', 'auditor');
    const report = await rebuildProjections({
      db,
      nats: nc,
      agencies: ['AZ', 'KZ'],
      trust,
      restart: true,
      nodeLogs: { KZ: { url: p.nodes.KZ.url, token: kzAuditor } },
    });
    expect(report.swapped).toBe(true);
    // The forged message was only ever on the bus, never in KZ's log: nothing is refused this time.
    expect(report.refused).toEqual([]);
    expect(await readModelChecksum(db, 'public')).toBe(before);
    // National-only alerts stayed sealed: the node's wire form carries no content for them.
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM hub_event_log WHERE agency = 'KZ' AND event->>'sealed' = 'true'`);
    expect(n).toBe(10);
  }, 60_000);

  it('resumes after a crash, and loses nothing posted while it runs', async () => {
    await caughtUp();
    let batches = 0;
    // KZ's stream aged out in the previous test: KZ comes from its node's log, AZ from its stream.
    const nodeLogs = { KZ: { url: p.nodes.KZ.url, token: await token('KZ', 'auditor') } };
    await expect(
      rebuildProjections({
        db,
        nats: nc,
        agencies: ['AZ', 'KZ'],
        trust,
        restart: true,
        batchSize: 5,
        nodeLogs,
        onProgress: () => {
          if (++batches === 2) throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    const posting = (async () => {
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push((await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: kz, body: minimalSeizure() })).body.id);
      return ids;
    })();
    const report = await rebuildProjections({ db, nats: nc, agencies: ['AZ', 'KZ'], trust, batchSize: 5, nodeLogs });
    expect(report.resumed).toBe(true);
    expect(report.swapped).toBe(true);
    const posted = await posting;
    await caughtUp();
    const visible = await listAs(az);
    for (const id of posted) expect(visible.some((v: string) => v.startsWith(id))).toBe(true);
  }, 60_000);
});
