import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { alertStreamId, eventSubject, feedbackStreamId, natsInboxPrefix } from '@cix/contracts';
import { checkEvent, loadSigningKey, signEvent, TrustStore } from '@cix/event-store';
import { rebuildProjections, readModelChecksum } from '@cix/read-model';
import { appendAsNode, hubCaughtUp as waitForHub, operatorConnection, raiseAzAlertSeenOnHub, type ForgedEvent } from '../support/compromised-node.js';
import { call, eventually } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';
import { testKeys } from '../support/test-env.js';

// Threat: a national node (its own NATS user, its own real signing key, a correctly chained log)
// names another agency's alert. Its events are genuine in its own history, so its chain advances
// at the hub; they must never change the other agency's alert, live or rebuilt.
describe("owner binding: no agency's event changes another agency's alert", () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let hubDb: DataSource;
  let hubNats: NatsConnection;
  const tokens = {} as Record<'az' | 'kz' | 'tm' | 'coordinator', string>;
  let alertId: string;

  const appendAs = (agency: string, streamId: string, events: ForgedEvent[]) => appendAsNode(p.nodes[agency], streamId, events);

  const hubCaughtUp = (agency: string) => waitForHub(p.nodes[agency], hubDb);

  const viewAs = async (who: keyof typeof tokens) => {
    const r = await call('GET', `${p.hub.url}/api/alerts/${alertId}`, { token: tokens[who] });
    expect(r.status).toBe(200);
    return r.body;
  };
  const views = async () => ({ az: await viewAs('az'), kz: await viewAs('kz'), coordinator: await viewAs('coordinator') });
  const reasons = async (agency: string): Promise<string[]> =>
    (await hubDb.query(`SELECT reason FROM hub_quarantine WHERE agency = $1 ORDER BY id`, [agency])).map((r: { reason: string }) => r.reason);

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ', 'TM']);
    tokens.az = await token('AZ', 'officer', 'AZ-ALYAT');
    tokens.kz = await token('KZ', 'officer', 'KZ-AKTAU');
    tokens.tm = await token('TM', 'officer', 'TM-TURKMENBASHI');
    tokens.coordinator = await token('CCP', 'coordinator');
    hubDb = new DataSource({ type: 'postgres', url: p.hub.databaseUrl });
    await hubDb.initialize();
    // The rebuild is an operator's command: it makes consumers of its own, which the hub's user may not.
    hubNats = await operatorConnection(p.nats);
    alertId = await raiseAzAlertSeenOnHub(p, tokens.az, tokens.kz);
  }, 90_000);

  afterAll(async () => {
    await hubNats?.close();
    await hubDb?.destroy();
    await p?.close();
  });

  it("TM's correctly signed and chained events naming AZ's alert are quarantined; AZ's alert is unchanged and AZ's later amendment applies", async () => {
    const before = await views();
    const [rowBefore] = await hubDb.query('SELECT agency, state FROM hub_alerts WHERE id = $1', [alertId]);
    // Content a node's own validation would produce (a node writes whatever its log says; only the shape must hold).
    const forgedContent = { ...rowBefore.state.content, unit: 'TM-TURKMENBASHI', commodity: { category: 'weapons', description: 'overwritten by TM' } };
    const azSnapshot = { ...rowBefore.state };
    const tmHead = (await call('GET', `${p.nodes.TM.url}/health`, { token: await token('TM', 'auditor') })).body.relay.tail;

    await appendAs('TM', alertStreamId(alertId), [
      // Raised under TM's own name, with AZ's alert id.
      {
        type: 'AlertRaised',
        payload: {
          alertId,
          agency: 'TM',
          content: forgedContent,
          distribution: { level: 'bilateral', recipients: ['TM'] },
          feedbackDueAt: rowBefore.state.feedbackDueAt,
          expiresAt: rowBefore.state.expiresAt,
        },
      },
      { type: 'AlertAmended', payload: { alertId, changes: { commodity: { category: 'weapons', description: 'amended by TM' } } } },
      // Raised in AZ's name, on TM's stream.
      {
        type: 'AlertRaised',
        payload: {
          alertId,
          agency: 'AZ',
          content: forgedContent,
          distribution: { level: 'regional', recipients: [] },
          feedbackDueAt: rowBefore.state.feedbackDueAt,
          expiresAt: rowBefore.state.expiresAt,
        },
      },
      // A distribution change carrying AZ's alert as its snapshot.
      {
        type: 'AlertDistributionChanged',
        payload: { alertId, distribution: { level: 'bilateral', recipients: ['TM'] }, previous: { level: 'regional', recipients: [] }, snapshot: azSnapshot },
      },
    ]);
    await hubCaughtUp('TM');

    // TM's chain advanced over all four (they are genuine in TM's log) ...
    const [cp] = await hubDb.query(`SELECT position FROM hub_checkpoints WHERE agency = 'TM'`);
    expect(Number(cp.position)).toBe(tmHead + 4);
    // ... but AZ's alert is exactly what it was, for every reader.
    expect(await views()).toEqual(before);
    const [rowAfter] = await hubDb.query('SELECT agency, state FROM hub_alerts WHERE id = $1', [alertId]);
    expect(rowAfter).toEqual(rowBefore);
    expect(await reasons('TM')).toEqual([
      `alert ${alertId} belongs to AZ; event of TM refused`,
      `alert ${alertId} belongs to AZ; event of TM refused`,
      `AlertRaised of TM names agency AZ for alert ${alertId}; refused`,
      expect.stringMatching(new RegExp(`^snapshot in AlertDistributionChanged of TM is of alert ${alertId} of AZ; refused$`)),
    ]);
    expect(await reasons('AZ')).toEqual([]);
    const health = await call('GET', `${p.hub.url}/health`, { token: tokens.coordinator });
    expect(health.body.quarantinedByAgency).toEqual({ TM: 4 });

    // AZ's own later amendment still applies, for every reader.
    const amended = await call('POST', `${p.nodes.AZ.url}/api/alerts/${alertId}/amendments`, {
      token: tokens.az,
      body: { expectedVersion: 1, changes: { recommendedAction: 'inspect' } },
    });
    expect(amended.status).toBe(200);
    await hubCaughtUp('AZ');
    for (const v of Object.values(await views())) {
      expect(v).toMatchObject({
        agency: 'AZ',
        version: 2,
        recommendedAction: 'inspect',
        commodity: { category: 'drugs', description: 'AZ original' },
        distribution: { level: 'regional' },
      });
    }
  }, 60_000);

  it('a repeated AlertRaised of the owner itself does not reset its alert', async () => {
    const before = await views();
    const [row] = await hubDb.query('SELECT state FROM hub_alerts WHERE id = $1', [alertId]);
    await appendAs('AZ', alertStreamId(alertId), [
      {
        type: 'AlertRaised',
        payload: {
          alertId,
          agency: 'AZ',
          content: { ...row.state.content, commodity: { category: 'drugs', description: 'raised again' } },
          distribution: { level: 'regional', recipients: [] },
          feedbackDueAt: row.state.feedbackDueAt,
          expiresAt: row.state.expiresAt,
        },
      },
    ]);
    await hubCaughtUp('AZ');
    expect(await views()).toEqual(before);
    expect(await reasons('AZ')).toEqual([`alert ${alertId} already raised by AZ; repeated AlertRaised refused`]);
  }, 60_000);

  it("feedback attaches to another agency's alert but never changes it, and cannot be re-addressed to another owner", async () => {
    const given = await call('POST', `${p.nodes.TM.url}/api/feedback`, { token: tokens.tm, body: { alertId, outcome: 'nothing-found', notes: 'genuine' } });
    expect(given.status).toBe(201);
    await hubCaughtUp('TM');
    const before = await views();
    expect(before.az.feedback).toEqual([expect.objectContaining({ agency: 'TM', outcome: 'nothing-found', notes: 'genuine' })]);
    const [rowBefore] = await hubDb.query('SELECT agency, state FROM hub_alerts WHERE id = $1', [alertId]);

    const feedback = (alert: { agency: string; alertId: string }, agency: string) => ({
      type: 'FeedbackGiven',
      payload: { feedbackId: randomUUID(), alert, agency, unit: 'TM-TURKMENBASHI', outcome: 'seizure', notes: 'forged' },
    });
    // The same alert id, claimed to be KZ's.
    await appendAs('TM', feedbackStreamId('KZ', alertId), [feedback({ agency: 'KZ', alertId }, 'TM')]);
    // Feedback stated in KZ's name.
    await appendAs('TM', feedbackStreamId('AZ', alertId), [feedback({ agency: 'AZ', alertId }, 'KZ')]);
    await hubCaughtUp('TM');

    expect(await views()).toEqual(before);
    const [rowAfter] = await hubDb.query('SELECT agency, state FROM hub_alerts WHERE id = $1', [alertId]);
    expect(rowAfter).toEqual(rowBefore);
    const rows = await hubDb.query('SELECT agency, alert_agency, outcome FROM hub_feedback WHERE alert_id = $1', [alertId]);
    expect(rows).toEqual([{ agency: 'TM', alert_agency: 'AZ', outcome: 'nothing-found' }]);
    expect((await reasons('TM')).slice(4)).toEqual([
      `alert ${alertId} belongs to AZ; feedback of TM names KZ; refused`,
      'feedback of TM states agency KZ; refused',
    ]);
    expect((await call('GET', `${p.hub.url}/health`, { token: tokens.coordinator })).body.quarantinedByAgency).toEqual({ AZ: 1, TM: 6 });
  }, 60_000);

  it('feedback that arrives before the alert it names is dropped and quarantined once the real owner raises it', async () => {
    const early = randomUUID();
    await appendAs('KZ', feedbackStreamId('TM', early), [
      {
        type: 'FeedbackGiven',
        payload: {
          feedbackId: randomUUID(),
          alert: { agency: 'TM', alertId: early },
          agency: 'KZ',
          unit: 'KZ-AKTAU',
          outcome: 'seizure',
          notes: 'pre-announced',
        },
      },
    ]);
    await hubCaughtUp('KZ');
    expect(await hubDb.query('SELECT agency, alert_agency FROM hub_feedback WHERE alert_id = $1', [early])).toEqual([{ agency: 'KZ', alert_agency: 'TM' }]);
    const [template] = await hubDb.query('SELECT state FROM hub_alerts WHERE id = $1', [alertId]);
    await appendAs('AZ', alertStreamId(early), [
      {
        type: 'AlertRaised',
        payload: {
          alertId: early,
          agency: 'AZ',
          content: template.state.content,
          distribution: { level: 'regional', recipients: [] },
          feedbackDueAt: template.state.feedbackDueAt,
          expiresAt: template.state.expiresAt,
        },
      },
    ]);
    await hubCaughtUp('AZ');
    const view = await call('GET', `${p.hub.url}/api/alerts/${early}`, { token: tokens.az });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ agency: 'AZ', feedback: [] });
    expect(await reasons('KZ')).toEqual([`alert ${early} belongs to AZ; feedback of KZ names TM; refused`]);
  }, 60_000);

  it('a rebuild from the streams reaches the same model and the same quarantine', async () => {
    await hubCaughtUp('AZ');
    await hubCaughtUp('KZ');
    await hubCaughtUp('TM');
    const before = {
      views: await views(),
      checksum: await readModelChecksum(hubDb, 'public'),
      quarantine: await hubDb.query('SELECT agency, stream_sequence, reason FROM hub_quarantine ORDER BY id'),
    };
    const trust = new TrustStore();
    for (const [a, k] of Object.entries(testKeys.nodes)) trust.add(a, k.keyId, readFileSync(k.pub));
    const report = await rebuildProjections({ db: hubDb, nats: hubNats, agencies: ['AZ', 'KZ', 'TM'], trust, restart: true });
    expect(report.swapped).toBe(true);
    expect(report.rebuiltChecksum).toBe(report.liveChecksum);
    expect(await readModelChecksum(hubDb, 'public')).toBe(before.checksum);
    const line = (r: { agency: string; position?: number | string; stream_sequence?: string; reason: string }) =>
      `${r.agency} ${Number(r.position ?? r.stream_sequence)} ${r.reason}`;
    expect(report.refused.map(line).sort()).toEqual(before.quarantine.map(line).sort());
    // The hub's quarantine is its own record: the rebuild meets the same refusals and records nothing twice.
    expect(await hubDb.query('SELECT agency, stream_sequence, reason FROM hub_quarantine ORDER BY id')).toEqual(before.quarantine);
    expect(await views()).toEqual(before.views);
  }, 90_000);

  it("TM's real key never makes an event in AZ's name: refused on TM's stream, AZ's chain and alert untouched", async () => {
    const before = await views();
    const [azCp] = await hubDb.query(`SELECT position, hash FROM hub_checkpoints WHERE agency = 'AZ'`);
    const [row] = await hubDb.query('SELECT state FROM hub_alerts WHERE id = $1', [alertId]);
    const tmKey = loadSigningKey(testKeys.nodes.TM.key, testKeys.nodes.TM.keyId);
    const inAzName = (keyId: string) =>
      signEvent(
        {
          agency: 'AZ',
          position: Number(azCp.position) + 1,
          eventId: randomUUID(),
          streamId: alertStreamId(alertId),
          streamVersion: 9,
          type: 'AlertAmended',
          schemaVersion: 1,
          payload: { alertId, changes: { recommendedAction: 'release' } },
          metadata: { actor: 'mallory', agency: 'AZ', correlationId: randomUUID() },
          occurredAt: new Date().toISOString(),
          recordedAt: new Date().toISOString(),
          prevHash: azCp.hash,
        },
        { keyId, privateKey: tmKey.privateKey },
      );
    const tm = await connect({
      servers: p.nats.url,
      user: p.nats.users.TM.user,
      pass: p.nats.users.TM.password,
      inboxPrefix: natsInboxPrefix(p.nats.users.TM.user),
    });
    try {
      await jetstream(tm).publish(eventSubject('TM', 'AlertAmended'), JSON.stringify(inAzName(testKeys.nodes.TM.keyId)));
      await jetstream(tm).publish(eventSubject('TM', 'AlertAmended'), JSON.stringify(inAzName(testKeys.nodes.AZ.keyId)));
    } finally {
      await tm.close();
    }
    await eventually(async () => (await reasons('TM')).filter((r) => r === "event of AZ on TM's stream").length === 2, 'both refused');
    expect(await views()).toEqual(before);
    expect(await hubDb.query(`SELECT position, hash FROM hub_checkpoints WHERE agency = 'AZ'`)).toEqual([azCp]);
    expect((await hubDb.query('SELECT state FROM hub_alerts WHERE id = $1', [alertId]))[0]).toEqual(row);
    // And the trust store itself: keys are per agency, so TM's key verifies nothing in AZ's name.
    const trust = new TrustStore();
    for (const [a, k] of Object.entries(testKeys.nodes)) trust.add(a, k.keyId, readFileSync(k.pub));
    expect(checkEvent(inAzName(testKeys.nodes.TM.keyId), trust)).toBe('unknown-key');
    expect(checkEvent(inAzName(testKeys.nodes.AZ.keyId), trust)).toBe('bad-signature');
  }, 60_000);
});
