import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, eventually, minimalSeizure } from './support/http.js';
import { shapeProblems } from './support/openapi-shape.js';
import { startPlatform, token } from './support/platform.js';
import { openStream } from './support/sse.js';

// Issue 13, watch-list screening: UN consolidated list and CSV imports as versions; every party of
// every alert screened on arrival and again when a list changes; hits only ever to the owner.

const fixture = (name: string) => readFileSync(new URL(`./fixtures/watchlists/${name}`, import.meta.url), 'utf8');
const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, ['dist/apps/cli/src/main.js', ...args]).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e) => ({ code: e.code as number, out: String(e.stdout) + String(e.stderr) }),
  );

type Hit = {
  hitId: string;
  alert: { agency: string; alertId: string };
  party: { name: string; isPerson: boolean };
  entry: { reference: string };
  alias: string;
  aliasQuality: string;
  score: number;
  version: number;
  listed: boolean;
};

describe('watch-list screening', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string, kzAuditor: string, az: string, tm: string, coordinator: string;
  const ids: Record<string, string> = {};
  const importList = (body: string, query: string, type = 'application/xml', t = coordinator) =>
    call('POST', `${p.hub.url}/api/watchlists/imports${query}`, { token: t, raw: body, headers: { 'content-type': type } });
  const hitsOf = async (t: string, q = '') => (await call<{ items: Hit[] }>('GET', `${p.hub.url}/api/screening/hits${q}`, { token: t })).body.items;
  const screened = () =>
    eventually(async () => {
      const r = await call<{ items: Array<{ screened: boolean }> }>('GET', `${p.hub.url}/api/watchlists`, { token: coordinator });
      return r.body.items.length > 0 && r.body.items.every((l) => l.screened);
    }, 're-screen done');
  const post = async (
    name: string,
    agency: 'KZ' | 'TM',
    parties: Array<{ role: string; name: string; isPerson?: boolean }>,
    distribution = { level: 'regional' },
  ) => {
    const r = await call('POST', `${p.nodes[agency].url}/api/alerts`, {
      token: agency === 'KZ' ? kz : tm,
      body: minimalSeizure({ unit: agency === 'KZ' ? 'KZ-AKTAU' : 'TM-TURKMENBASHI', parties: parties.map((x) => ({ isPerson: false, ...x })), distribution }),
    });
    expect(r.status).toBe(201);
    ids[name] = r.body.id;
    await eventually(
      async () => (await call('GET', `${p.hub.url}/api/alerts/${r.body.id}`, { token: agency === 'KZ' ? kz : tm })).status === 200,
      `${name} on the hub`,
    );
  };

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ', 'TM'], { WATCHLIST_IMPORT_MAX_BYTES: '65536' });
    [kz, kzAuditor, az, tm, coordinator] = await Promise.all([
      token('KZ', 'officer', 'KZ-AKTAU'),
      token('KZ', 'auditor'),
      token('AZ', 'officer', 'AZ-ALYAT'),
      token('TM', 'officer', 'TM-TURKMENBASHI'),
      token('CCP', 'coordinator'),
    ]);
    // Held before any list exists: found by the re-screen that follows the first import.
    await post('kzEarly', 'KZ', [
      { role: 'shipper', name: 'ТОО «Каспий Транс Логистик»' },
      { role: 'driver', name: 'Rustam Kamalov', isPerson: true },
      { role: 'consignee', name: 'Aral Grain Export JSC' },
    ]);
  }, 120_000);
  afterAll(() => p?.close());

  it('imports the UN list as version 1 (coordinators only) and re-screens what the hub already holds', async () => {
    expect((await importList(fixture('un-consolidated-list-v1.xml'), '', 'application/xml', kz)).status).toBe(403);
    const r = await importList(fixture('un-consolidated-list-v1.xml'), '');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ list: 'un-sc-consolidated', version: 1, entries: 6 });
    await screened();
    const hits = (await hitsOf(kz)).filter((h) => h.alert.alertId === ids.kzEarly);
    expect(hits.map((h) => [h.entry.reference, h.party.name, h.listed]).sort()).toEqual([
      ['TSe.001', 'ТОО «Каспий Транс Логистик»', true],
      ['TSi.002', 'Rustam Kamalov', true],
    ]);
  });

  it('screens a new alert on arrival, across scripts and legal forms, and shows the hits on the owner’s detail', async () => {
    const feeds = Object.fromEntries(
      await Promise.all(Object.entries({ tm, az, kz, coordinator }).map(async ([who, t]) => [who, await openStream(`${p.hub.url}/api/stream`, t)] as const)),
    );
    await post('tmArrival', 'TM', [
      { role: 'shipper', name: 'Kaspiy Trans Logistik LLP' },
      { role: 'driver', name: 'Серик Абенов', isPerson: true },
      { role: 'carrier', name: 'Ashgabat Container Lines' },
    ]);
    const hits = await eventually(async () => {
      const h = (await hitsOf(tm)).filter((x) => x.alert.alertId === ids.tmArrival);
      return h.length === 2 && h;
    }, 'hits on arrival');
    expect(hits.map((h) => h.entry.reference).sort()).toEqual(['TSe.001', 'TSi.001']);
    expect(hits.every((h) => h.score >= 0.71 && h.score <= 1)).toBe(true);
    const detail = await call('GET', `${p.hub.url}/api/alerts/${ids.tmArrival}`, { token: tm });
    expect(detail.body.screening.map((h: Hit) => h.party.name).sort()).toEqual(['Kaspiy Trans Logistik LLP', 'Серик Абенов']);
    // As the OpenAPI document describes it (the console's type is generated from it), on the detail and the list.
    expect([...detail.body.screening, ...(await hitsOf(tm))].flatMap((h: unknown) => shapeProblems(h, 'ScreeningHit'))).toEqual([]);
    // The live notice reaches the owner only; everyone hears the (regional) alert itself.
    await eventually(async () => feeds.tm.events.filter((e) => e.type === 'screening-hit').length === 2, 'screening-hit notices');
    await eventually(async () => feeds.az.ids().includes(ids.tmArrival) && feeds.coordinator.ids().includes(ids.tmArrival), 'the alert on the others’ feeds');
    for (const f of Object.values(feeds)) await f.close();
    const notices = feeds.tm.events.filter((e) => e.type === 'screening-hit').map((e) => e.data as { alert: { alertId: string }; reference: string });
    expect(notices.map((n) => [n.alert.alertId, n.reference]).sort()).toEqual([
      [ids.tmArrival, 'TSe.001'],
      [ids.tmArrival, 'TSi.001'],
    ]);
    expect(JSON.stringify(notices)).not.toMatch(/Абенов|Abenov/); // names stay out of the feed
    for (const who of ['az', 'kz', 'coordinator']) expect(feeds[who].events.filter((e) => e.type === 'screening-hit')).toEqual([]);
  });

  it('tells no one but the owning agency: not another agency that sees the alert, not a coordinator', async () => {
    for (const t of [az, coordinator, kz]) {
      const detail = await call('GET', `${p.hub.url}/api/alerts/${ids.tmArrival}`, { token: t });
      expect(detail.status).toBe(200); // regional: they see the alert…
      expect(detail.body).not.toHaveProperty('screening'); // …and nothing of its screening
      expect(JSON.stringify(detail.body)).not.toContain('TSi.001');
    }
    expect(await hitsOf(az)).toEqual([]);
    expect(await hitsOf(coordinator)).toEqual([]);
    expect((await hitsOf(kz)).some((h) => h.alert.agency !== 'KZ')).toBe(false);
    expect((await hitsOf(tm)).some((h) => h.alert.agency !== 'TM')).toBe(false);
    // The owner's auditor audits its own agency's hits.
    expect((await hitsOf(kzAuditor)).map((h) => h.alert.alertId)).toContain(ids.kzEarly);
    // Lists say names and counts only.
    const lists = await call('GET', `${p.hub.url}/api/watchlists`, { token: az });
    expect(JSON.stringify(lists.body)).not.toMatch(/Abenov|Kamalov|TSi/);
  });

  it('a new version re-screens every alert: a delisted entry’s hit is kept as no longer listed, a newly listed one is found', async () => {
    const r = await importList(fixture('un-consolidated-list-v2.xml'), '?list=un-sc-consolidated&format=un-xml');
    expect(r.body).toMatchObject({ list: 'un-sc-consolidated', version: 2, entries: 6 });
    await screened();
    const hits = (await hitsOf(kz, `?alertId=${ids.kzEarly}`)).sort((a, b) => a.entry.reference.localeCompare(b.entry.reference));
    expect(hits.map((h) => [h.entry.reference, h.listed, h.version])).toEqual([
      ['TSe.001', true, 2],
      ['TSe.004', true, 2],
      ['TSi.002', false, 1],
    ]);
    expect((await hitsOf(kz, `?alertId=${ids.kzEarly}&listed=false`)).map((h) => h.entry.reference)).toEqual(['TSi.002']);
  });

  it('screens an amended alert again: a person no longer named takes their hit along, a new listed party is found', async () => {
    const amended = await call('POST', `${p.nodes.TM.url}/api/alerts/${ids.tmArrival}/amendments`, {
      token: tm,
      body: {
        expectedVersion: 1,
        changes: {
          parties: [
            { role: 'shipper', name: 'Kaspiy Trans Logistik LLP', isPerson: false },
            { role: 'consignee', name: 'Туркмен Гами Хызмат', isPerson: false },
          ],
        },
      },
    });
    expect(amended.status).toBe(200);
    const hits = await eventually(async () => {
      const h = await hitsOf(tm, `?alertId=${ids.tmArrival}`);
      return h.some((x) => x.entry.reference === 'TSe.003') && h;
    }, 'the amended alert screened');
    expect(hits.map((h) => h.entry.reference).sort()).toEqual(['TSe.001', 'TSe.003']); // Серик Абенов's hit is gone with him
  });

  it('imports a generic CSV as versions of its own list; the CLI imports and lists', async () => {
    expect((await importList(fixture('watchlist.csv'), '', 'text/csv')).status).toBe(400); // a CSV names its list
    const first = await importList(fixture('watchlist.csv'), '?list=national-kz', 'text/csv');
    expect(first.body).toMatchObject({ list: 'national-kz', version: 1, entries: 3 });
    const cliImport = await cli(
      'watchlist',
      'import',
      'test/fixtures/watchlists/watchlist.csv',
      '--list',
      'national-kz',
      '--url',
      p.hub.url,
      '--token',
      coordinator,
      '--json',
    );
    expect(cliImport.code).toBe(0);
    expect(JSON.parse(cliImport.out)).toMatchObject({ list: 'national-kz', version: 2, entries: 3 });
    const listed = await cli('watchlist', 'list', '--url', p.hub.url, '--token', coordinator, '--json');
    expect(JSON.parse(listed.out).items.map((l: { list: string; version: number }) => [l.list, l.version])).toEqual([
      ['national-kz', 2],
      ['un-sc-consolidated', 2],
    ]);
    // An officer cannot import (the hub refuses; a missing --list would be refused before asking it).
    const byOfficer = await cli('watchlist', 'import', 'test/fixtures/watchlists/watchlist.csv', '--list', 'national-kz', '--url', p.hub.url, '--token', kz);
    expect(byOfficer.code).toBe(1);
    await screened();
  });

  it('refuses hostile files with a 400 naming the line, before anything is stored', async () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<CONSOLIDATED_LIST>&b;</CONSOLIDATED_LIST>`;
    const refusals = [
      await importList(bomb, ''),
      await importList(
        `<CONSOLIDATED_LIST>\n<ENTITIES>\n<ENTITY><REFERENCE_NUMBER>N</REFERENCE_NUMBER><FIRST_NAME>Nul\u0000Co</FIRST_NAME></ENTITY>\n</ENTITIES>\n</CONSOLIDATED_LIST>`,
        '',
      ),
      await importList('reference,kind,name\n1,entity,Fine\n2,entity,Lone \ud800 half', '?list=national-kz', 'text/csv'),
    ];
    expect(refusals.map((r) => r.status)).toEqual([400, 400, 400]);
    expect(refusals[0].body.errors[0]).toMatchObject({ field: 'line 2', message: expect.stringMatching(/line 2: DOCTYPE/) });
    expect(refusals[1].body.errors[0].message).toMatch(/line 3: a NUL character/);
    expect(refusals[2].body.errors[0].message).toMatch(/line 3: (a lone surrogate|bytes that are not UTF-8)/);
    // A stable rule and its params for any client; in Russian for a reader who asks for it.
    expect(refusals[0].body.errors[0]).toMatchObject({ rule: 'doctype', params: { line: 2 } });
    const ru = await call('POST', `${p.hub.url}/api/watchlists/imports`, {
      token: coordinator,
      raw: bomb,
      headers: { 'content-type': 'application/xml', 'accept-language': 'ru' },
    });
    expect([ru.status, ru.body.errors[0].rule, ru.body.errors[0].params]).toEqual([400, 'doctype', { line: 2 }]);
    expect(ru.body.errors[0].message).toBe('строка 2: объявления DOCTYPE и сущностей не допускаются');
    const file = join(mkdtempSync(join(tmpdir(), 'cix-watchlist-')), 'bomb.xml');
    writeFileSync(file, bomb);
    const byCli = await cli('watchlist', 'import', file, '--lang', 'ru', '--url', p.hub.url, '--token', coordinator);
    expect([byCli.code, byCli.out]).toEqual([1, expect.stringContaining('строка 2: объявления DOCTYPE')]);
    expect((await importList(`<CONSOLIDATED_LIST>${' '.repeat(70_000)}</CONSOLIDATED_LIST>`, '')).status).toBe(413);
    expect((await call('POST', `${p.hub.url}/api/watchlists/imports`, { token: coordinator, body: { list: 'x' } })).status).toBe(400);
    const lists = await call('GET', `${p.hub.url}/api/watchlists`, { token: coordinator });
    expect(lists.body.items.map((l: { version: number }) => l.version)).toEqual([2, 2]);
  });
});
