import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { alertStreamId, feedbackStreamId } from '@cix/contracts';
import { TrustStore } from '@cix/event-store';
import { rebuildProjections } from '@cix/read-model';
import { appendAsNode, hubCaughtUp as waitForHub, operatorConnection, raiseAzAlertSeenOnHub, type ForgedEvent } from '../support/compromised-node.js';
import { call, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';
import { testKeys } from '../support/test-env.js';

// Threat: a compromised national node (its own real key, a correctly chained log) writes events
// naming another agency's alert, or feedback on an alert never shared with it. The live hub
// refuses them; they stay in its event log (the node's chain runs through them), so every path
// that reads that log — time travel, the auditors' timeline, exposure, a rebuild — must refuse
// them the same way. (Found by the adversary review of issue 10, findings 1, 2 and 6.)
describe("forged history: events the hub refused stay out of an alert's history and out of a rebuild", () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let hubDb: DataSource;
  let operatorNats: NatsConnection;
  const t = {} as Record<'az' | 'kz' | 'tm' | 'azAuditor' | 'ccpAuditor', string>;
  let alertId: string;
  let hijacked: string;

  const appendAs = (agency: string, streamId: string, events: ForgedEvent[]) => appendAsNode(p.nodes[agency], streamId, events);
  const hubCaughtUp = (agency: string) => waitForHub(p.nodes[agency], hubDb);

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ', 'TM']);
    t.az = await token('AZ', 'officer', 'AZ-ALYAT');
    t.kz = await token('KZ', 'officer', 'KZ-AKTAU');
    t.tm = await token('TM', 'officer', 'TM-TURKMENBASHI');
    t.azAuditor = await token('AZ', 'auditor');
    t.ccpAuditor = await token('CCP', 'auditor');
    hubDb = new DataSource({ type: 'postgres', url: p.hub.databaseUrl });
    await hubDb.initialize();
    operatorNats = await operatorConnection(p.nats);
    alertId = await raiseAzAlertSeenOnHub(p, t.az, t.kz);

    // TM (compromised node, its own real key and log) names AZ's alert. The live projector refuses all of it.
    const [row] = await hubDb.query('SELECT state FROM hub_alerts WHERE id = $1', [alertId]);
    await appendAs('TM', alertStreamId(alertId), [
      {
        type: 'AlertRaised',
        payload: {
          alertId,
          agency: 'TM',
          content: { ...row.state.content, unit: 'TM-TURKMENBASHI', commodity: { category: 'weapons', description: 'forged by TM' } },
          distribution: { level: 'regional', recipients: [] },
          feedbackDueAt: row.state.feedbackDueAt,
          expiresAt: row.state.expiresAt,
        },
      },
      { type: 'AlertAmended', payload: { alertId, changes: { recommendedAction: 'release without inspection (forged by TM)' } } },
    ]);
    await appendAs('TM', feedbackStreamId('AZ', alertId), [
      {
        type: 'FeedbackGiven',
        payload: {
          feedbackId: randomUUID(),
          alert: { agency: 'AZ', alertId },
          agency: 'KZ',
          unit: 'KZ-AKTAU',
          outcome: 'seizure',
          notes: 'forged in KZ name by TM',
        },
      },
    ]);
    await hubCaughtUp('TM');
    // AZ then adds a natural person to its alert (personal data: AZ only).
    const amended = await call('POST', `${p.nodes.AZ.url}/api/alerts/${alertId}/amendments`, {
      token: t.az,
      body: { expectedVersion: 1, changes: { parties: [{ role: 'driver', isPerson: true, name: 'Ivan Petrovich Sidorov', documentNumber: 'AB1234567' }] } },
    });
    expect(amended.status).toBe(200);
    await hubCaughtUp('AZ');
  }, 120_000);

  afterAll(async () => {
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

  it("the hub refuses feedback from an agency the alert was never shared with (TM on AZ's bilateral-to-KZ alert)", async () => {
    const raised = await call('POST', `${p.nodes.AZ.url}/api/alerts`, {
      token: t.az,
      body: minimalSeizure({ kind: 'high-risk-consignment', quantity: undefined, unit: 'AZ-ALYAT', distribution: { level: 'bilateral', recipients: ['KZ'] } }),
    });
    expect(raised.status).toBe(201);
    const id = raised.body.id as string;
    await hubCaughtUp('AZ');
    expect((await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t.tm })).status).toBe(404);
    // An honest TM node would be refused (it asks the hub with the officer's token) ...
    expect((await call('POST', `${p.nodes.TM.url}/api/feedback`, { token: t.tm, body: { alertId: id, outcome: 'nothing-found' } })).status).toBe(404);
    // ... a compromised TM node writes it into its own log anyway.
    await appendAs('TM', feedbackStreamId('AZ', id), [
      {
        type: 'FeedbackGiven',
        payload: {
          feedbackId: randomUUID(),
          alert: { agency: 'AZ', alertId: id },
          agency: 'TM',
          unit: 'TM-TURKMENBASHI',
          outcome: 'seizure',
          notes: 'TM was never shown this alert',
        },
      },
    ]);
    await hubCaughtUp('TM');
    const view = await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t.az });
    expect(view.body.feedback.filter((f: { agency: string }) => f.agency === 'TM')).toEqual([]);
    const [q] = await hubDb.query(`SELECT count(*)::int AS n FROM hub_quarantine WHERE agency = 'TM' AND raw::text LIKE $1`, [`%${id}%`]);
    expect(q.n).toBe(1);
  }, 60_000);

  it('a rebuild gives the same owner as the live hub: AZ (first in HUB_AGENCIES) cannot hijack a KZ alert raised earlier', async () => {
    const kzRaised = await call('POST', `${p.nodes.KZ.url}/api/alerts`, {
      token: t.kz,
      body: minimalSeizure({ commodity: { category: 'drugs', description: 'KZ original' } }),
    });
    expect(kzRaised.status).toBe(201);
    const kzId = kzRaised.body.id as string;
    hijacked = kzId;
    await hubCaughtUp('KZ');
    const [row] = await hubDb.query('SELECT state FROM hub_alerts WHERE id = $1', [kzId]);
    // AZ learns the id (regional alert, visible to AZ) and raises it in its own name on its own log.
    await appendAs('AZ', alertStreamId(kzId), [
      {
        type: 'AlertRaised',
        payload: {
          alertId: kzId,
          agency: 'AZ',
          content: { ...row.state.content, unit: 'AZ-ALYAT', commodity: { category: 'drugs', description: 'hijacked by AZ' } },
          distribution: { level: 'bilateral', recipients: ['AZ'] },
          feedbackDueAt: row.state.feedbackDueAt,
          expiresAt: row.state.expiresAt,
        },
      },
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
    expect({ owner: owner?.agency, status: after.status, description: after.body?.commodity?.description }).toEqual({
      owner: 'KZ',
      status: 200,
      description: 'KZ original',
    });
    expect(report.swapped && report.rebuiltChecksum !== report.liveChecksum).toBe(false);
    expect(report.contested).toEqual([]);
  }, 120_000);

  it("a rebuild without the live hub's decisions (its database lost) reports the contested alert loudly", async () => {
    await hubDb.query(`DELETE FROM hub_quarantine WHERE agency = 'AZ' AND subject = 'projection' AND raw LIKE $1`, [`%${hijacked}%`]);
    const trust = new TrustStore();
    for (const [a, k] of Object.entries(testKeys.nodes)) trust.add(a, k.keyId, readFileSync(k.pub));
    const report = await rebuildProjections({ db: hubDb, nats: operatorNats, agencies: ['AZ', 'KZ', 'TM'], trust, restart: true });
    // Nothing tells which raise came first any more: the one read first is kept, and the operator is told.
    expect(report.contested).toEqual([expect.objectContaining({ alertId: hijacked, owner: 'AZ', claimant: 'KZ' })]);
    // Quarantined for auditors as the rebuild's own refusal: a later rebuild must not take it for the live hub's decision.
    const subjects = await hubDb.query(`SELECT subject FROM hub_quarantine WHERE agency = 'KZ' AND raw LIKE $1`, [`%${hijacked}%`]);
    expect(subjects).toEqual([{ subject: 'rebuild' }]);
  }, 120_000);
});
