import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { feedbackStreamId } from '@cix/contracts';
import { EventStore, loadSigningKey } from '@cix/event-store';
import { erasePersonalData } from '../../apps/national-node/src/personal-data/erase-personal-data.js';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';
import { testKeys } from '../support/test-env.js';

// ADVERSARY: hub paths after the fixes — erasure reach, feedback authorisation of a compromised
// node, and the access log's side channels.
describe('adversary: hub paths', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let hubDb: DataSource;
  const nodeDbs: DataSource[] = [];
  const t = {} as Record<'az' | 'kz' | 'tm' | 'azAuditor' | 'kzAuditor' | 'tmAuditor', string>;

  async function appendAs(agency: string, streamId: string, events: Array<{ type: string; payload: unknown }>): Promise<void> {
    const db = new DataSource({ type: 'postgres', url: p.nodes[agency].databaseUrl });
    await db.initialize();
    nodeDbs.push(db);
    const store = new EventStore(db, agency, loadSigningKey(testKeys.nodes[agency].key, testKeys.nodes[agency].keyId));
    const version = (await store.readStream(streamId)).length;
    await store.append({ streamId, expectedVersion: version, events: events.map((e) => ({ ...e, metadata: { actor: 'mallory', agency, correlationId: randomUUID() } })) });
    await store.close();
  }
  async function hubCaughtUp(agency: string): Promise<void> {
    await eventually(async () => {
      const tail = (await call('GET', `${p.nodes[agency].url}/health`, { token: await token(agency, 'auditor') })).body.relay.tail;
      const [cp] = await hubDb.query('SELECT position FROM hub_checkpoints WHERE agency = $1', [agency]);
      return Number(cp?.position ?? 0) === tail;
    }, `hub caught up with ${agency}`);
  }

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ', 'TM']);
    t.az = await token('AZ', 'officer', 'AZ-ALYAT');
    t.kz = await token('KZ', 'officer', 'KZ-AKTAU');
    t.tm = await token('TM', 'officer', 'TM-TURKMENBASHI');
    t.azAuditor = await token('AZ', 'auditor');
    t.kzAuditor = await token('KZ', 'auditor');
    t.tmAuditor = await token('TM', 'auditor');
    hubDb = new DataSource({ type: 'postgres', url: p.hub.databaseUrl });
    await hubDb.initialize();
  }, 90_000);
  afterAll(async () => {
    for (const db of nodeDbs) await db.destroy().catch(() => undefined);
    await hubDb?.destroy();
    await p?.close();
  });

  it('a lawful erasure on the owning node also removes the person from the hub (read model, event log, replay)', async () => {
    const raised = await call('POST', `${p.nodes.AZ.url}/api/alerts`, {
      token: t.az, body: minimalSeizure({ unit: 'AZ-ALYAT', parties: [{ role: 'driver', isPerson: true, name: 'Rustam Erasable', documentNumber: 'ER9990001' }] }),
    });
    expect(raised.status).toBe(201);
    const id = raised.body.id as string;
    await hubCaughtUp('AZ');
    const store = p.nodes.AZ.app.get(EventStore);
    const db = p.nodes.AZ.app.get(DataSource);
    const refs = await store.personalDataRefs(`alert-${id}`);
    expect(refs.length).toBe(1);
    expect(await erasePersonalData(db, store, refs[0])).toBe(`alert-${id}`);
    // the node forgot
    expect(JSON.stringify((await call('GET', `${p.nodes.AZ.url}/api/alerts/${id}`, { token: t.az })).body)).not.toContain('Erasable');
    // the hub did not: AZ's own officers and auditors still read the erased person there
    const hubView = await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t.az });
    const hubReplay = await call('GET', `${p.hub.url}/api/audit/events?alert=${id}`, { token: t.azAuditor });
    const [row] = await hubDb.query(`SELECT count(*)::int AS n FROM hub_event_log WHERE stream_id = $1 AND event::text LIKE '%Erasable%'`, [`alert-${id}`]);
    expect({ view: JSON.stringify(hubView.body).includes('Erasable'), replay: String(hubReplay.body).includes('Erasable'), eventLogRows: row.n })
      .toEqual({ view: false, replay: false, eventLogRows: 0 });
  }, 60_000);

  it("the hub refuses feedback from an agency the alert was never shared with (TM on AZ's bilateral-to-KZ alert)", async () => {
    const raised = await call('POST', `${p.nodes.AZ.url}/api/alerts`, {
      token: t.az, body: minimalSeizure({ kind: 'high-risk-consignment', quantity: undefined, unit: 'AZ-ALYAT', distribution: { level: 'bilateral', recipients: ['KZ'] } }),
    });
    expect(raised.status).toBe(201);
    const id = raised.body.id as string;
    await hubCaughtUp('AZ');
    expect((await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t.tm })).status).toBe(404);
    // An honest TM node would be refused (it asks the hub with the officer's token) ...
    expect((await call('POST', `${p.nodes.TM.url}/api/feedback`, { token: t.tm, body: { alertId: id, outcome: 'nothing-found' } })).status).toBe(404);
    // ... a compromised TM node writes it into its own log anyway.
    await appendAs('TM', feedbackStreamId('AZ', id), [
      { type: 'FeedbackGiven', payload: { feedbackId: randomUUID(), alert: { agency: 'AZ', alertId: id }, agency: 'TM', unit: 'TM-TURKMENBASHI', outcome: 'seizure', notes: 'TM was never shown this alert' } },
    ]);
    await hubCaughtUp('TM');
    const view = await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t.az });
    expect(view.body.feedback.filter((f: { agency: string }) => f.agency === 'TM')).toEqual([]);
    const [q] = await hubDb.query(`SELECT count(*)::int AS n FROM hub_quarantine WHERE agency = 'TM' AND raw::text LIKE $1`, [`%${id}%`]);
    expect(q.n).toBe(1);
  }, 60_000);

  it("access-log positions do not count another agency's reads of alerts the auditor cannot see", async () => {
    const hidden = await call('POST', `${p.nodes.AZ.url}/api/alerts`, { token: t.az, body: minimalSeizure({ unit: 'AZ-ALYAT', distribution: { level: 'bilateral', recipients: ['TM'] } }) });
    await hubCaughtUp('AZ');
    const positions = async () => (await call('GET', `${p.hub.url}/api/audit/access-log?limit=500`, { token: t.kzAuditor })).body.items.map((i: { position: number }) => i.position) as number[];
    const before = Math.max(...(await positions()));
    for (let i = 0; i < 7; i++) expect((await call('GET', `${p.hub.url}/api/alerts/${hidden.body.id}`, { token: t.az })).status).toBe(200);
    const after = (await positions()).filter((x) => x > before);
    // KZ's auditor sees only its own new access-log read; the positions must not reveal AZ's 7 reads in between.
    expect(after.length).toBe(1);
    expect(after[0] - before).toBe(1);
  }, 60_000);

  it("another agency's search terms (e.g. a person's name) are not shown to a third agency's auditor", async () => {
    const kzAlert = await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: t.kz, body: minimalSeizure({ commodity: { category: 'drugs', description: 'Sidorovsky brand tea' } }) });
    await hubCaughtUp('KZ');
    const search = await call('GET', `${p.hub.url}/api/alerts?q=Sidorovsky`, { token: t.az });
    expect(search.body.items.map((i: { id: string }) => i.id)).toContain(kzAlert.body.id);
    const log = await call('GET', `${p.hub.url}/api/audit/access-log?alert=${kzAlert.body.id}`, { token: t.kzAuditor });
    const azSearch = log.body.items.find((i: { agency: string; action: string }) => i.agency === 'AZ' && i.action === 'alert.search');
    expect(azSearch).toBeDefined();
    // KZ learns that AZ read its alert (fine); the query AZ typed is AZ's own investigative data.
    expect(JSON.stringify(azSearch)).not.toContain('Sidorovsky');
  }, 60_000);
});
