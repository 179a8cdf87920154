import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { eventSubject, hubDurableName, natsInboxPrefix, streamName, type SignedEvent } from '@cix/contracts';
import { rebuildProjections } from '@cix/read-model';
import { operatorConnection } from '../support/compromised-node.js';
import { call } from '../support/http.js';
import { startHub, token } from '../support/platform.js';
import { nodeTrust as trust, openHubDatabase, project, SignedLog } from '../support/signed-log.js';
import { startTestNats, type TestNats } from '../support/test-env.js';

/**
 * Threat: a compromised (or buggy) node signs an event that passes the hub's checks but not
 * PostgreSQL's (an int4 overflow, a NUL, a date only JavaScript parses, a non-UUID id). It used to
 * fail the whole batch's transaction, which the transport took for an outage: the agency's genuine
 * events behind it were held forever, nothing was quarantined and every rebuild threw. A NUL in a
 * refusal's reason (quoting unsigned text) made the quarantine itself fail and tore the consumer down.
 */

/** One agency's signed chain, as a compromised node would publish it. */
class Chain extends SignedLog {
  constructor(agency: string) {
    super(agency, { actor: 'mallory', agency });
  }
  raise(over: Record<string, unknown> = {}, content: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): SignedEvent {
    const id = randomUUID();
    return this.next(`alert-${id}`, 1, 'AlertRaised', { ...raised(this.agency, id, content), ...extra }, over);
  }
}

const raised = (agency: string, id: string, content: Record<string, unknown> = {}) => ({
  alertId: id,
  agency,
  content: {
    kind: 'seizure',
    unit: `${agency}-X`,
    occurredAt: '2026-11-20T08:00:00Z',
    commodity: { category: 'drugs', description: 'd' },
    containers: [],
    parties: [],
    handlingCode: 'H1',
    ...content,
  },
  distribution: { level: 'regional', recipients: [] },
  feedbackDueAt: '2026-12-20T08:00:00.000Z',
  expiresAt: '2027-11-20T08:00:00.000Z',
});

