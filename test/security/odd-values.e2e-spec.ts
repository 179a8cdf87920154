import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';

// Threat: odd but well-formed query values and bodies; every one must be a 400 (or a normal answer), never a 500.
describe('odd values are never a 500', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string;
  let kzAuditor: string;
  let id: string;
  beforeAll(async () => {
    p = await startPlatform(['KZ']);
    kz = await token('KZ', 'officer', 'KZ-AKTAU');
    kzAuditor = await token('KZ', 'auditor');
    id = (await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: kz, body: minimalSeizure() })).body.id;
  }, 60_000);
  afterAll(() => p?.close());

  const hubGets = () =>
    [
      [`/api/alerts/${id}?asOf=0001-01-01T00:00:00Z`, kz],
      [`/api/alerts/${id}?asOf=9999-12-31T23:59:59Z`, kz],
      [`/api/alerts/${id}?asOf=2026-02-30T00:00:00Z`, kz],
      [`/api/alerts/${id}?asOf=2026-11-30T25:00:00Z`, kz],
      [`/api/alerts?from=2026-02-30`, kz],
      [`/api/alerts?from=0000-01-01`, kz],
      [`/api/alerts?from=275760-09-14`, kz],
      [`/api/alerts?to=2026-13-01`, kz],
      [`/api/alerts?limit=0`, kz],
      [`/api/alerts?limit=1e3`, kz],
      [`/api/alerts?limit=99999999999999999999`, kz],
      [`/api/alerts?limit=-1`, kz],
      [`/api/alerts?cursor=${'A'.repeat(40)}`, kz],
      [`/api/alerts?cursor=%F0%9F%98%80`, kz],
      [`/api/alerts?hsChapter=%F0%9F%98%80`, kz],
      [`/api/alerts?q=${'x'.repeat(5000)}`, kz],
      [`/api/alerts?q=%5C`, kz],
      [`/api/alerts?status=expired&status=open`, kz],
      [`/api/alerts?container=a&container=b`, kz],
      [`/api/trends/seizures?groupBy=unit&from=2026-02-30`, kz],
      [`/api/trends/seizures?groupBy=day&series=unit&from=0001-01-01&to=9999-12-31`, kz],
      [`/api/trends/effectiveness?groupBy=unit&from=2026-02-30T00:00:00Z`, kz],
      [`/api/audit/events?from=2026-02-30T00:00:00Z`, kzAuditor],
      [`/api/audit/events?alert=not-a-uuid`, kzAuditor],
      [`/api/audit/events?agency=%F0%9F%98%80`, kzAuditor],
      [`/api/audit/access-log?cursor=999999999999999999`, kzAuditor],
      [`/api/audit/access-log?from=2026-02-30T00:00:00Z`, kzAuditor],
      [`/api/audit/access-log?limit=abc`, kzAuditor],
      [`/api/audit/alerts/${id}/timeline`, kz],
    ] as const;

  it('dates in ISO 8601 forms no reader parses (week dates, basic format) are a 400 naming the field', async () => {
    for (const [path, field] of [
      [`/api/alerts/${id}?asOf=2026-W10-3`, 'asOf'],
      ['/api/alerts?from=2026-W10-3', 'from'],
      ['/api/alerts?to=20261120T080000Z', 'to'],
    ]) {
      const r = await call('GET', `${p.hub.url}${path}`, { token: kz });
      expect([path, r.status, r.body.errors?.[0]?.field]).toEqual([path, 400, field]);
    }
    for (const eta of ['2026-W10-3', '20261120T080000Z', '2026-11-30']) {
      const raised = await call('POST', `${p.nodes.KZ.url}/api/alerts`, {
        token: kz,
        body: minimalSeizure({ kind: 'high-risk-consignment', quantity: undefined, eta }),
      });
      expect([eta, raised.status, raised.body.errors?.[0]?.field]).toEqual([eta, 400, 'eta']);
      const amended = await call('POST', `${p.nodes.KZ.url}/api/alerts/${id}/amendments`, { token: kz, body: { expectedVersion: 1, changes: { eta } } });
      expect([eta, amended.status]).toEqual([eta, 400]);
    }
  }, 60_000);

  it('hub GETs', async () => {
    const fails: string[] = [];
    for (const [path, who] of hubGets()) {
      const r = await call('GET', `${p.hub.url}${path}`, { token: who });
      if (r.status >= 500) fails.push(`${r.status} ${path.slice(0, 120)} ${JSON.stringify(r.body).slice(0, 200)}`);
    }
    expect(fails).toEqual([]);
  }, 60_000);

  it('node writes with odd but well-formed values', async () => {
    const fails: string[] = [];
    const bodies: Array<[string, unknown, string?]> = [
      ['/api/alerts', minimalSeizure({ occurredAt: '2026-02-30T08:00:00Z' })],
      ['/api/alerts', minimalSeizure({ occurredAt: '0001-01-01T00:00:00Z' })],
      ['/api/alerts', minimalSeizure({ eta: '+275760-09-13T00:00:00Z' })],
      ['/api/alerts', minimalSeizure({ eta: '2026-11-30T24:00:00Z' })],
      ['/api/alerts', minimalSeizure({ quantity: { value: 1e308, unit: 'kg' } })],
      ['/api/alerts', minimalSeizure({ quantity: { value: 5e-324, unit: 'kg' } })],
      ['/api/alerts', minimalSeizure({ commodity: { category: 'drugs', description: 'x', hsCode: '29391100000000000000' } })],
      ['/api/alerts', minimalSeizure({ containers: Array(200).fill('CSQU3054383') })],
      ['/api/alerts', minimalSeizure({ riskIndicators: ['\u202e\u200b'] })],
      ['/api/alerts', '"a string"'],
      ['/api/alerts', 'null'],
      ['/api/alerts', '[]'],
      ['/api/alerts/bulk', '{}'],
      ['/api/alerts/bulk', 'null'],
      ['/api/alerts/bulk', JSON.stringify(Array(2000).fill(0))],
      [`/api/alerts/${id}/amendments`, { expectedVersion: 1e300, changes: {} }],
      [`/api/alerts/${id}/amendments`, { expectedVersion: 2147483648, changes: {} }],
      [`/api/alerts/${id}/amendments`, { expectedVersion: 1, changes: { parties: null } }],
      [`/api/alerts/${id}/amendments`, { expectedVersion: 1, changes: { occurredAt: null } }],
      [`/api/alerts/${id}/distribution`, { expectedVersion: 2147483648, level: 'regional' }],
      [`/api/alerts/${id}/close`, { expectedVersion: 1, reason: 'x'.repeat(100000) }],
      ['/api/feedback', { alertId: id, outcome: 'nothing-found', inspectedAt: '2026-02-30T00:00:00Z' }],
    ];
    for (const [path, body] of bodies) {
      const r = await call('POST', `${p.nodes.KZ.url}${path}`, typeof body === 'string' ? { token: kz, raw: body } : { token: kz, body });
      if (r.status >= 500) fails.push(`${r.status} ${path} ${JSON.stringify(body).slice(0, 100)} -> ${JSON.stringify(r.body).slice(0, 200)}`);
    }
    const csv = await call('POST', `${p.nodes.KZ.url}/api/alerts/bulk`, {
      token: kz,
      raw: 'kind,unit\n"unterminated',
      headers: { 'content-type': 'text/csv' },
    });
    if (csv.status >= 500) fails.push(`${csv.status} csv unterminated quote`);
    const csv2 = await call('POST', `${p.nodes.KZ.url}/api/alerts/bulk`, { token: kz, raw: '', headers: { 'content-type': 'text/csv' } });
    if (csv2.status >= 500) fails.push(`${csv2.status} empty csv`);
    const csv3 = await call('POST', `${p.nodes.KZ.url}/api/alerts/bulk`, {
      token: kz,
      raw: 'kind,kind,unit\nseizure,seizure,KZ-AKTAU\n',
      headers: { 'content-type': 'text/csv' },
    });
    if (csv3.status >= 500) fails.push(`${csv3.status} duplicate csv column`);
    expect(fails).toEqual([]);
  }, 60_000);
});
