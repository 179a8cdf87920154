import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { containerCheckDigit, natsInboxPrefix } from '@cix/contracts';
import { TrustStore } from '@cix/event-store';
import { HUB_MIGRATIONS, rebuildProjections } from '@cix/read-model';
import { ProjectionService } from '../apps/regional-hub/src/projection/projection.service.js';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startPlatform, token } from './support/platform.js';
import { openStream } from './support/sse.js';
import { testKeys } from './support/test-env.js';

// Issue 13's "done when": two agencies' alerts on the same container, the same company in two
// scripts and the same vessel are matched as the second alert arrives (in the transaction that projects it),
// and shown only to those who may see both; a third agency learns nothing; the fan-out bound
// holds; a redelivery or a rebuild records no match twice.

const container = (i: number) => `MSKU${String(700000 + i)}` + containerCheckDigit(`MSKU${String(700000 + i)}`);
const FANOUT = 3;

describe('cross-border correlation on the hub', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let db: DataSource;
  let kz: string, tm: string, az: string, ccp: string;
  const streams: Record<string, Awaited<ReturnType<typeof openStream>>> = {};
  const latencies: number[] = [];

  /** KZ and TM share with each other only: neither AZ nor the programme sees either alert. */
  const raise = async (agency: 'KZ' | 'TM', extra: Record<string, unknown>, distribution?: unknown) => {
    const [node, t, unit, to] = agency === 'KZ' ? [p.nodes.KZ, kz, 'KZ-AKTAU', 'TM'] : [p.nodes.TM, tm, 'TM-TURKMENBASHI', 'KZ'];
    const body = minimalSeizure({ unit, route: undefined, containers: [], distribution: distribution ?? { level: 'bilateral', recipients: [to] }, ...extra });
    const r = await call('POST', `${node.url}/api/alerts`, { token: t, body });
    expect(r.status).toBe(201);
    return { id: r.body.id as string, ackedAt: Date.now() };
  };
  const visible = (id: string, t: string) =>
    eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t })).status === 200, `alert ${id}`);
  const detail = async (id: string, t: string) => (await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t })).body;

  /**
   * Raises the pair (KZ first, on the hub; then TM). The match is found in the transaction that
   * projects the second alert: the moment TM's alert can be read on the hub, KZ already reads the
   * match (no later step to wait for). The time from TM's acknowledgement to that moment is
   * reported; the benchmark (`correlate_and_screen_one_p95_ms`) is where its speed is judged.
   */
  async function pair(kzExtra: Record<string, unknown>, tmExtra: Record<string, unknown>) {
    const a = await raise('KZ', kzExtra);
    await visible(a.id, kz);
    const b = await raise('TM', tmExtra);
    for (;;) {
      const arrived = (await call('GET', `${p.hub.url}/api/alerts/${b.id}`, { token: tm })).status === 200;
      const matches: Array<{ other: { alertId: string } }> = (await detail(a.id, kz))?.matches ?? [];
      if (matches.some((m) => m.other.alertId === b.id)) break;
      expect(arrived).toBe(false); // arrived, yet not matched: the match came later than the alert
      if (Date.now() - b.ackedAt > 30_000) throw new Error('the second alert did not reach the hub within 30 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    latencies.push(Date.now() - b.ackedAt);
    return { a: a.id, b: b.id };
  }

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ', 'TM'], { CORRELATION_MAX_FANOUT: String(FANOUT) });
    [kz, tm, az, ccp] = await Promise.all([
      token('KZ', 'officer', 'KZ-AKTAU'),
      token('TM', 'officer', 'TM-TURKMENBASHI'),
      token('AZ', 'officer', 'AZ-ALYAT'),
      token('CCP', 'coordinator'),
    ]);
    for (const [who, t] of Object.entries({ kz, tm, az, ccp })) streams[who] = await openStream(`${p.hub.url}/api/stream`, t);
    db = new DataSource({ type: 'postgres', url: p.hub.databaseUrl });
    await db.initialize();
  }, 120_000);

  afterAll(async () => {
    for (const s of Object.values(streams)) await s.close();
    await db?.destroy();
    await p?.close();
  });

  let byContainer: { a: string; b: string };
  let byCompany: { a: string; b: string };
  let byVessel: { a: string; b: string };

  it('matches the same container, the same company across scripts and the same vessel as the second alert arrives', async () => {
    byContainer = await pair({ containers: [container(1)] }, { containers: [container(1)] });
    byCompany = await pair(
      { parties: [{ role: 'shipper', name: 'ТОО «Каспий Транс Логистик»' }] },
      { parties: [{ role: 'consignee', name: 'Kaspiy Trans Logistik LLP' }] },
    );
    byVessel = await pair({ vessel: { name: 'Aktau Star', imo: 'IMO9319466' } }, { vessel: { imo: '9319466' } });
    console.log(`correlation: acknowledgement → match readable: ${latencies.join(', ')} ms`);

    const [m] = (await detail(byCompany.b, tm)).matches;
    expect(m).toMatchObject({ kind: 'party', value: 'Kaspiy Trans Logistik LLP', other: { agency: 'KZ', alertId: byCompany.a } });
    expect(m.score).toBeGreaterThan(0.7);
    expect((await detail(byCompany.a, kz)).matches[0]).toMatchObject({ kind: 'party', value: 'ТОО «Каспий Транс Логистик»' });
    expect((await detail(byContainer.a, kz)).matches).toEqual([expect.objectContaining({ kind: 'container', value: container(1) })]);
    expect((await detail(byVessel.a, kz)).matches).toEqual([expect.objectContaining({ kind: 'imo', value: 'IMO9319466' })]);
    // Unrelated alerts of the two agencies do not match.
    expect((await detail(byContainer.b, tm)).matches.map((x: { other: { alertId: string } }) => x.other.alertId)).toEqual([byContainer.a]);
  }, 60_000);

  it('shows matches only to those who may see both alerts: list, detail, feed, counts', async () => {
    const list = async (t: string) => (await call('GET', `${p.hub.url}/api/matches?limit=200`, { token: t })).body.items as Array<{ kind: string }>;
    expect((await list(kz)).map((m) => m.kind).sort()).toEqual(['container', 'imo', 'party']);
    expect((await list(tm)).length).toBe(3);
    for (const t of [az, ccp]) {
      expect(await list(t)).toEqual([]);
      expect((await call('GET', `${p.hub.url}/api/trends/matches`, { token: t })).body).toEqual({ byKind: [] });
      expect((await call('GET', `${p.hub.url}/api/alerts/${byContainer.a}`, { token: t })).status).toBe(404);
    }
    expect((await call('GET', `${p.hub.url}/api/trends/matches`, { token: kz })).body.byKind).toEqual(
      expect.arrayContaining([
        { kind: 'container', matches: 1 },
        { kind: 'party', matches: 1 },
        { kind: 'imo', matches: 1 },
      ]),
    );
    await eventually(async () => streams.kz.events.filter((e) => e.type === 'match').length >= 3, 'match notices to KZ');
    expect(streams.tm.events.filter((e) => e.type === 'match').length).toBeGreaterThanOrEqual(3);
    const notice = streams.kz.events.find((e) => e.type === 'match' && e.data.kind === 'container')!.data;
    expect(notice.alerts.map((x: { alertId: string }) => x.alertId).sort()).toEqual([byContainer.a, byContainer.b].sort());
    for (const who of ['az', 'ccp']) expect(streams[who].events.filter((e) => e.type === 'match' || e.type === 'hit')).toEqual([]);
    // A match is in the hub's own signed log, once.
    const logged = await db.query(`SELECT count(*)::int AS n FROM events WHERE type = 'CorrelationFound'`);
    expect(logged[0].n).toBe(3);
    const [fact] = await db.query(`SELECT payload FROM events WHERE type = 'CorrelationFound' AND payload->>'kind' = 'party'`);
    expect(fact.payload.alerts.map((x: { alertId: string }) => x.alertId).sort()).toEqual([byCompany.a, byCompany.b].sort());
  });

  it("bounds the fan-out: a value in more of one agency's alerts than the bound stops matching them and is listed for coordinators", async () => {
    const c = container(2);
    const ks = [];
    for (let i = 0; i < 3; i++) ks.push(await raise('KZ', { containers: [c] }));
    for (const k of ks) await visible(k.id, kz);
    const t1 = await raise('TM', { containers: [c] }); // 3 of KZ's alerts hold it: still matches them (3)
    await eventually(async () => (await detail(t1.id, tm)).matches.length === 3, 'matches up to the bound');
    const k4 = await raise('KZ', { containers: [c] }); // 4 of KZ's > 3: common for KZ's alerts
    await visible(k4.id, kz);
    const t2 = await raise('TM', { containers: [c] });
    await visible(t2.id, tm);
    await new Promise((r) => setTimeout(r, 500));
    expect((await detail(t2.id, tm)).matches).toEqual([]);
    expect((await detail(k4.id, kz)).matches).toEqual([]);
    const listed = await call('GET', `${p.hub.url}/api/correlation/common-values`, { token: ccp });
    expect(listed.body.items).toEqual(expect.arrayContaining([{ kind: 'container', value: c, alerts: 6 }]));
    expect((await call('GET', `${p.hub.url}/api/correlation/common-values`, { token: kz })).status).toBe(404);
    // A coordinator's decision is data: not common, so it matches again.
    const decided = await call('POST', `${p.hub.url}/api/correlation/common-values`, {
      token: ccp,
      body: { kind: 'container', value: c, decision: 'not-common' },
    });
    expect(decided.status).toBe(200);
    const t3 = await raise('TM', { containers: [c] });
    await eventually(async () => (await detail(t3.id, tm)).matches.length === 4, 'matches once decided not common');
  }, 60_000);

  it('shows a vessel-name match as each alert wrote the name, not as the normalised key', async () => {
    const m = await pair({ vessel: { name: 'Т/Х «Бейбарыс»' } }, { vessel: { name: 'MV BEYBARYS' } });
    expect((await detail(m.a, kz)).matches).toEqual([
      expect.objectContaining({ kind: 'vessel-name', value: 'Т/Х «Бейбарыс»', other: { agency: 'TM', alertId: m.b } }),
    ]);
    expect((await detail(m.b, tm)).matches).toEqual([expect.objectContaining({ kind: 'vessel-name', value: 'MV BEYBARYS' })]);
    const listed = (await call('GET', `${p.hub.url}/api/matches?kind=vessel-name`, { token: kz })).body.items;
    expect(listed).toEqual([
      expect.objectContaining({
        alerts: expect.arrayContaining([
          { agency: 'KZ', alertId: m.a, value: 'Т/Х «Бейбарыс»' },
          { agency: 'TM', alertId: m.b, value: 'MV BEYBARYS' },
        ]),
      }),
    ]);
    expect(JSON.stringify(listed)).not.toContain('beybarys');
    // A hub indexed before this showed the key: its migration brings the rows to what a rebuild computes (in a transaction rolled back).
    const VESSEL_ROWS = `SELECT alert_id::text, shown FROM hub_correlation_keys WHERE kind = 'vessel-name' ORDER BY 1, 2`;
    const written = await db.query(VESSEL_ROWS);
    const qr = db.createQueryRunner();
    try {
      await qr.startTransaction();
      await qr.query(`UPDATE hub_correlation_keys SET shown = value WHERE kind = 'vessel-name'`);
      expect(await qr.query(VESSEL_ROWS)).not.toEqual(written);
      const migration = HUB_MIGRATIONS.find((x) => x.name === 'ShowVesselNamesAsWritten1764800000062')!;
      await new migration().up(qr);
      expect(await qr.query(VESSEL_ROWS)).toEqual(written);
    } finally {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      await qr.release();
    }
  });

  it('records no match twice when a batch is redelivered or the model rebuilt', async () => {
    const count = async () => (await db.query(`SELECT count(*)::int AS n FROM hub_matches`))[0].n as number;
    const before = await count();
    const tmEvents = (await db.query(`SELECT event FROM hub_event_log WHERE agency = 'TM' ORDER BY position`)).map((r: { event: unknown }) => r.event);
    const outcomes = await p.hub.app.get(ProjectionService).applyBatch('TM', tmEvents);
    expect(outcomes.every((o) => o.kind === 'duplicate')).toBe(true);
    expect(await count()).toBe(before);

    const trust = new TrustStore();
    for (const [a, k] of Object.entries(testKeys.nodes)) trust.add(a, k.keyId, readFileSync(k.pub));
    const nc: NatsConnection = await connect({
      servers: p.nats.url,
      user: p.nats.users.operator.user,
      pass: p.nats.users.operator.password,
      inboxPrefix: natsInboxPrefix(p.nats.users.operator.user),
    });
    const keysBefore = await db.query(`SELECT alert_id, kind, value, shown FROM hub_correlation_keys ORDER BY 1, 2, 3, 4`);
    try {
      const report = await rebuildProjections({ db, nats: nc, agencies: ['AZ', 'KZ', 'TM'], trust });
      expect(report.swapped).toBe(true);
    } finally {
      await nc.close();
    }
    expect(await count()).toBe(before);
    expect(await db.query(`SELECT alert_id, kind, value, shown FROM hub_correlation_keys ORDER BY 1, 2, 3, 4`)).toEqual(keysBefore);
    // Matching goes on against the rebuilt index.
    await pair({ containers: [container(3)] }, { containers: [container(3)] });
  }, 120_000);
});