describe('projector: an event only PostgreSQL would refuse is refused alone', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await openHubDatabase('poisonbatch');
  });
  afterAll(async () => db?.destroy());

  const apply = (agency: string, msgs: unknown[]) => project(db, agency, msgs);
  const checkpoint = async (a: string) => Number((await db.query('SELECT position FROM hub_checkpoints WHERE agency = $1', [a]))[0]?.position ?? 0);
  const quarantined = async (a: string, position: number) =>
    (await db.query(`SELECT reason FROM hub_quarantine WHERE agency = $1 AND stream_sequence = $2`, [a, position])).map((r: { reason: string }) => r.reason);
  const alertExists = async (e: SignedEvent) =>
    (await db.query('SELECT 1 FROM hub_alerts WHERE id = $1', [(e.payload as { alertId: string }).alertId])).length === 1;

  it.each([
    ['a streamVersion beyond int4', { streamVersion: 2 ** 31 }, {}, {}, /streamVersion/],
    ['a non-UUID eventId', { eventId: 'not-a-uuid' }, {}, {}, /eventId is not a UUID/],
    ['a recordedAt only JavaScript parses', { recordedAt: '1' }, {}, {}, /recordedAt/],
    ['an envelope occurredAt in year 0', { occurredAt: '0000-01-01T00:00:00Z' }, {}, {}, /occurredAt/],
    ['a NUL in the payload', {}, {}, { note: 'a\u0000b' }, /NUL/],
    ['a lone surrogate in the payload', {}, {}, { note: 'a\ud800b' }, /surrogate/],
    ['a content date in year 0', {}, { occurredAt: '0000-01-01T00:00:00Z' }, {}, /content.occurredAt is malformed/],
    ['a content date that is no real day', {}, { eta: '2026-02-30T00:00:00Z' }, {}, /content.eta is malformed/],
  ])('%s: refused with its reason, the genuine events around it applied, the chain continues', async (_name, over, content, extra, reason) => {
    const agency = 'AZ';
    await db.query(`DELETE FROM hub_checkpoints WHERE agency = $1; `, [agency]);
    await db.query(`DELETE FROM hub_event_log WHERE agency = $1`, [agency]);
    await db.query(`DELETE FROM hub_quarantine WHERE agency = $1`, [agency]);
    const az = new Chain(agency);
    const before = az.raise();
    const poison = az.raise(over, content, extra);
    const after = az.raise();
    const r = await apply(agency, [before, poison, after]);
    expect(r.outcomes.map((o) => o.kind)).toEqual(['applied', 'applied', 'applied']);
    expect(r.refusals.map((x) => x.position)).toEqual([2]);
    expect(await checkpoint(agency)).toBe(3);
    expect(await alertExists(before)).toBe(true);
    expect(await alertExists(after)).toBe(true);
    expect(await quarantined(agency, 2)).toEqual([expect.stringMatching(reason)]);
    // The log keeps the chain whole, the refused event marked.
    const log = await db.query(`SELECT position, refusal IS NOT NULL AS refused FROM hub_event_log WHERE agency = $1 ORDER BY position`, [agency]);
    expect(log).toEqual([
      { position: '1', refused: false },
      { position: '2', refused: true },
      { position: '3', refused: false },
    ]);
  });

  it('what the shape checks miss, PostgreSQL refuses: the batch is narrowed to that event, which is refused with PostgreSQL’s message', async () => {
    const kz = new Chain('KZ');
    const tm = new Chain('TM');
    const alerts = [kz.raise(), kz.raise()];
    await apply('KZ', alerts);
    const feedback = (alert: SignedEvent, feedbackId: string) => {
      const alertId = (alert.payload as { alertId: string }).alertId;
      return tm.next(`feedback-KZ-${alertId}`, 1, 'FeedbackGiven', { feedbackId, alert: { agency: 'KZ', alertId }, agency: 'TM', outcome: 'no-seizure' });
    };
    const batch = [tm.raise(), feedback(alerts[0], randomUUID()), feedback(alerts[1], 'not-a-uuid'), tm.raise(), tm.raise()];
    const r = await apply('TM', batch);
    expect(r.outcomes.map((o) => o.kind)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(await checkpoint('TM')).toBe(5);
    expect(await quarantined('TM', 3)).toEqual([expect.stringContaining('PostgreSQL refused the event: invalid input syntax for type uuid')]);
    expect((await db.query(`SELECT alert_id FROM hub_feedback WHERE agency = 'TM'`)).map((x: { alert_id: string }) => x.alert_id)).toEqual([
      (alerts[0].payload as { alertId: string }).alertId,
    ]);
    for (const e of [batch[0], batch[3], batch[4]]) expect(await alertExists(e)).toBe(true);
  });

  it('a refusal reason quoting a NUL or a lone surrogate is quarantined, not a failed transaction', async () => {
    const kz = new Chain('KZ');
    const genuine = kz.raise();
    const r = await apply('KZ', [
      { ...genuine, agency: 'KZ\u0000' },
      { ...genuine, agency: 'KZ\udc00' },
    ]);
    expect(r.outcomes.map((o) => o.kind)).toEqual(['refused', 'refused']);
    const { insertQuarantine } = await import('@cix/read-model');
    for (const o of r.outcomes) {
      await insertQuarantine(db, { agency: 'KZ', subject: 'x\u0000', streamSequence: 99, reason: o.kind === 'refused' ? o.reason : '', raw: '\ud800' });
    }
    expect(await quarantined('KZ', 99)).toEqual(["event of KZ on KZ's stream", "event of KZ\ufffd on KZ's stream"]);
  });
});

