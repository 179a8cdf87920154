import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { AlertEventType, applyAlertEvent, type AlertState } from '@cix/contracts';
import { TrustStore, verifyReplay } from '@cix/event-store';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';

// Hostile bodies, query strings, route parameters and headers (issue 10, items 1, 4 and 13):
// each is refused at the edge with a 400 naming what was wrong, the process stays healthy, and
// nothing an attacker sends ever lands on Object.prototype.

let platform: Awaited<ReturnType<typeof startPlatform>>;
let kz: string;
let kzAuditor: string;
let az: string;
const node = () => platform.nodes.KZ.url;
const hub = () => platform.hub.url;
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

const csvPost = (csv: string, who = kz) => call('POST', `${node()}/api/alerts/bulk`, { token: who, raw: csv, headers: { 'content-type': 'text/csv' } });
const GOOD_CSV_ROW = 'seizure,KZ-AKTAU,2026-11-20T08:00:00Z,drugs,heroin,regional';
const GOOD_CSV_HEADER = 'kind,unit,occurredAt,commodity.category,commodity.description,distribution.level';

/** The process is unharmed: nothing was added to Object.prototype and ordinary requests still answer. */
async function expectUnharmed() {
  expect(({} as Record<string, unknown>).x).toBeUndefined();
  expect(({} as Record<string, unknown>).unit).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS);
  const list = await call('GET', `${node()}/api/alerts?limit=1`, { token: kz });
  expect(list.status).toBe(200);
  const raised = await call('POST', `${node()}/api/alerts`, { token: kz, body: minimalSeizure() });
  expect(raised.status).toBe(201);
}

beforeAll(async () => {
  platform = await startPlatform(['AZ', 'KZ']);
  kz = await token('KZ', 'officer', 'KZ-AKTAU');
  kzAuditor = await token('KZ', 'auditor');
  az = await token('AZ', 'officer', 'AZ-ALYAT');
}, 60_000);
afterAll(() => platform?.close());

