import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startPlatform, token } from './support/platform.js';
import { openStream, type SseEvent } from './support/sse.js';

/** The console's first load, compressed as sent: index.html and every asset it names (README, "Console on a slow line"). */
const FIRST_LOAD_BUDGET_BYTES = 300 * 1024;

/** The raw bytes of an answer, as transferred (node's fetch would decompress them). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

const hra = (overrides: Record<string, unknown> = {}) =>
  minimalSeizure({ kind: 'high-risk-consignment', quantity: undefined, eta: '2026-11-25T10:00:00Z', ...overrides });

describe('officer API: stream tickets and resume, search, history, one answer with every error, compression', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string, az: string, tm: string;
  const post = async (body: unknown, t = kz, node = () => p.nodes.KZ.url) => {
    const r = await call('POST', `${node()}/api/alerts`, { token: t, body });
    expect(r.status).toBe(201);
    return r.body as { id: string; version: number };
  };
  const visible = (id: string, t: string) =>
    eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t })).status === 200, `alert ${id} on the hub`);
  const ticket = async (t: string) => {
    const r = await call('POST', `${p.hub.url}/api/stream/tickets`, { token: t });
    expect(r.status).toBe(201);
    return r.body as { ticket: string; expiresAt: string };
  };
  const streamUrl = (q: string) => `${p.hub.url}/api/stream?${q}`;
  const waitFor = (events: SseEvent[], check: (e: SseEvent) => boolean, what: string) => eventually(async () => events.find(check), what);

  beforeAll(async () => {
    // The hub serves the console when it was built before the hub started.
    if (!existsSync('apps/web-console/dist/index.html')) execFileSync(process.execPath, ['scripts/build-console.mjs', '--quiet']);
    p = await startPlatform(['AZ', 'KZ', 'TM']);
    [kz, az, tm] = await Promise.all([token('KZ', 'officer', 'KZ-AKTAU'), token('AZ', 'officer', 'AZ-ALYAT'), token('TM', 'officer', 'TM-TURKMENBASHI')]);
  }, 60_000);

  afterAll(async () => {
    await p?.close();
  });

  describe('C3: stream tickets and Last-Event-ID', () => {
    it('a ticket opens the feed once, without a header; used, unknown or missing credentials are 401', async () => {
      expect((await call('POST', `${p.hub.url}/api/stream/tickets`)).status).toBe(401);
      const t = await ticket(tm);
      expect(Date.parse(t.expiresAt) - Date.now()).toBeLessThanOrEqual(30_000);
      expect(Date.parse(t.expiresAt) - Date.now()).toBeGreaterThan(20_000);
      const s = await openStream(streamUrl(`ticket=${t.ticket}`), null, { 'accept-encoding': 'gzip, deflate' });
      expect(s.status).toBe(200);
      // Never compressed: a compressor would hold events back until its window filled.
      expect(s.headers.get('content-encoding')).toBeNull();
      const ready = await waitFor(s.events, (e) => e.type === 'ready', 'ready');
      expect(ready.data).toEqual({ agency: 'TM', role: 'officer' });
      expect(ready.id).toMatch(/^\d+$/);
      const again = await openStream(streamUrl(`ticket=${t.ticket}`), null);
      expect(again.status).toBe(401);
      await again.close();
      const unknown = await openStream(streamUrl(`ticket=${'A'.repeat(43)}`), null);
      expect(unknown.status).toBe(401);
      await unknown.close();
      const none = await openStream(`${p.hub.url}/api/stream`, null);
      expect(none.status).toBe(401);
      await none.close();
      await s.close();
    });

    it('resumes after a dropped connection: what was missed and may be seen, in order, once, then live', async () => {
      const first = await openStream(streamUrl(`ticket=${(await ticket(tm)).ticket}`), null);
      await waitFor(first.events, (e) => e.type === 'ready', 'ready');
      const a1 = await post(minimalSeizure());
      const seen = await waitFor(first.events, (e) => e.type === 'alert' && e.data.id === a1.id, 'a1 live');
      await first.close();

      // Missed while disconnected: two TM may see, one it may not (bilateral to AZ).
      const a2 = await post(minimalSeizure());
      const hidden = await post(minimalSeizure({ distribution: { level: 'bilateral', recipients: ['AZ'] } }));
      const a3 = await post(minimalSeizure());
      await Promise.all([visible(a2.id, tm), visible(hidden.id, az), visible(a3.id, tm)]);

      const resumed = await openStream(streamUrl(`ticket=${(await ticket(tm)).ticket}`), null, { 'last-event-id': seen.id! });
      await waitFor(resumed.events, (e) => e.type === 'ready', 'ready after the catch-up');
      const a4 = await post(minimalSeizure());
      await waitFor(resumed.events, (e) => e.type === 'alert' && e.data.id === a4.id, 'a4 live after the catch-up');
      await resumed.close();

      const alerts = resumed.events.filter((e) => e.type === 'alert');
      expect(alerts.map((e) => e.data.id)).toEqual([a2.id, a3.id, a4.id]);
      const ids = alerts.map((e) => Number(e.id));
      expect(ids[0]).toBeGreaterThan(Number(seen.id));
      expect([...ids].sort((x, y) => x - y)).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
      expect(resumed.events.some((e) => e.type === 'reset')).toBe(false);
      expect(JSON.stringify(resumed.events)).not.toContain(hidden.id);

      // The same with the query parameter (for a client that opens a new EventSource itself).
      const byQuery = await openStream(streamUrl(`ticket=${(await ticket(tm)).ticket}&lastEventId=${alerts[0].id}`), null);
      await waitFor(byQuery.events, (e) => e.type === 'ready', 'ready');
      await byQuery.close();
      expect(byQuery.events.filter((e) => e.type === 'alert').map((e) => e.data.id)).toEqual([a3.id, a4.id]);
    });

    it('an id it no longer holds (older than the hub process) answers reset; a malformed one is a 400', async () => {
      const s = await openStream(streamUrl(`ticket=${(await ticket(az)).ticket}`), null, { 'last-event-id': '1' });
      const reset = await waitFor(s.events, (e) => e.type === 'reset', 'reset');
      expect(reset.data).toEqual({ reason: 'too-old' });
      await s.close();
      expect((await call('GET', streamUrl('lastEventId=abc'), { token: az })).status).toBe(400);
    });
  });

  describe('C5: search by bill of lading, company across scripts, free text; paging', () => {
    const search = (q: string, t = az) => call('GET', `${p.hub.url}/api/alerts?${q}`, { token: t });
    const ids = (r: { body: { items: Array<{ id: string }> } }) => r.body.items.map((i) => i.id);
    let target: { id: string };

    beforeAll(async () => {
      target = await post(
        minimalSeizure({
          containers: ['TGHU 759 333 2'],
          billOfLading: 'MEDU-BL 2026/0042',
          vessel: { name: 'Caspian Star', imo: 'IMO9321483' },
          commodity: { category: 'drugs', description: 'hashish in tyres', hsCode: '130190' },
          parties: [
            { role: 'shipper', name: 'ТОО «Каспий Транс Логистик»' },
            { role: 'driver', name: 'Nurlan Abenovich Seitkali', isPerson: true },
          ],
        }),
      );
      await visible(target.id, az);
    });

    it('finds a company by its Latin spelling and legal form, not a similar one', async () => {
      expect(ids(await search('company=Kaspiy%20Trans%20Logistik%20LLP'))).toEqual([target.id]);
      expect(ids(await search(`company=${encodeURIComponent('Caspian Trans Logistics')}`))).toEqual([target.id]);
      expect(ids(await search('company=Caspian%20Trans%20Shipping'))).toEqual([]);
    });

    it('finds a bill of lading however it is written, and free text over vessel, container, B/L, company', async () => {
      expect(ids(await search('billOfLading=medubl20260042'))).toEqual([target.id]);
      expect(ids(await search('billOfLading=MEDUBL20260043'))).toEqual([]);
      for (const q of ['Caspian Star', 'TGHU7593332', '759333', 'BL 2026/0042', 'Kaspiy Trans', 'hashish'])
        expect([q, ids(await search(`q=${encodeURIComponent(q)}`))]).toEqual([q, [target.id]]);
    });

    it('never finds a person by name, not even for the owner who may read it', async () => {
      expect(ids(await search('q=Seitkali'))).toEqual([]);
      expect(ids(await search('q=Seitkali', kz))).toEqual([]);
      expect(ids(await search('company=Seitkali', kz))).toEqual([]);
    });

    it('pages with the opaque cursor, without overlap', async () => {
      const more = [];
      for (let i = 0; i < 3; i++) more.push(await post(minimalSeizure({ parties: [{ role: 'consignee', name: 'Aral Paging Trading LLP' }] })));
      await Promise.all(more.map((a) => visible(a.id, az)));
      const first = await search('company=Aral%20Paging%20Trading&limit=2');
      expect(ids(first)).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await search(`company=Aral%20Paging%20Trading&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
      expect(second.body.nextCursor).toBeNull();
      expect([...ids(first), ...ids(second)]).toEqual(more.map((a) => a.id).reverse());
    });

    it('lists alerts that reached the hub in one batch newest first, as they were raised', async () => {
      // A busy hub takes what arrived meanwhile as one batch; holding its KZ checkpoint makes it busy.
      const hold = new pg.Client({ connectionString: p.hub.databaseUrl });
      await hold.connect();
      const relayLag = async () => (await call('GET', `${p.nodes.KZ.url}/health`, { token: await token('KZ', 'auditor') })).body.relay.lag as number;
      const raised = [];
      try {
        await hold.query('BEGIN');
        expect((await hold.query(`SELECT 1 FROM hub_checkpoints WHERE agency = 'KZ' FOR UPDATE`)).rowCount).toBe(1);
        for (let i = 0; i < 6; i++) raised.push(await post(minimalSeizure({ parties: [{ role: 'consignee', name: 'Aral Batching Trading LLP' }] })));
        await eventually(async () => (await relayLag()) === 0, 'all six published');
      } finally {
        await hold.query('ROLLBACK');
        await hold.end();
      }
      await Promise.all(raised.map((a) => visible(a.id, az)));
      expect(ids(await search('company=Aral%20Batching%20Trading&limit=10'))).toEqual(raised.map((a) => a.id).reverse());
    });
  });

  describe('C6: an alert history for officers', () => {
    it("lists the alert's events and the feedback versions the caller may see: types and times, no content", async () => {
      const a = await post(hra({ distribution: { level: 'regional' } }));
      await visible(a.id, tm);
      const amend = await call('POST', `${p.nodes.KZ.url}/api/alerts/${a.id}/amendments`, {
        token: kz,
        body: { expectedVersion: 1, changes: { recommendedAction: 'x-ray and dog' } },
      });
      expect(amend.status).toBe(200);
      for (const [node, t] of [
        [p.nodes.TM.url, tm],
        [p.nodes.AZ.url, az],
      ] as const)
        expect((await call('POST', `${node}/api/feedback`, { token: t, body: { alertId: a.id, outcome: 'nothing-found' } })).status).toBe(201);

      const forOwner = await eventually(async () => {
        const r = await call('GET', `${p.hub.url}/api/alerts/${a.id}`, { token: kz });
        return r.body.history?.length === 4 ? r.body : null;
      }, 'four events in the owner history');
      expect(forOwner.history.map((h: { type: string; agency: string; version: number }) => [h.type, h.agency, h.version])).toEqual(
        expect.arrayContaining([
          ['AlertRaised', 'KZ', 1],
          ['AlertAmended', 'KZ', 2],
          ['FeedbackGiven', 'TM', 1],
          ['FeedbackGiven', 'AZ', 1],
        ]),
      );
      expect(forOwner.history.slice(0, 2).map((h: { type: string }) => h.type)).toEqual(['AlertRaised', 'AlertAmended']);
      for (const h of forOwner.history) {
        expect(Object.keys(h).sort()).toEqual(expect.arrayContaining(['agency', 'receivedAt', 'recordedAt', 'type', 'version']));
        expect(Date.parse(h.receivedAt)).toBeGreaterThanOrEqual(Date.parse(h.recordedAt) - 1000);
      }
      expect(forOwner.history[0].unit).toBe('KZ-AKTAU');

      // TM sees its own feedback, never AZ's.
      const forTm = (await call('GET', `${p.hub.url}/api/alerts/${a.id}`, { token: tm })).body;
      expect(forTm.history.map((h: { type: string; agency: string }) => `${h.type}/${h.agency}`)).toEqual([
        'AlertRaised/KZ',
        'AlertAmended/KZ',
        'FeedbackGiven/TM',
      ]);
    });
  });

  describe('C4: format and reference-data errors in one answer; confirmable container check digits', () => {
    it('lists format errors and unknown unit, commodity and method together', async () => {
      const r = await call('POST', `${p.nodes.KZ.url}/api/alerts`, {
        token: kz,
        body: minimalSeizure({
          unit: 'KZ-NOWHERE',
          occurredAt: 'yesterday',
          commodity: { category: 'unicorns', description: 'x', hsCode: '12' },
          detectionMethod: 'crystal-ball',
          distribution: { level: 'bilateral', recipients: ['XX'] },
        }),
      });
      expect(r.status).toBe(400);
      const got = r.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`);
      expect(got).toEqual(
        expect.arrayContaining([
          'occurredAt:isIso8601',
          'commodity.hsCode:hsCode',
          'unit:unitOfAgency',
          'commodity.category:referenceData',
          'detectionMethod:referenceData',
          'distribution.recipients[0]:knownAgency',
        ]),
      );
      expect(r.body.errorCount).toBe(r.body.errors.length);
    });

    it('the same for a bulk row and an amendment', async () => {
      const bulk = await call('POST', `${p.nodes.KZ.url}/api/alerts/bulk`, {
        token: kz,
        body: [minimalSeizure({ occurredAt: 'soon', conveyance: 'teleport' })],
      });
      expect(bulk.status).toBe(400);
      expect(bulk.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['[0].occurredAt', '[0].conveyance']));
      const a = await post(minimalSeizure());
      const amend = await call('POST', `${p.nodes.KZ.url}/api/alerts/${a.id}/amendments`, {
        token: kz,
        body: { expectedVersion: 1, changes: { eta: 'later', concealmentMethod: 'hyperspace' } },
      });
      expect(amend.status).toBe(400);
      expect(amend.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual(
        expect.arrayContaining(['changes.eta:isIso8601', 'changes.concealmentMethod:referenceData']),
      );
    });

    it('a bad container check digit is confirmable: refused first, stored with a warning once acknowledged', async () => {
      const body = minimalSeizure({ containers: ['CSQU3054383', 'CSQU3054384'] });
      const refused = await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: kz, body });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'containers[1]', rule: 'checkDigit', confirmable: true })]);
      const ru = await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: kz, body, headers: { 'accept-language': 'ru' } });
      expect(ru.body.errors[0]).toMatchObject({ rule: 'checkDigit', confirmable: true, message: expect.stringMatching(/контрольная цифра/) });

      const stored = await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: kz, body: { ...body, acknowledgedWarnings: ['containers.checkDigit'] } });
      expect(stored.status).toBe(201);
      expect(stored.body.containers).toEqual(['CSQU3054383', 'CSQU3054384']);
      expect(stored.body.warnings).toEqual([expect.objectContaining({ field: 'containers[1]', rule: 'checkDigit' })]);
      expect(stored.body).not.toHaveProperty('acknowledgedWarnings');
      // A later amendment of another field does not ask again; a new list with a bad digit does.
      const other = await call('POST', `${p.nodes.KZ.url}/api/alerts/${stored.body.id}/amendments`, {
        token: kz,
        body: { expectedVersion: 1, changes: { recommendedAction: 'open it' } },
      });
      expect(other.status).toBe(200);
      const newList = await call('POST', `${p.nodes.KZ.url}/api/alerts/${stored.body.id}/amendments`, {
        token: kz,
        body: { expectedVersion: 2, changes: { containers: ['MSKU1234560'] } },
      });
      expect(newList.body.errors).toEqual([expect.objectContaining({ field: 'changes.containers[0]', rule: 'checkDigit', confirmable: true })]);
      // A malformed number is never confirmable.
      const malformed = await call('POST', `${p.nodes.KZ.url}/api/alerts`, {
        token: kz,
        body: { ...minimalSeizure({ containers: ['CSQU30543'] }), acknowledgedWarnings: ['containers.checkDigit'] },
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0]).toMatchObject({ field: 'containers', rule: 'iso6346' });
      expect(malformed.body.errors[0].confirmable).toBeUndefined();
    });
  });

  describe('compression and the first-load budget', () => {
    it('answers JSON gzipped when asked, plain otherwise', async () => {
      const gz = await rawGet(`${p.hub.url}/api/reference`, { 'accept-encoding': 'gzip', authorization: `Bearer ${az}` });
      expect(gz.status).toBe(200);
      expect(gz.headers['content-encoding']).toBe('gzip');
      const json = JSON.parse(gunzipSync(gz.body).toString('utf8')) as { units: unknown[] };
      expect(json.units.length).toBeGreaterThan(0);
      const plain = await rawGet(`${p.hub.url}/api/reference`, { authorization: `Bearer ${az}` });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(gz.body.length).toBeLessThan(plain.body.length / 2);
    });

    it(`the console's first load stays under ${FIRST_LOAD_BUDGET_BYTES / 1024} KB compressed`, async () => {
      const page = await rawGet(`${p.hub.url}/`, { 'accept-encoding': 'gzip' });
      expect(page.status).toBe(200);
      const html = (page.headers['content-encoding'] === 'gzip' ? gunzipSync(page.body) : page.body).toString('utf8');
      const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]);
      expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
      let total = page.body.length;
      const sizes: Record<string, number> = { '/': page.body.length };
      for (const a of assets) {
        const r = await rawGet(`${p.hub.url}${a}`, { 'accept-encoding': 'gzip' });
        expect(r.status).toBe(200);
        if (/\.(js|css)$/.test(a)) {
          expect([a, r.headers['content-encoding']]).toEqual([a, 'gzip']);
          expect(r.headers['cache-control']).toContain('immutable');
        }
        sizes[a] = r.body.length;
        total += r.body.length;
      }
      console.log(`console first load: ${total} bytes compressed`, sizes);
      expect(total).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
    });
  });
});
