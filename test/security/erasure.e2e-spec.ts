import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { EventStore, loadSigningKey, TrustStore } from '@cix/event-store';
import { erasePersonalData } from '@cix/node-model';
import { rebuildProjections, readModelChecksum } from '@cix/read-model';
import { hubCaughtUp as waitForHub, operatorConnection } from '../support/compromised-node.js';
import { call, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';
import { testKeys } from '../support/test-env.js';

// A lawful erasure on the owning node reaches the hub (read model, event log, replay) through the
// node's signed PersonalDataErased, and a rebuild from JetStream (which still replays the person)
// ends without it. Only the owner's own erasure counts.
describe('lawful erasure reaches the hub', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let hubDb: DataSource;
  let nc: NatsConnection;
  const trust = new TrustStore();
  const t = {} as Record<'az' | 'kz' | 'azAuditor', string>;

  const hubCaughtUp = (agency: string) => waitForHub(p.nodes[agency], hubDb);
  async function raiseWithPerson(name: string): Promise<string> {
    const raised = await call('POST', `${p.nodes.AZ.url}/api/alerts`, {
      token: t.az,
      body: minimalSeizure({ unit: 'AZ-ALYAT', parties: [{ role: 'driver', isPerson: true, name, documentNumber: 'ER9990001' }] }),
    });
    expect(raised.status).toBe(201);
    await hubCaughtUp('AZ');
    return raised.body.id as string;
  }
  const hubLogRowsWith = async (id: string, text: string) =>
    (await hubDb.query(`SELECT count(*)::int AS n FROM hub_event_log WHERE stream_id = $1 AND event::text LIKE $2`, [`alert-${id}`, `%${text}%`]))[0]
      .n as number;

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ']);
    for (const [a, k] of Object.entries(testKeys.nodes)) trust.add(a, k.keyId, readFileSync(k.pub));
    t.az = await token('AZ', 'officer', 'AZ-ALYAT');
    t.kz = await token('KZ', 'officer', 'KZ-AKTAU');
    t.azAuditor = await token('AZ', 'auditor');
    hubDb = new DataSource({ type: 'postgres', url: p.hub.databaseUrl });
    await hubDb.initialize();
    nc = await operatorConnection(p.nats);
  }, 90_000);
  afterAll(async () => {
    await nc?.close();
    await hubDb?.destroy();
    await p?.close();
  });

  it('a lawful erasure on the owning node also removes the person from the hub (read model, event log, replay), and a rebuild keeps it out', async () => {
    const id = await raiseWithPerson('Rustam Erasable');
    expect(JSON.stringify((await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t.az })).body)).toContain('Erasable');
    const replayBefore = await call('GET', `${p.hub.url}/api/audit/events?alert=${id}`, { token: t.azAuditor });
    expect(replayBefore.status).toBe(200);
    expect(String(typeof replayBefore.body === 'string' ? replayBefore.body : JSON.stringify(replayBefore.body))).toContain('Erasable');
    expect(await hubLogRowsWith(id, 'Erasable')).toBe(1);
    const store = p.nodes.AZ.app.get(EventStore);
    const db = p.nodes.AZ.app.get(DataSource);
    const refs = await store.personalDataRefs(`alert-${id}`);
    expect(refs.length).toBe(1);
    expect(await erasePersonalData(db, store, refs[0])).toBe(`alert-${id}`);
    // the node forgot, and its alert still takes commands at the new version
    const nodeView = await call('GET', `${p.nodes.AZ.url}/api/alerts/${id}`, { token: t.az });
    expect(JSON.stringify(nodeView.body)).not.toContain('Erasable');
    await hubCaughtUp('AZ');
    const seen = async () => {
      const hubView = await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t.az });
      const hubReplay = await call('GET', `${p.hub.url}/api/audit/events?alert=${id}`, { token: t.azAuditor });
      expect(hubView.status).toBe(200);
      return {
        view: JSON.stringify(hubView.body).includes('Erasable'),
        withheld: hubView.body.parties.some((x: { isPerson?: boolean; withheld?: boolean }) => x.isPerson && x.withheld),
        replay: String(typeof hubReplay.body === 'string' ? hubReplay.body : JSON.stringify(hubReplay.body)).includes('Erasable'),
        eventLogRows: await hubLogRowsWith(id, 'Erasable'),
        version: hubView.body.version,
      };
    };
    expect(await seen()).toEqual({ view: false, withheld: true, replay: false, eventLogRows: 0, version: nodeView.body.version });
    expect(await hubDb.query(`SELECT 1 FROM hub_quarantine WHERE agency = 'AZ' AND raw::text LIKE $1`, [`%${id}%`])).toEqual([]);

    // JetStream still holds the original event with the person: a rebuild replays it, then the erasure.
    await hubCaughtUp('KZ');
    const live = await readModelChecksum(hubDb, 'public');
    const report = await rebuildProjections({ db: hubDb, nats: nc, agencies: ['AZ', 'KZ'], trust });
    expect(report.swapped).toBe(true);
    expect(report.rebuiltChecksum).toBe(live);
    expect(await seen()).toEqual({ view: false, withheld: true, replay: false, eventLogRows: 0, version: nodeView.body.version });

    const amended = await call('POST', `${p.nodes.AZ.url}/api/alerts/${id}/amendments`, {
      token: t.az,
      body: { expectedVersion: nodeView.body.version, changes: { recommendedAction: 'inspect' } },
    });
    expect(amended.status).toBe(200);
  }, 120_000);

  it("another agency's erasure event on the owner's alert is refused: the owner's person stays for the owner", async () => {
    const id = await raiseWithPerson('Kept Personov');
    const [ref] = await p.nodes.AZ.app.get(EventStore).personalDataRefs(`alert-${id}`);
    // A compromised KZ node writes an erasure for AZ's alert into its own log.
    const kzDb = new DataSource({ type: 'postgres', url: p.nodes.KZ.databaseUrl });
    await kzDb.initialize();
    try {
      const kzStore = new EventStore(kzDb, 'KZ', loadSigningKey(testKeys.nodes.KZ.key, testKeys.nodes.KZ.keyId));
      await kzStore.append({
        streamId: `alert-${id}`,
        expectedVersion: 0,
        events: [
          { type: 'PersonalDataErased', payload: { alertId: id, refs: [ref] }, metadata: { actor: 'mallory', agency: 'KZ', correlationId: randomUUID() } },
        ],
      });
      await kzStore.close();
    } finally {
      await kzDb.destroy();
    }
    await hubCaughtUp('KZ');
    expect(JSON.stringify((await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t.az })).body)).toContain('Personov');
    expect(await hubLogRowsWith(id, 'Personov')).toBe(1);
    const [q] = await hubDb.query(`SELECT reason FROM hub_quarantine WHERE agency = 'KZ' AND raw::text LIKE $1`, [`%${id}%`]);
    expect(q.reason).toMatch(/belongs to AZ/);
  }, 60_000);
});