describe('item 1: untrusted keys never reach a prototype', () => {
  afterEach(async () => {
    // Whatever a test did, undo pollution so one failure does not cascade into every later test.
    for (const k of Object.getOwnPropertyNames(Object.prototype)) if (!PROTO_KEYS.includes(k)) delete (Object.prototype as Record<string, unknown>)[k];
  });

  it('an auditor cannot reach the CSV parser: 403 before any row is built', async () => {
    const r = await csvPost(`__proto__.x,${GOOD_CSV_HEADER}\npolluted,${GOOD_CSV_ROW}\n`, kzAuditor);
    expect(r.status).toBe(403);
    await expectUnharmed();
  });

  it('auditors are refused on every write endpoint of the node before the body is read', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [path, body] of [
      ['/api/alerts', minimalSeizure()],
      ['/api/alerts/bulk', [minimalSeizure()]],
      [`/api/alerts/${id}/amendments`, { expectedVersion: 1, changes: {} }],
      [`/api/alerts/${id}/distribution`, { expectedVersion: 1, level: 'regional' }],
      [`/api/alerts/${id}/close`, { expectedVersion: 1 }],
      ['/api/feedback', { alertId: id, outcome: 'nothing-found' }],
    ] as const) {
      const r = await call('POST', `${node()}${path}`, { token: kzAuditor, body });
      expect([path, r.status]).toEqual([path, 403]);
    }
  });

  it.each([
    ['__proto__.x'],
    ['__proto__.unit'],
    ['constructor.prototype.x'],
    ['commodity.__proto__.x'],
    ['prototype'],
    ['colour'],
    ['parties.name'],
    ['commodity'],
  ])("an officer's CSV with the column %s is a 400 naming the column, and nothing is polluted", async (column) => {
    const r = await csvPost(`${column},${GOOD_CSV_HEADER}\npolluted,${GOOD_CSV_ROW}\n`);
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ field: column, rule: 'unknownColumn', message: expect.any(String) })]);
    await expectUnharmed();
  });

  it('a CSV of known columns still works', async () => {
    const r = await csvPost(`${GOOD_CSV_HEADER},quantity.value,quantity.unit,containers\n${GOOD_CSV_ROW},12.5,kg,CSQU 305438-3;MSCU1234566\n`);
    expect(r.status).toBe(201);
    const got = await call('GET', `${node()}/api/alerts/${r.body.items[0].id}`, { token: kz });
    expect(got.body).toMatchObject({ quantity: { value: 12.5, unit: 'kg' }, containers: ['CSQU3054383', 'MSCU1234566'] });
  });

  it.each([
    ['at the top of a report', '{', '"__proto__":{"x":1},', '__proto__'],
    ['inside a nested field', '"commodity":{', '"__proto__":{"polluted":1},', 'commodity.__proto__'],
    ['as constructor.prototype', '{', '"constructor":{"prototype":{"polluted":1}},', 'constructor'],
  ])('a JSON body with a hostile key %s is a 400 naming the key', async (_where, after, inject, field) => {
    const raw = JSON.stringify(minimalSeizure()).replace(after, after + inject);
    expect(raw).toContain(inject);
    const r = await call('POST', `${node()}/api/alerts`, { token: kz, raw });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule: 'forbiddenKey' })]));
    await expectUnharmed();
  });

  it('an amendment whose changes name __proto__ is a 400, and a bulk JSON row too', async () => {
    const raised = await call('POST', `${node()}/api/alerts`, { token: kz, body: minimalSeizure() });
    const amend = await call('POST', `${node()}/api/alerts/${raised.body.id}/amendments`, {
      token: kz,
      raw: '{"expectedVersion":1,"changes":{"__proto__":{"unit":"X"}}}',
    });
    expect(amend.status).toBe(400);
    expect(amend.body.errors).toEqual([expect.objectContaining({ field: 'changes.__proto__', rule: 'forbiddenKey' })]);
    const bulk = await call('POST', `${node()}/api/alerts/bulk`, { token: kz, raw: `[${JSON.stringify(minimalSeizure())},{"__proto__":{"unit":"X"}}]` });
    expect(bulk.status).toBe(400);
    expect(bulk.body.errors).toEqual([expect.objectContaining({ field: '[1].__proto__', rule: 'forbiddenKey' })]);
    await expectUnharmed();
  });

  it.each([['?__proto__[x]=1'], ['?a[__proto__]=1'], ['?__proto__=1'], ['?constructor[prototype][x]=1'], ['?unit[x]=1&unit[y]=2']])(
    'the query string %s cannot pollute, on the node and on the hub',
    async (qs) => {
      for (const url of [`${node()}/api/alerts${qs}`, `${hub()}/api/alerts${qs}`]) {
        const r = await call('GET', url, { token: kz });
        expect([url, r.status]).toEqual([url, 400]);
      }
      await expectUnharmed();
    },
  );

  it("folding a signed amendment whose changes name __proto__ leaves the content's prototype alone", () => {
    const state = {
      id: 'a',
      agency: 'KZ',
      version: 1,
      status: 'open',
      content: { kind: 'seizure' },
      distribution: { level: 'regional' },
    } as unknown as AlertState;
    const payload = JSON.parse('{"alertId":"a","changes":{"__proto__":{"polluted":1},"locode":"KZAKT"}}');
    const next = applyAlertEvent(state, {
      type: AlertEventType.Amended,
      payload,
      streamVersion: 2,
      recordedAt: '2026-11-20T08:00:00Z',
      metadata: { actor: 'x' },
    })!;
    expect(Object.getPrototypeOf(next.content)).toBe(Object.prototype);
    expect((next.content as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(next.content).toMatchObject({ kind: 'seizure', locode: 'KZAKT' });
  });

  it('NDJSON read by cix verify with hostile keys is refused without touching a prototype', async () => {
    const lines = [
      JSON.stringify({ kind: 'cix-replay', complete: true }),
      '{"__proto__":{"polluted":1},"agency":"__proto__","position":1,"keyId":"constructor","hash":"00","prevHash":"00"}',
    ];
    const verdict = await verifyReplay(
      (async function* () {
        yield* lines;
      })(),
      new TrustStore(),
    );
    expect(verdict.intact).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('item 4 (edge): NUL, lone surrogates and oversized Idempotency-Keys are 400s naming the field', () => {
  it.each([
    ['a NUL in a nested text field', { commodity: { category: 'drugs', description: 'heroin\u0000' } }, 'commodity.description', 'noControlChars'],
    ['a NUL in a list element', { riskIndicators: ['ok', 'a\u0000b'] }, 'riskIndicators[1]', 'noControlChars'],
    ['a NUL in a party name', { parties: [{ role: 'shipper', name: 'Acme\u0000' }] }, 'parties[0].name', 'noControlChars'],
    ['a lone high surrogate', { commodity: { category: 'drugs', description: 'x\ud800y' } }, 'commodity.description', 'wellFormedUnicode'],
    ['a lone low surrogate', { recommendedAction: '\udc00' }, 'recommendedAction', 'wellFormedUnicode'],
  ])('raise with %s', async (_what, overrides, field, rule) => {
    const r = await call('POST', `${node()}/api/alerts`, { token: kz, body: minimalSeizure(overrides) });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
  });

  it('a NUL in a CSV upload, a query parameter or a route parameter of the node', async () => {
    const csv = await csvPost(`${GOOD_CSV_HEADER}\n${GOOD_CSV_ROW.replace('heroin', 'hero\u0000in')}\n`);
    expect(csv.status).toBe(400);
    expect(csv.body.errors[0]).toMatchObject({ field: 'body', rule: 'noControlChars' });
    const q = await call('GET', `${node()}/api/alerts?unit=KZ-%00`, { token: kz });
    expect(q.status).toBe(400);
    expect(q.body.errors[0]).toMatchObject({ field: 'unit', rule: 'noControlChars' });
    const p = await call('GET', `${node()}/api/alerts/%00`, { token: kz });
    expect(p.status).toBe(400);
    expect(p.body.errors[0]).toMatchObject({ field: 'id', rule: 'noControlChars' });
  });

  it('amend and feedback with a NUL or an oversized Idempotency-Key: 400 naming it, and the next writes succeed', async () => {
    const raised = await call('POST', `${node()}/api/alerts`, { token: kz, body: minimalSeizure() });
    const longKey = randomBytes(4500).toString('base64'); // 6000 visible characters that do not compress
    const amend = (key: string, changes: Record<string, unknown>) =>
      call('POST', `${node()}/api/alerts/${raised.body.id}/amendments`, {
        token: kz,
        body: { expectedVersion: 1, changes },
        headers: { 'idempotency-key': key },
      });
    const big = await amend(longKey, { recommendedAction: 'inspect' });
    expect(big.status).toBe(400);
    expect(big.body.errors[0]).toMatchObject({ field: 'Idempotency-Key' });
    const nul = await amend('ok-key', { recommendedAction: 'in\u0000spect' });
    expect(nul.status).toBe(400);
    expect(nul.body.errors[0]).toMatchObject({ field: 'changes.recommendedAction', rule: 'noControlChars' });
    const fine = await amend('ok-key', { recommendedAction: 'inspect' });
    expect(fine.status).toBe(200);

    const azAlert = await call('POST', `${platform.nodes.AZ.url}/api/alerts`, {
      token: az,
      body: minimalSeizure({ unit: 'AZ-ALYAT', kind: 'high-risk-consignment', distribution: { level: 'regional' } }),
    });
    await eventually(async () => (await call('GET', `${hub()}/api/alerts/${azAlert.body.id}`, { token: kz })).status === 200, 'the AZ alert on the hub');
    const feedback = (key: string) =>
      call('POST', `${node()}/api/feedback`, { token: kz, body: { alertId: azAlert.body.id, outcome: 'nothing-found' }, headers: { 'idempotency-key': key } });
    const badFeedback = await feedback(longKey);
    expect(badFeedback.status).toBe(400);
    expect(badFeedback.body.errors[0]).toMatchObject({ field: 'Idempotency-Key' });
    expect((await feedback('x'.repeat(129))).status).toBe(400);
    expect((await feedback('fb-1')).status).toBe(201);
  }, 30_000);

  it('on the hub, ?principal=%00 and ?q=a%00b (and any query parameter) are 400, not 500', async () => {
    const hubAuditor = await token('KZ', 'auditor');
    for (const [url, who, field] of [
      [`${hub()}/api/audit/access-log?principal=%00`, hubAuditor, 'principal'],
      [`${hub()}/api/alerts?q=a%00b`, kz, 'q'],
      [`${hub()}/api/alerts?container=%00`, kz, 'container'],
      [`${hub()}/api/alerts?q=%ED%A0%80`, kz, null], // an encoded lone surrogate decodes to U+FFFD: harmless
      [`${hub()}/api/trends/seizures?groupBy=unit&from=%00`, kz, 'from'],
      [`${hub()}/api/audit/events?type=%00`, hubAuditor, 'type'],
    ] as const) {
      const r = await call('GET', url, { token: who });
      if (field === null) {
        expect([url, r.status]).toEqual([url, 200]);
        continue;
      }
      expect([url, r.status]).toEqual([url, 400]);
      expect(r.body.errors[0]).toMatchObject({ field });
    }
    expect((await call('GET', `${hub()}/api/alerts?q=heroin`, { token: kz })).status).toBe(200);
  });
});

describe('item 13: depth and error-list limits', () => {
  const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

  it('a JSON body nested 5,000 deep is a 400 (not a 500), on raise, bulk and amend; the node keeps answering', async () => {
    const raise = await call('POST', `${node()}/api/alerts`, { token: kz, raw: `{"commodity":${deep(5000)}}` });
    expect(raise.status).toBe(400);
    expect(raise.body.errors[0]).toMatchObject({ rule: 'maxDepth' });
    const bulk = await call('POST', `${node()}/api/alerts/bulk`, { token: kz, raw: '['.repeat(5000) + ']'.repeat(5000) });
    expect(bulk.status).toBe(400);
    expect(bulk.body.errors[0]).toMatchObject({ rule: 'maxDepth' });
    const amend = await call('POST', `${node()}/api/alerts/00000000-0000-4000-8000-000000000000/amendments`, {
      token: kz,
      raw: `{"expectedVersion":1,"changes":${deep(5000)}}`,
    });
    expect(amend.status).toBe(400);
    expect(amend.body.errors[0]).toMatchObject({ rule: 'maxDepth' });
    await expectUnharmed();
  });

  it('legitimate nesting (lists of parties inside a bulk upload) is well within the limit', async () => {
    const r = await call('POST', `${node()}/api/alerts/bulk`, {
      token: kz,
      body: [minimalSeizure({ parties: [{ role: 'shipper', name: 'Caspian Trade LLC' }] })],
    });
    expect(r.status).toBe(201);
  });

  it('a large CSV full of errors answers a bounded list: the first 100 errors and the total count', async () => {
    const header =
      'kind,unit,occurredAt,commodity.category,commodity.description,quantity.value,quantity.unit,containers,route.departure,locode,distribution.level,handlingCode';
    const row = 'rumour,XX,yesterday,tea,,-1,bags,CSQU3054384,XX,KZ-AAU,everyone,H9';
    const csv = [header, ...Array.from({ length: 1000 }, () => row)].join('\n');
    expect(csv.length).toBeGreaterThan(60_000);
    const r = await csvPost(csv);
    expect(r.status).toBe(400);
    expect(r.body.errors).toHaveLength(100);
    expect(r.body.errorCount).toBeGreaterThan(5000);
    expect(JSON.stringify(r.body).length).toBeLessThan(50_000);
    expect(r.body.errors[0]).toMatchObject({ field: expect.stringMatching(/^\[0\]\./), rule: expect.any(String) });
  }, 30_000);
});