describe('live hub and rebuild: a compromised TM node’s signed poison holds nothing but itself', () => {
  let nats: TestNats;
  let hub: Awaited<ReturnType<typeof startHub>>;
  let db: DataSource;
  let auditor: string;
  beforeAll(async () => {
    nats = await startTestNats(['KZ', 'TM']);
    hub = await startHub(nats, ['KZ', 'TM'], { LOG_LEVEL: 'warn' });
    db = new DataSource({ type: 'postgres', url: hub.databaseUrl });
    await db.initialize();
    auditor = await token('CCP', 'auditor');
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    await hub?.app.close();
    await nats?.stop();
  });

  const publish = async (agency: 'KZ' | 'TM', messages: unknown[]) => {
    const u = nats.users[agency];
    const nc = await connect({ servers: nats.url, user: u.user, pass: u.password, inboxPrefix: natsInboxPrefix(u.user) });
    const js = jetstream(nc);
    for (const m of messages) await js.publish(eventSubject(agency, 'AlertRaised'), JSON.stringify(m));
    await nc.close();
  };
  const checkpoint = async (a: string) => Number((await db.query('SELECT position FROM hub_checkpoints WHERE agency = $1', [a]))[0]?.position ?? 0);
  const health = async () => (await call('GET', `${hub.url}/health`, { token: auditor })).body as { consumers: Record<string, Record<string, unknown>> };
  async function until(check: () => Promise<boolean>, ms = 15_000) {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) if (await check()) return;
  }

  it('a signed event with a version beyond int4: quarantined, the genuine events after it applied, the rebuild succeeds and reports it', async () => {
    const tm = new Chain('TM');
    const first = tm.raise();
    const alertId = (first.payload as { alertId: string }).alertId;
    // The sixth passes every shape check; only PostgreSQL refuses its feedback id.
    const events = [first, tm.raise(), tm.raise({ streamVersion: 2 ** 31 }), tm.raise(), tm.raise()];
    events.push(
      tm.next(`feedback-TM-${alertId}`, 1, 'FeedbackGiven', { feedbackId: 'x', alert: { agency: 'TM', alertId }, agency: 'TM', outcome: 'no-seizure' }),
    );
    events.push(tm.raise());
    await publish('TM', events);
    await until(async () => (await checkpoint('TM')) === 7);
    expect(await checkpoint('TM')).toBe(7);
    const q = await db.query(`SELECT stream_sequence, reason FROM hub_quarantine WHERE agency = 'TM' ORDER BY stream_sequence`);
    expect(q).toEqual([
      { stream_sequence: '3', reason: expect.stringContaining('streamVersion 2147483648') },
      { stream_sequence: '6', reason: expect.stringContaining('PostgreSQL refused the event') },
    ]);
    expect(await db.query(`SELECT count(*)::int AS n FROM hub_alerts WHERE agency = 'TM'`)).toEqual([{ n: 5 }]);
    expect((await health()).consumers.stalled).toEqual({});

    const operator = await operatorConnection(nats);
    const report = await rebuildProjections({ db, nats: operator, agencies: ['KZ', 'TM'], trust, restart: true }).finally(() => operator.close());
    expect(report.swapped).toBe(true);
    expect(report.rebuiltChecksum).toBe(report.liveChecksum);
    expect(report.refused).toEqual([
      { agency: 'TM', position: 3, reason: expect.stringContaining('streamVersion 2147483648') },
      { agency: 'TM', position: 6, reason: expect.stringContaining('PostgreSQL refused the event') },
    ]);
  }, 60_000);

  it('an unsigned message whose refusal reason holds a NUL is quarantined at once; the genuine events after it are applied', async () => {
    const kz = new Chain('KZ');
    const genuine = [kz.raise(), kz.raise(), kz.raise()];
    await publish('KZ', [{ ...genuine[0], agency: 'KZ\u0000' }, ...genuine]);
    await until(async () => (await checkpoint('KZ')) === 3);
    expect(await checkpoint('KZ')).toBe(3);
    expect(await db.query(`SELECT reason FROM hub_quarantine WHERE agency = 'KZ'`)).toEqual([{ reason: "event of KZ on KZ's stream" }]);
    const h = await health();
    expect(h.consumers.stalled).toEqual({});
    expect(h.consumers.waiting).toEqual({});
    // Terminated, not left to come back after ack_wait and be quarantined again (a term with a reason did that on nats-server 2.9).
    const operator = await operatorConnection(nats);
    const jsm = await jetstreamManager(operator);
    const ackPending = async () => (await jsm.consumers.info(streamName('KZ'), hubDurableName('KZ'))).num_ack_pending;
    await until(async () => (await ackPending()) === 0, 5000);
    expect(await ackPending().finally(() => operator.close())).toBe(0);
  }, 60_000);

  it('an outage stalls the agency with its real cause and what is pending shown, and nothing is quarantined for it', async () => {
    await db.query('ALTER TABLE hub_event_log RENAME TO hub_event_log_away');
    const kz = new Chain('KZ');
    Object.assign(
      kz,
      await db.query(`SELECT position::int, hash FROM hub_checkpoints WHERE agency = 'KZ'`).then((r: Array<{ position: number; hash: string }>) => r[0]),
    );
    try {
      await publish('KZ', [kz.raise(), kz.raise()]);
      await until(async () => (await health()).consumers.stalled.KZ !== undefined);
      const h = await health();
      expect(h.consumers.stalled).toEqual({ KZ: expect.stringContaining('hub_event_log" does not exist') });
      // The held batch counts as pending (it used to show 0 while stalled).
      expect(h.consumers.pending.KZ).toBeGreaterThanOrEqual(1);
    } finally {
      await db.query('ALTER TABLE hub_event_log_away RENAME TO hub_event_log');
    }
    await until(async () => (await checkpoint('KZ')) === 5);
    expect(await checkpoint('KZ')).toBe(5);
    expect((await health()).consumers.stalled).toEqual({});
    expect(await db.query(`SELECT count(*)::int AS n FROM hub_quarantine WHERE agency = 'KZ'`)).toEqual([{ n: 1 }]);
  }, 60_000);
});
