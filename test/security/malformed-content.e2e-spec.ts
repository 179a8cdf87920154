import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { alertStreamId } from '@cix/contracts';
import { TrustStore } from '@cix/event-store';
import { rebuildProjections, readModelChecksum } from '@cix/read-model';
import { appendAsNode, operatorConnection, type ForgedEvent } from '../support/compromised-node.js';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';
import { testKeys } from '../support/test-env.js';

// Threat: a compromised (or buggy) node signs content of the wrong shape. The signature is genuine,
// so only the shape can be judged: the hub must refuse the event (quarantine, chain advances) and
// keep consuming that agency's stream, instead of throwing on it forever.
describe('malformed content in correctly signed events', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let hubDb: DataSource;
  let operatorNats: NatsConnection;
  let tmOfficer: string;
  let coordinator: string;

  const appendAs = (agency: string, streamId: string, events: ForgedEvent[]) => appendAsNode(p.nodes[agency], streamId, events);

  const reasons = async (): Promise<string[]> =>
    (await hubDb.query(`SELECT reason FROM hub_quarantine WHERE agency = 'TM' ORDER BY id`)).map((r: { reason: string }) => r.reason);

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'TM']);
    tmOfficer = await token('TM', 'officer', 'TM-TURKMENBASHI');
    coordinator = await token('CCP', 'coordinator');
    hubDb = new DataSource({ type: 'postgres', url: p.hub.databaseUrl });
    await hubDb.initialize();
    operatorNats = await operatorConnection(p.nats);
  }, 90_000);

  afterAll(async () => {
    await operatorNats?.close();
    await hubDb?.destroy();
    await p?.close();
  });

  it("a raise without parties and an amendment that breaks a list are refused; TM's next genuine alert still reaches the hub", async () => {
    const good = await call('POST', `${p.nodes.TM.url}/api/alerts`, { token: tmOfficer, body: minimalSeizure({ unit: 'TM-TURKMENBASHI' }) });
    expect(good.status).toBe(201);
    await eventually(
      async () => (await call('GET', `${p.hub.url}/api/alerts/${good.body.id}`, { token: coordinator })).status === 200,
      'first alert on the hub',
    );
    const [row] = await hubDb.query('SELECT state FROM hub_alerts WHERE id = $1', [good.body.id]);

    const broken = randomUUID();
    const { parties: _dropped, ...noParties } = row.state.content;
    await appendAs('TM', alertStreamId(broken), [
      {
        type: 'AlertRaised',
        payload: {
          alertId: broken,
          agency: 'TM',
          content: { ...noParties, commodity: 'not an object' },
          distribution: { level: 'regional', recipients: [] },
          feedbackDueAt: row.state.feedbackDueAt,
          expiresAt: row.state.expiresAt,
        },
      },
    ]);
    await appendAs('TM', alertStreamId(good.body.id), [{ type: 'AlertAmended', payload: { alertId: good.body.id, changes: { containers: 'MSCU1234565' } } }]);

    const next = await call('POST', `${p.nodes.TM.url}/api/alerts`, { token: tmOfficer, body: minimalSeizure({ unit: 'TM-TURKMENBASHI' }) });
    expect(next.status).toBe(201);
    await eventually(
      async () => (await call('GET', `${p.hub.url}/api/alerts/${next.body.id}`, { token: coordinator })).status === 200,
      'the stream keeps flowing',
    );

    expect(await reasons()).toEqual([
      expect.stringMatching(/^AlertRaised of TM leaves alert .* malformed: content\.parties is malformed; refused$/),
      expect.stringMatching(/^AlertAmended of TM leaves alert .* malformed: content\.containers is malformed; refused$/),
    ]);
    expect((await call('GET', `${p.hub.url}/api/alerts/${broken}`, { token: coordinator })).status).toBe(404);
    const [after] = await hubDb.query('SELECT state FROM hub_alerts WHERE id = $1', [good.body.id]);
    expect(after.state).toEqual(row.state);
  }, 90_000);

  it('an officer cannot remove a field every report keeps: null on parties, containers or handlingCode is a 400; [] empties a list', async () => {
    const raised = await call('POST', `${p.nodes.TM.url}/api/alerts`, {
      token: tmOfficer,
      body: minimalSeizure({ unit: 'TM-TURKMENBASHI', parties: [{ role: 'shipper', name: 'Acme LLC', isPerson: false }] }),
    });
    expect(raised.status).toBe(201);
    for (const field of ['parties', 'containers', 'handlingCode']) {
      const r = await call('POST', `${p.nodes.TM.url}/api/alerts/${raised.body.id}/amendments`, {
        token: tmOfficer,
        body: { expectedVersion: 1, changes: { [field]: null } },
      });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([expect.objectContaining({ field: `changes.${field}`, rule: 'required' })]);
    }
    const emptied = await call('POST', `${p.nodes.TM.url}/api/alerts/${raised.body.id}/amendments`, {
      token: tmOfficer,
      body: { expectedVersion: 1, changes: { parties: [] } },
    });
    expect(emptied.status).toBe(200);
    await eventually(
      async () => (await call('GET', `${p.hub.url}/api/alerts/${raised.body.id}`, { token: coordinator })).body.version === 2,
      'the amendment reaches the hub',
    );
  }, 60_000);

  it('a rebuild refuses the same events and reaches the same model', async () => {
    const quarantine = await hubDb.query('SELECT stream_sequence, reason FROM hub_quarantine ORDER BY id');
    const trust = new TrustStore();
    for (const [a, k] of Object.entries(testKeys.nodes)) trust.add(a, k.keyId, readFileSync(k.pub));
    const live = await readModelChecksum(hubDb, 'public');
    const report = await rebuildProjections({ db: hubDb, nats: operatorNats, agencies: ['AZ', 'TM'], trust, restart: true });
    expect(report.swapped).toBe(true);
    expect(report.rebuiltChecksum).toBe(live);
    expect(report.refused.map((r) => `${Number(r.position)} ${r.reason}`).sort()).toEqual(
      quarantine.map((r: { stream_sequence: string; reason: string }) => `${Number(r.stream_sequence)} ${r.reason}`).sort(),
    );
  }, 90_000);
});
