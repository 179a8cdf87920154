import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { alertStreamId, feedbackStreamId, natsInboxPrefix } from '@cix/contracts';
import { EventStore, loadSigningKey, TrustStore } from '@cix/event-store';
import { rebuildProjections } from '../../apps/regional-hub/src/rebuild/projection-rebuild.js';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';
import { testKeys } from '../support/test-env.js';

// ADVERSARY: the owner binding (item 2) is enforced by the live projector and the rebuild's
// fold, but the quarantined events stay in hub_event_log under the victim's stream id, and
// (a) time travel / timeline / exposure re-fold hub_event_log without the binding;
// (b) the rebuild reads agencies one after another, so "first AlertRaised wins" depends on the
//     agency order, not on arrival: an agency earlier in HUB_AGENCIES hijacks a later one's alert.
describe('adversary: forged events naming another agency\'s alert, via history and rebuild', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let hubDb: DataSource;
  let operatorNats: NatsConnection;
  const nodeDbs: DataSource[] = [];
  const t = {} as Record<'az' | 'kz' | 'tm' | 'azAuditor' | 'ccpAuditor', string>;
  let alertId: string;

  async function appendAs(agency: string, streamId: string, events: Array<{ type: string; payload: unknown; recordedAt?: string }>): Promise<void> {
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
    t.ccpAuditor = await token('CCP', 'auditor');
    hubDb = new DataSource({ type: 'postgres', url: p.hub.databaseUrl });
    await hubDb.initialize();
    operatorNats = await connect({ servers: p.nats.url, user: p.nats.users.operator.user, pass: p.nats.users.operator.password, inboxPrefix: natsInboxPrefix(p.nats.users.operator.user) });
    const raised = await call('POST', `${p.nodes.AZ.url}/api/alerts`, {
      token: t.az, body: minimalSeizure({ kind: 'high-risk-consignment', quantity: undefined, unit: 'AZ-ALYAT', commodity: { category: 'drugs', description: 'AZ original' } }),
    });
    expect(raised.status).toBe(201);
    alertId = raised.body.id;
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${alertId}`, { token: t.kz })).status === 200, "AZ's alert on the hub");

    // TM (compromised node, its own real key and log) names AZ's alert. The live projector refuses all of it.
    const [row] = await hubDb.query('SELECT state FROM hub_alerts WHERE id = $1', [alertId]);
    await appendAs('TM', alertStreamId(alertId), [
      { type: 'AlertRaised', payload: { alertId, agency: 'TM', content: { ...row.state.content, unit: 'TM-TURKMENBASHI', commodity: { category: 'weapons', description: 'forged by TM' } }, distribution: { level: 'regional', recipients: [] }, feedbackDueAt: row.state.feedbackDueAt, expiresAt: row.state.expiresAt } },
      { type: 'AlertAmended', payload: { alertId, changes: { recommendedAction: 'release without inspection (forged by TM)' } } },
    ]);
    await appendAs('TM', feedbackStreamId('AZ', alertId), [
      { type: 'FeedbackGiven', payload: { feedbackId: randomUUID(), alert: { agency: 'AZ', alertId }, agency: 'KZ', unit: 'KZ-AKTAU', outcome: 'seizure', notes: 'forged in KZ name by TM' } },
    ]);
    await hubCaughtUp('TM');
    // AZ then adds a natural person to its alert (personal data: AZ only).
    const amended = await call('POST', `${p.nodes.AZ.url}/api/alerts/${alertId}/amendments`, {
      token: t.az, body: { expectedVersion: 1, changes: { parties: [{ role: 'driver', isPerson: true, name: 'Ivan Petrovich Sidorov', documentNumber: 'AB1234567' }] } },
    });
    expect(amended.status).toBe(200);
    await hubCaughtUp('AZ');
  }, 120_000);

  afterAll(async () => {
    for (const db of nodeDbs) await db.destroy().catch(() => undefined);
    await operatorNats?.close();
    await hubDb?.destroy();
    await p?.close();
  });

  it('sanity: the live detail view holds (forgeries quarantined, AZ content, person withheld from KZ)', async () => {
    const live = await call('GET', `${p.hub.url}/api/alerts/${alertId}`, { token: t.kz });
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ agency: 'AZ', commodity: { description: 'AZ original' } });
    expect(JSON.stringify(live.body)).not.toContain('Sidorov');
    expect(JSON.stringify(live.body)).not.toContain('forged');
  });

  it("time travel (?asOf=now) shows KZ exactly the live alert: no TM forgery, no feedback forged in KZ's name", async () => {
    const asOf = new Date(Date.now() + 1000).toISOString();
    const tt = await call('GET', `${p.hub.url}/api/alerts/${alertId}?asOf=${asOf}`, { token: t.kz });
    expect(tt.status).toBe(200);
    expect(JSON.stringify(tt.body)).not.toContain('forged');
    expect(tt.body).toMatchObject({ agency: 'AZ', commodity: { description: 'AZ original' } });
  });

  it("time travel never gives TM the person AZ committed to AZ's alert (TM's forged AlertRaised made the fold TM-owned)", async () => {
    const asOf = new Date(Date.now() + 1000).toISOString();
    const tt = await call('GET', `${p.hub.url}/api/alerts/${alertId}?asOf=${asOf}`, { token: t.tm });
    expect(tt.status).toBe(200);
    expect(JSON.stringify(tt.body)).not.toContain('Sidorov');
    expect(JSON.stringify(tt.body)).not.toContain('AB1234567');
    expect(tt.body.agency).toBe('AZ');
  });

  it("the auditors' timeline does not present TM's quarantined events as part of AZ's alert history", async () => {
    for (const who of [t.azAuditor, t.ccpAuditor]) {
      const tl = await call('GET', `${p.hub.url}/api/audit/alerts/${alertId}/timeline`, { token: who });
      expect(tl.status).toBe(200);
      const foreign = tl.body.items.filter((i: { agency: string; type: string }) => i.agency === 'TM');
      // at most TM's genuine feedback could appear; TM's AlertRaised/AlertAmended on AZ's alert must not
      expect(foreign.filter((i: { type: string }) => i.type !== 'FeedbackGiven')).toEqual([]);
      expect(JSON.stringify(tl.body)).not.toContain('forged');
    }
  });

  it('a rebuild gives the same owner as the live hub: AZ (first in HUB_AGENCIES) cannot hijack a KZ alert raised earlier', async () => {
    const kzRaised = await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: t.kz, body: minimalSeizure({ commodity: { category: 'drugs', description: 'KZ original' } }) });
    expect(kzRaised.status).toBe(201);
    const kzId = kzRaised.body.id as string;
    await hubCaughtUp('KZ');
    const [row] = await hubDb.query('SELECT state FROM hub_alerts WHERE id = $1', [kzId]);
    // AZ learns the id (regional alert, visible to AZ) and raises it in its own name on its own log.
    await appendAs('AZ', alertStreamId(kzId), [
      { type: 'AlertRaised', payload: { alertId: kzId, agency: 'AZ', content: { ...row.state.content, unit: 'AZ-ALYAT', commodity: { category: 'drugs', description: 'hijacked by AZ' } }, distribution: { level: 'bilateral', recipients: ['AZ'] }, feedbackDueAt: row.state.feedbackDueAt, expiresAt: row.state.expiresAt } },
    ]);
    await hubCaughtUp('AZ');
    // Live: refused.
    const live = await call('GET', `${p.hub.url}/api/alerts/${kzId}`, { token: t.kz });
    expect(live.body).toMatchObject({ agency: 'KZ', commodity: { description: 'KZ original' } });

    const trust = new TrustStore();
    for (const [a, k] of Object.entries(testKeys.nodes)) trust.add(a, k.keyId, readFileSync(k.pub));
    const report = await rebuildProjections({ db: hubDb, nats: operatorNats, agencies: ['AZ', 'KZ', 'TM'], trust, restart: true });
    const after = await call('GET', `${p.hub.url}/api/alerts/${kzId}`, { token: t.kz });
    const [owner] = await hubDb.query('SELECT agency FROM hub_alerts WHERE id = $1', [kzId]);
    // What should hold: the rebuild reaches the live model (or refuses to swap when it does not).
    expect({ owner: owner?.agency, status: after.status, description: after.body?.commodity?.description }).toEqual({ owner: 'KZ', status: 200, description: 'KZ original' });
    expect(report.swapped && report.rebuiltChecksum !== report.liveChecksum).toBe(false);
  }, 120_000);
});
