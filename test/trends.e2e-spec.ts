import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { recomputeTrends } from '@cix/read-model';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startPlatform, token } from './support/platform.js';

describe('trends on the hub, under the access rules', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string, az: string, tm: string, coordinator: string;
  const ids: Record<string, string> = {};
  const trend = async (t: string, q: string) =>
    (await call('GET', `${p.hub.url}/api/trends/seizures?${q}`, { token: t })).body.rows as Array<{
      key: string;
      count: number;
      quantity: { kg: number; pieces: number };
    }>;
  const row = async (t: string, q: string, key: string) => (await trend(t, q)).find((r) => r.key === key) ?? { key, count: 0, quantity: { kg: 0, pieces: 0 } };
  const post = async (name: string, agency: 'KZ' | 'TM', overrides: Record<string, unknown>) => {
    const t = agency === 'KZ' ? kz : tm;
    const r = await call('POST', `${p.nodes[agency].url}/api/alerts`, {
      token: t,
      body: minimalSeizure({ unit: agency === 'KZ' ? 'KZ-AKTAU' : 'TM-TURKMENBASHI', ...overrides }),
    });
    expect(r.status).toBe(201);
    ids[name] = r.body.id;
    return r.body;
  };
  const settled = (id: string, t: string) =>
    eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t })).status === 200, `${id} on the hub`);

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ', 'TM']);
    [kz, az, tm, coordinator] = await Promise.all([
      token('KZ', 'officer', 'KZ-AKTAU'),
      token('AZ', 'officer', 'AZ-ALYAT'),
      token('TM', 'officer', 'TM-TURKMENBASHI'),
      token('CCP', 'coordinator'),
    ]);
    await post('kzRegional', 'KZ', {
      quantity: { value: 10, unit: 'kg' },
      parties: [
        { role: 'shipper', name: 'Kaspiy Trans LLP' },
        { role: 'driver', name: 'Serik Abenov', isPerson: true },
      ],
    });
    await post('kzCigs', 'KZ', {
      commodity: { category: 'cigarettes', description: 'cigarettes' },
      quantity: { value: 1000, unit: 'pieces' },
      occurredAt: '2026-10-05T08:00:00Z',
    });
    await post('kzToAz', 'KZ', { quantity: { value: 5, unit: 'kg' }, distribution: { level: 'bilateral', recipients: ['AZ'] } });
    await post('kzSecret', 'KZ', { quantity: { value: 7, unit: 'kg' }, distribution: { level: 'agency' } });
    await post('tmRegional', 'TM', { quantity: { value: 3, unit: 'kg' }, containers: ['MSCU1234566'] });
    await settled(ids.kzToAz, az);
    await settled(ids.tmRegional, coordinator);
  }, 90_000);
  afterAll(() => p?.close());

  it('counts and quantities by commodity: each caller sees only what it may see', async () => {
    expect(await row(coordinator, 'groupBy=commodity', 'drugs')).toMatchObject({ count: 2, quantity: { kg: 13 } });
    expect(await row(az, 'groupBy=commodity', 'drugs')).toMatchObject({ count: 3, quantity: { kg: 18 } });
    expect(await row(tm, 'groupBy=commodity', 'drugs')).toMatchObject({ count: 2, quantity: { kg: 13 } });
    expect(await row(kz, 'groupBy=commodity', 'drugs')).toMatchObject({ count: 3, quantity: { kg: 18 } }); // its agency-only alert never reached the hub
    expect(await row(coordinator, 'groupBy=commodity', 'cigarettes')).toMatchObject({ count: 1, quantity: { pieces: 1000 } });
  });

  it('a new bilateral alert changes neither the coordinator’s nor a third agency’s figures', async () => {
    const before = {
      coordinator: await trend(coordinator, 'groupBy=agency'),
      tm: await trend(tm, 'groupBy=agency'),
      az: await row(az, 'groupBy=agency', 'KZ'),
    };
    await post('kzToAz2', 'KZ', { quantity: { value: 1, unit: 'kg' }, distribution: { level: 'bilateral', recipients: ['AZ'] } });
    await settled(ids.kzToAz2, az);
    expect(await trend(coordinator, 'groupBy=agency')).toEqual(before.coordinator);
    expect(await trend(tm, 'groupBy=agency')).toEqual(before.tm);
    expect((await row(az, 'groupBy=agency', 'KZ')).count).toBe(before.az.count + 1);
  });

  it('by unit, route, month, container owner code and shipper (companies only)', async () => {
    expect(await row(coordinator, 'groupBy=unit', 'TM-TURKMENBASHI')).toMatchObject({ count: 1 });
    expect(await row(coordinator, 'groupBy=route', 'AF>TM>AZ')).toMatchObject({ count: 3 });
    // Every figure leads to the alerts behind it: the same route key filters the alert list.
    const behind = await call('GET', `${p.hub.url}/api/alerts?kind=seizure&route=${encodeURIComponent('AF>TM>AZ')}`, { token: coordinator });
    expect(behind.body.items).toHaveLength(3);
    expect(await trend(coordinator, 'groupBy=month')).toEqual([
      expect.objectContaining({ key: '2026-10-01', count: 1 }),
      expect.objectContaining({ key: '2026-11-01', count: 2 }),
    ]);
    expect(await row(coordinator, 'groupBy=ownerCode', 'MSCU')).toMatchObject({ count: 1 });
    const shippers = await trend(coordinator, 'groupBy=shipper');
    expect(shippers.map((r) => r.key)).toEqual(['Kaspiy Trans LLP']);
    expect((await trend(coordinator, 'groupBy=commodity&from=2026-11-01&to=2026-12-01')).map((r) => r.key)).toEqual(['drugs']);
  });

  it('retraction and narrowing take effect on the next query', async () => {
    const before = await row(coordinator, 'groupBy=commodity', 'drugs');
    await call('POST', `${p.nodes.TM.url}/api/alerts/${ids.tmRegional}/retract`, { token: tm, body: { expectedVersion: 1, reason: 'duplicate' } });
    await eventually(async () => (await row(coordinator, 'groupBy=commodity', 'drugs')).count === before.count - 1, 'retraction counted');
    await call('POST', `${p.nodes.KZ.url}/api/alerts/${ids.kzRegional}/distribution`, {
      token: kz,
      body: { expectedVersion: 1, level: 'bilateral', recipients: ['TM'] },
    });
    await eventually(async () => (await row(coordinator, 'groupBy=commodity', 'drugs')).count === before.count - 2, 'narrowing counted');
    expect((await row(tm, 'groupBy=commodity', 'drugs')).count).toBe(1);
  });

  it('the incrementally maintained aggregates equal a full recomputation', async () => {
    const db = new pg.Client({ connectionString: p.hub.databaseUrl });
    await db.connect();
    const snapshot = async () =>
      (
        await db.query(`SELECT dimension, key, day::text, agency, level, recipients, sum(count)::int AS c, sum(kg)::float AS kg, sum(pieces)::float AS pieces
      FROM hub_trend_cells GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(count) <> 0 ORDER BY 1, 2, 3, 4, 5, 6`)
      ).rows;
    const incremental = await snapshot();
    await recomputeTrends({ query: (sql: string) => db.query(sql) }, 'public');
    expect(await snapshot()).toEqual(incremental);
    await db.end();
  });

  it('effectiveness: alerts asked of each agency, feedback, hits, hit rate, median time; CSV export is logged', async () => {
    const hra = await post('hra', 'KZ', { kind: 'high-risk-consignment', quantity: undefined, distribution: { level: 'regional' } });
    await settled(hra.id, az);
    const seizure = await call('POST', `${p.nodes.AZ.url}/api/alerts`, {
      token: az,
      body: minimalSeizure({ unit: 'AZ-ALYAT', distribution: { level: 'agency' } }),
    });
    expect(
      (await call('POST', `${p.nodes.AZ.url}/api/feedback`, { token: az, body: { alertId: hra.id, outcome: 'seizure', seizureReportId: seizure.body.id } }))
        .status,
    ).toBe(201);
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${hra.id}`, { token: kz })).body.feedback?.length === 1, 'feedback on the hub');
    const bySender = await call('GET', `${p.hub.url}/api/trends/effectiveness?groupBy=sendingAgency`, { token: coordinator });
    expect(bySender.body.rows).toEqual([expect.objectContaining({ key: 'KZ', alerts: 2, feedbackGiven: 1, hits: 1, hitRate: 1 })]);
    const byReceiver = await call('GET', `${p.hub.url}/api/trends/effectiveness?groupBy=receivingAgency`, { token: coordinator });
    expect(byReceiver.body.rows).toEqual([
      expect.objectContaining({ key: 'AZ', alerts: 1, feedbackGiven: 1 }),
      expect.objectContaining({ key: 'TM', alerts: 1, feedbackGiven: 0 }),
    ]);
    // TM sees only the pairs it was asked: its own row.
    expect(
      (await call('GET', `${p.hub.url}/api/trends/effectiveness?groupBy=receivingAgency`, { token: tm })).body.rows.map((r: { key: string }) => r.key),
    ).toEqual(['TM']);

    const csv = await call('GET', `${p.hub.url}/api/trends/seizures?groupBy=commodity`, { token: coordinator, headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(String(csv.body).split('\n')[0]).toBe('key,series,count,kg,litres,pieces,containers');
    const auditor = await token('CCP', 'auditor');
    const log = await call('GET', `${p.hub.url}/api/audit/access-log?limit=20`, { token: auditor });
    expect(log.body.items.map((i: { action: string }) => i.action)).toContain('trends.export');
  });

  it('refuses an unknown grouping with 400', async () => {
    const r = await call('GET', `${p.hub.url}/api/trends/seizures?groupBy=colour`, { token: coordinator });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ field: 'groupBy', rule: 'isIn' });
  });
});
