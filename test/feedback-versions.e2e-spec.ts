import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { HUB_MIGRATIONS, readModelChecksum } from '@cix/read-model';
import { call, eventually, minimalSeizure, replayedEvents } from './support/http.js';
import { startPlatform, token } from './support/platform.js';
import { openStream } from './support/sse.js';

// Issue 11, contract C1. Feedback is versioned: the first answer is version 1; a second POST
// without `expectedVersion` is refused (it used to replace the first silently); with the current
// version it amends, and both versions stay — on the giver's node, on the hub's detail, on the
// feed, in time travel and in the giver's audit replay. Effectiveness counts the answer once.

const FEEDBACK_SUM = `SELECT md5(string_agg(md5(alert_id::text || agency || version || versions::text), '' ORDER BY alert_id, agency)) AS sum FROM hub_feedback`;

describe('versioned feedback (C1)', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string, tm: string, az: string, coordinator: string;
  let feed: Awaited<ReturnType<typeof openStream>>;
  let alertId = '';
  let seizureReportId = '';
  let first: { feedbackId: string; version: number };
  let betweenVersions = '';
  const give = (body: Record<string, unknown>, key?: string) =>
    call('POST', `${p.nodes.TM.url}/api/feedback`, { token: tm, body: { alertId, ...body }, headers: key ? { 'idempotency-key': key } : {} });
  const detail = async (t: string) => (await call('GET', `${p.hub.url}/api/alerts/${alertId}`, { token: t })).body;

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ', 'TM']);
    [kz, tm, az, coordinator] = await Promise.all([
      token('KZ', 'officer', 'KZ-AKTAU', 'aigerim'),
      token('TM', 'officer', 'TM-TURKMENBASHI', 'merdan'),
      token('AZ', 'officer', 'AZ-ALYAT', 'rashad'),
      token('CCP', 'coordinator', undefined, 'coord'),
    ]);
    feed = await openStream(`${p.hub.url}/api/stream`, kz);
    const raised = await call('POST', `${p.nodes.KZ.url}/api/alerts`, {
      token: kz,
      body: minimalSeizure({ kind: 'high-risk-consignment', quantity: undefined, distribution: { level: 'regional' } }),
    });
    alertId = raised.body.id;
    const seizure = await call('POST', `${p.nodes.TM.url}/api/alerts`, { token: tm, body: minimalSeizure({ unit: 'TM-TURKMENBASHI' }) });
    seizureReportId = seizure.body.id;
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${alertId}`, { token: tm })).status === 200, 'the alert on the hub');
  }, 120_000);

  afterAll(async () => {
    await feed?.close();
    await p?.close();
  });

  it('the first answer is version 1; a retry with its Idempotency-Key is answered as before', async () => {
    const r = await give({ outcome: 'nothing-found', notes: 'x-ray clean' }, 'fb-1');
    expect([r.status, r.body]).toEqual([
      201,
      expect.objectContaining({ feedbackId: expect.any(String), version: 1, outcome: 'nothing-found', replayed: false }),
    ]);
    first = r.body;
    const retry = await give({ outcome: 'nothing-found', notes: 'x-ray clean' }, 'fb-1');
    expect([retry.status, retry.body]).toEqual([201, expect.objectContaining({ feedbackId: first.feedbackId, version: 1, replayed: true })]);
  });

  it('a second answer without expectedVersion is refused with the version and feedback to amend; a bad version is a 400', async () => {
    const r = await give({ outcome: 'not-inspected', reason: 'no capacity' });
    expect([r.status, r.body]).toEqual([409, expect.objectContaining({ code: 'FEEDBACK.ALREADY_GIVEN', currentVersion: 1, feedbackId: first.feedbackId })]);
    const ru = await call('POST', `${p.nodes.TM.url}/api/feedback`, {
      token: tm,
      body: { alertId, outcome: 'not-inspected', reason: 'no capacity' },
      headers: { 'accept-language': 'ru' },
    });
    expect(ru.body.message).toMatch(/отзыв уже дан/);
    const bad = await give({ outcome: 'nothing-found', expectedVersion: 0 });
    expect([bad.status, bad.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ['expectedVersion']]);
    await eventually(async () => (await detail(kz)).feedback?.length === 1, 'the first answer on the hub');
    await new Promise((r) => setTimeout(r, 20));
    betweenVersions = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
  });

  it('amends on the current version (same feedback, version 2); a stale version is a 409 with the current one', async () => {
    const r = await give({ outcome: 'seizure', seizureReportId, expectedVersion: 1 }, 'fb-2');
    expect([r.status, r.body]).toEqual([201, expect.objectContaining({ feedbackId: first.feedbackId, version: 2, outcome: 'seizure', seizureReportId })]);
    const stale = await give({ outcome: 'nothing-found', expectedVersion: 1 });
    expect([stale.status, stale.body]).toEqual([409, expect.objectContaining({ code: 'FEEDBACK.VERSION_CONFLICT', currentVersion: 2 })]);
    const same = await give({ outcome: 'seizure', seizureReportId, expectedVersion: 2 });
    expect(same.body.errors).toEqual([expect.objectContaining({ rule: 'noChange' })]);
    // The retry of the amendment is answered as before, not judged against the version it created.
    expect((await give({ outcome: 'seizure', seizureReportId, expectedVersion: 1 }, 'fb-2')).body).toMatchObject({ version: 2, replayed: true });
  });

  it('the hub shows the current values with every version, oldest first, to the owner and the giver; the feed announced the amendment', async () => {
    const kzView = await eventually(async () => {
      const d = await detail(kz);
      return d.feedback?.[0]?.version === 2 && d;
    }, 'the amendment on the hub');
    expect(kzView.feedback).toEqual([
      expect.objectContaining({
        agency: 'TM',
        unit: 'TM-TURKMENBASHI',
        outcome: 'seizure',
        seizureReportId,
        version: 2,
        versions: [
          { version: 1, outcome: 'nothing-found', notes: 'x-ray clean', givenAt: expect.any(String), unit: 'TM-TURKMENBASHI' },
          { version: 2, outcome: 'seizure', seizureReportId, givenAt: expect.any(String), unit: 'TM-TURKMENBASHI' },
        ],
      }),
    ]);
    expect(kzView.feedback[0].givenAt).toBe(kzView.feedback[0].versions[1].givenAt);
    expect((await detail(tm)).feedback).toEqual(kzView.feedback);
    expect((await detail(az)).feedback).toEqual([]);
    expect((await detail(coordinator)).feedback[0].versions).toHaveLength(2);
    await eventually(async () => feed.events.some((e) => e.type === 'feedback' && e.data.feedback?.[0]?.version === 2), 'the amendment on the feed');
    // Time travel between the versions shows the first one only.
    const then = (await call('GET', `${p.hub.url}/api/alerts/${alertId}?asOf=${betweenVersions}`, { token: kz })).body;
    expect(then.feedback.map((f: { version: number; outcome: string; versions: unknown[] }) => [f.version, f.outcome, f.versions.length])).toEqual([
      [1, 'nothing-found', 1],
    ]);
  });

  it('effectiveness counts the amended answer once, with its latest outcome', async () => {
    const r = await call('GET', `${p.hub.url}/api/trends/effectiveness?groupBy=receivingAgency`, { token: coordinator });
    expect(r.body.rows.find((x: { key: string }) => x.key === 'TM')).toMatchObject({ alerts: 1, feedbackGiven: 1, hits: 1 });
  });

  it("both versions are in the giver's history: TM's audit replay carries the amendment", async () => {
    const r = await call('GET', `${p.hub.url}/api/audit/events?agency=TM`, { token: await token('TM', 'auditor') });
    const feedbackEvents = replayedEvents(r.body).filter((e) => e.streamId === `feedback-KZ-${alertId}`);
    expect(feedbackEvents.map((e) => [e.type, e.streamVersion, e.payload.version])).toEqual([
      ['FeedbackGiven', 1, undefined],
      ['FeedbackAmended', 2, 2],
    ]);
  });

  it('the migration gives feedback stored before versions existed the rows the projector writes', async () => {
    expect((await call('POST', `${p.nodes.AZ.url}/api/feedback`, { token: az, body: { alertId, outcome: 'nothing-found' } })).status).toBe(201);
    await eventually(async () => (await detail(kz)).feedback?.length === 2, "AZ's answer on the hub");
    const db = new DataSource({ type: 'postgres', url: p.hub.databaseUrl });
    await db.initialize();
    const qr = db.createQueryRunner();
    try {
      const live = await readModelChecksum(db, 'public');
      // In a transaction rolled back afterwards: the live hub's table is left as it was.
      await qr.startTransaction();
      await qr.query('ALTER TABLE hub_feedback DROP COLUMN versions, DROP COLUMN version');
      const migration = HUB_MIGRATIONS.find((m) => m.name === 'VersionHubFeedback1764600000020')!;
      await new migration().up(qr);
      const [{ sum }] = (await qr.query(FEEDBACK_SUM)) as Array<{ sum: string }>;
      await qr.rollbackTransaction();
      const [{ sum: expected }] = await db.query<Array<{ sum: string }>>(FEEDBACK_SUM);
      expect(sum).toBe(expected);
      expect(await readModelChecksum(db, 'public')).toBe(live);
    } finally {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      await qr.release();
      await db.destroy();
    }
  });
});
