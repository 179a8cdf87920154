import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startPlatform, token } from './support/platform.js';

const hra = (overrides: Record<string, unknown> = {}) =>
  minimalSeizure({
    kind: 'high-risk-consignment',
    quantity: undefined,
    eta: '2026-11-25T10:00:00Z',
    recommendedAction: 'x-ray on arrival',
    riskIndicators: ['route inconsistent with goods'],
    ...overrides,
  });

describe('alert lifecycle across nodes and hub', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string, az: string, tm: string, coordinator: string;
  const kzNode = () => p.nodes.KZ.url;
  const onHub = (id: string, t: string) => call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t });
  const post = async (body: unknown) => {
    const r = await call('POST', `${kzNode()}/api/alerts`, { token: kz, body });
    expect(r.status).toBe(201);
    return r.body as { id: string; version: number };
  };
  const waitHub = (id: string, t: string, check: (b: any) => boolean, what: string) =>
    eventually(async () => {
      const r = await onHub(id, t);
      return r.status === 200 && check(r.body) ? r.body : null;
    }, what);
  const waitGone = (id: string, t: string, what: string) => eventually(async () => (await onHub(id, t)).status === 404, what);

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ', 'TM']);
    [kz, az, tm, coordinator] = await Promise.all([
      token('KZ', 'officer', 'KZ-AKTAU'),
      token('AZ', 'officer', 'AZ-ALYAT'),
      token('TM', 'officer', 'TM-TURKMENBASHI'),
      token('CCP', 'coordinator'),
    ]);
  }, 60_000);
  afterAll(() => p?.close());

  it('amends with the expected version; a stale version gets 409 with the current version; the hub follows', async () => {
    const a = await post(minimalSeizure());
    const ok = await call('POST', `${kzNode()}/api/alerts/${a.id}/amendments`, {
      token: kz,
      body: { expectedVersion: 1, changes: { quantity: { value: 14, unit: 'kg' }, containers: ['CSQU 305438-3', 'MSCU1234566'] } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, quantity: { value: 14, unit: 'kg' }, containers: ['CSQU3054383', 'MSCU1234566'] });
    const stale = await call('POST', `${kzNode()}/api/alerts/${a.id}/amendments`, {
      token: kz,
      body: { expectedVersion: 1, changes: { quantity: { value: 15, unit: 'kg' } } },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'STREAM.VERSION_CONFLICT', currentVersion: 2 });
    await waitHub(a.id, az, (b) => b.version === 2 && b.quantity.value === 14, 'amendment on the hub');
    const history = await call('GET', `${kzNode()}/api/alerts/${a.id}`, { token: kz });
    expect(history.body.history.map((h: { type: string }) => h.type)).toEqual(['AlertRaised', 'AlertAmended']);
  });

  it('two concurrent amendments at the same version: exactly one wins, the other gets 409', async () => {
    const a = await post(minimalSeizure());
    const [r1, r2] = await Promise.all(
      [1, 2].map((n) =>
        call('POST', `${kzNode()}/api/alerts/${a.id}/amendments`, {
          token: kz,
          body: { expectedVersion: 1, changes: { commodity: { category: 'drugs', description: `variant ${n}` } } },
        }),
      ),
    );
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
  });

  it('rejects amendments that remove required fields, change nothing or break a rule, with 400', async () => {
    const a = await post(minimalSeizure());
    const amend = (changes: unknown) => call('POST', `${kzNode()}/api/alerts/${a.id}/amendments`, { token: kz, body: { expectedVersion: 1, changes } });
    expect((await amend({ commodity: null })).body.errors[0]).toMatchObject({ field: 'changes.commodity', rule: 'required' });
    expect((await amend({ handlingCode: 'H1' })).body.errors[0]).toMatchObject({ field: 'changes', rule: 'noChange' });
    expect((await amend({ containers: ['CSQU3054384'] })).body.errors[0]).toMatchObject({
      field: 'changes.containers[0]',
      rule: 'checkDigit',
      confirmable: true,
    });
    expect((await amend({ containers: ['CSQU305438'] })).body.errors[0]).toMatchObject({ field: 'changes.containers', rule: 'iso6346' });
    expect((await amend({ kind: 'high-risk-consignment' })).body.errors[0]).toMatchObject({ field: 'changes.kind', rule: 'unknownField' });
    expect((await call('GET', `${kzNode()}/api/alerts/${a.id}`, { token: kz })).body.version).toBe(1);
  });

  it('narrowing a distribution takes effect on the next read on the hub; widening from agency brings the alert to the hub', async () => {
    const a = await post(minimalSeizure({ distribution: { level: 'regional' } }));
    await waitHub(a.id, az, () => true, 'regional alert visible to AZ');
    const narrow = await call('POST', `${kzNode()}/api/alerts/${a.id}/distribution`, {
      token: kz,
      body: { expectedVersion: 1, level: 'bilateral', recipients: ['TM'] },
    });
    expect(narrow.status).toBe(200);
    await waitGone(a.id, az, 'AZ loses the alert');
    expect((await onHub(a.id, tm)).status).toBe(200);
    expect((await onHub(a.id, coordinator)).status).toBe(404);
    const toAgency = await call('POST', `${kzNode()}/api/alerts/${a.id}/distribution`, { token: kz, body: { expectedVersion: 2, level: 'agency' } });
    expect(toAgency.status).toBe(200);
    await waitGone(a.id, tm, 'TM loses the alert when it becomes agency-only');

    const secret = await post(minimalSeizure({ distribution: { level: 'agency' } }));
    const widen = await call('POST', `${kzNode()}/api/alerts/${secret.id}/distribution`, {
      token: kz,
      body: { expectedVersion: 1, level: 'bilateral', recipients: ['AZ'] },
    });
    expect(widen.status).toBe(200);
    const seen = await waitHub(secret.id, az, () => true, 'widened alert reaches AZ');
    expect(seen).toMatchObject({ agency: 'KZ', version: 2, distribution: { level: 'bilateral', recipients: ['AZ'] }, commodity: { category: 'drugs' } });
    expect((await onHub(secret.id, tm)).status).toBe(404);
  });

  it('refuses an empty recipient list when changing a distribution (400), never reading it as everyone', async () => {
    const a = await post(minimalSeizure());
    const r = await call('POST', `${kzNode()}/api/alerts/${a.id}/distribution`, {
      token: kz,
      body: { expectedVersion: 1, level: 'bilateral', recipients: [] },
    });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ field: 'recipients', rule: 'arrayNotEmpty' });
  });

  it('a retracted alert stays visible to those who could see it, marked retracted; closing and renewing follow the rules', async () => {
    const a = await post(minimalSeizure());
    const closed = await call('POST', `${kzNode()}/api/alerts/${a.id}/close`, { token: kz, body: { expectedVersion: 1, reason: 'consignment inspected' } });
    expect(closed.body).toMatchObject({ status: 'closed', version: 2 });
    expect((await call('POST', `${kzNode()}/api/alerts/${a.id}/renew`, { token: kz, body: { expectedVersion: 2 } })).status).toBe(409);
    const retracted = await call('POST', `${kzNode()}/api/alerts/${a.id}/retract`, {
      token: kz,
      body: { expectedVersion: 2, reason: 'wrong container number' },
    });
    expect(retracted.body).toMatchObject({ status: 'retracted', statusReason: 'wrong container number' });
    expect((await call('POST', `${kzNode()}/api/alerts/${a.id}/retract`, { token: kz, body: { expectedVersion: 3, reason: 'again' } })).status).toBe(409);
    expect((await call('POST', `${kzNode()}/api/alerts/${a.id}/retract`, { token: kz, body: { expectedVersion: 3 } })).status).toBe(400);
    await waitHub(a.id, az, (b) => b.status === 'retracted', 'retraction on the hub');
    const hubList = await call('GET', `${p.hub.url}/api/alerts?status=retracted`, { token: az });
    expect(hubList.body.items.map((i: { id: string }) => i.id)).toContain(a.id);

    const b = await post(minimalSeizure());
    const renewed = await call('POST', `${kzNode()}/api/alerts/${b.id}/renew`, { token: kz, body: { expectedVersion: 1 } });
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.body.expiresAt)).toBeGreaterThan(Date.now() + 89 * 86_400_000);
  });

  it('only officers of the owning agency change alerts; unknown alerts are 404', async () => {
    const a = await post(minimalSeizure());
    const auditor = await token('KZ', 'auditor');
    expect((await call('POST', `${kzNode()}/api/alerts/${a.id}/close`, { token: auditor, body: { expectedVersion: 1 } })).status).toBe(403);
    expect((await call('POST', `${kzNode()}/api/alerts/00000000-0000-4000-8000-000000000000/close`, { token: kz, body: { expectedVersion: 1 } })).status).toBe(
      404,
    );
    expect((await call('POST', `${kzNode()}/api/alerts/not-a-uuid/close`, { token: kz, body: { expectedVersion: 1 } })).status).toBe(404);
  });

  it('feedback: given by the receiving agency in its own store, seen by the owner, never by a third agency', async () => {
    const alert = await post(hra({ distribution: { level: 'regional' } }));
    const seen = await waitHub(alert.id, az, () => true, 'alert visible to AZ');
    expect(seen.feedbackStatus).toBe('open');
    const awaiting = await call('GET', `${p.hub.url}/api/feedback/awaiting`, { token: az });
    expect(awaiting.body.items.map((i: { id: string }) => i.id)).toContain(alert.id);

    // AZ seized it: the feedback links to AZ's own seizure report.
    const azSeizure = await call('POST', `${p.nodes.AZ.url}/api/alerts`, {
      token: az,
      body: minimalSeizure({ unit: 'AZ-ALYAT', distribution: { level: 'agency' } }),
    });
    const fb = await call('POST', `${p.nodes.AZ.url}/api/feedback`, {
      token: az,
      body: { alertId: alert.id, outcome: 'seizure', seizureReportId: azSeizure.body.id, inspectedAt: '2026-11-26T09:00:00Z' },
    });
    expect(fb.status).toBe(201);
    expect(fb.body).toMatchObject({ alert: { agency: 'KZ', alertId: alert.id }, agency: 'AZ', outcome: 'seizure' });

    const forOwner = await waitHub(alert.id, kz, (b) => b.feedback.length === 1, 'feedback visible to KZ');
    expect(forOwner.feedback[0]).toMatchObject({ agency: 'AZ', outcome: 'seizure', seizureReportId: azSeizure.body.id });
    expect((await onHub(alert.id, az)).body).toMatchObject({ feedbackStatus: 'given', feedback: [expect.objectContaining({ agency: 'AZ' })] });
    const forTm = await onHub(alert.id, tm);
    expect(forTm.body.feedback).toEqual([]);
    expect(forTm.body.feedbackStatus).toBe('open');
    expect((await call('GET', `${p.hub.url}/api/feedback/awaiting`, { token: az })).body.items.map((i: { id: string }) => i.id)).not.toContain(alert.id);
  });

  it('feedback is refused on alerts the agency cannot see (404), on its own alerts, and without the required details (400)', async () => {
    const toTm = await post(hra({ distribution: { level: 'bilateral', recipients: ['TM'] } }));
    await waitHub(toTm.id, tm, () => true, 'alert for TM on the hub');
    const hidden = await call('POST', `${p.nodes.AZ.url}/api/feedback`, { token: az, body: { alertId: toTm.id, outcome: 'nothing-found' } });
    expect(hidden.status).toBe(404);
    const own = await call('POST', `${kzNode()}/api/feedback`, { token: kz, body: { alertId: toTm.id, outcome: 'nothing-found' } });
    expect(own.body.errors?.[0]).toMatchObject({ field: 'alertId', rule: 'notOwnAlert' });
    const noReason = await call('POST', `${p.nodes.TM.url}/api/feedback`, { token: tm, body: { alertId: toTm.id, outcome: 'not-inspected' } });
    expect(noReason.body.errors[0]).toMatchObject({ field: 'reason' });
    const noReport = await call('POST', `${p.nodes.TM.url}/api/feedback`, { token: tm, body: { alertId: toTm.id, outcome: 'seizure' } });
    expect(noReport.body.errors[0]).toMatchObject({ field: 'seizureReportId' });
    const notOurs = await call('POST', `${p.nodes.TM.url}/api/feedback`, {
      token: tm,
      body: { alertId: toTm.id, outcome: 'seizure', seizureReportId: toTm.id },
    });
    expect(notOurs.body.errors[0]).toMatchObject({ field: 'seizureReportId', rule: 'seizureReport' });
    const good = await call('POST', `${p.nodes.TM.url}/api/feedback`, {
      token: tm,
      body: { alertId: toTm.id, outcome: 'not-inspected', reason: 'vessel diverted to another port' },
    });
    expect(good.status).toBe(201);
  });

  it('bulk upload: all or nothing, every bad row listed; CSV with a header row works too', async () => {
    const before = (await call('GET', `${kzNode()}/api/alerts?limit=200`, { token: kz })).body.items.length;
    const bad = await call('POST', `${kzNode()}/api/alerts/bulk`, {
      token: kz,
      body: [minimalSeizure(), minimalSeizure({ containers: ['CSQU3054384'] }), minimalSeizure(), minimalSeizure({ unit: 'XX' })],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['[1].containers[0]', '[3].unit']));
    expect((await call('GET', `${kzNode()}/api/alerts?limit=200`, { token: kz })).body.items.length).toBe(before);

    const good = await call('POST', `${kzNode()}/api/alerts/bulk`, { token: kz, body: Array.from({ length: 25 }, () => minimalSeizure()) });
    expect(good.status).toBe(201);
    expect(good.body.created).toBe(25);

    const csv =
      'kind,unit,occurredAt,commodity.category,commodity.description,quantity.value,quantity.unit,containers,distribution.level,distribution.recipients\n' +
      'seizure,KZ-AKTAU,2026-11-20T08:00:00Z,cigarettes,"cigarettes, undeclared",48000,pieces,CSQU 305438-3,bilateral,AZ;TM\n' +
      'high-risk-consignment,KZ-AKTAU,2026-11-21T08:00:00Z,precursors,acetic anhydride,,,,regional,\n';
    const fromCsv = await call('POST', `${kzNode()}/api/alerts/bulk`, { token: kz, raw: csv, headers: { 'content-type': 'text/csv' } });
    expect(fromCsv.status).toBe(201);
    const first = await call('GET', `${kzNode()}/api/alerts/${fromCsv.body.items[0].id}`, { token: kz });
    expect(first.body).toMatchObject({
      commodity: { description: 'cigarettes, undeclared' },
      quantity: { value: 48000, unit: 'pieces' },
      containers: ['CSQU3054383'],
      distribution: { level: 'bilateral', recipients: ['AZ', 'TM'] },
    });
    const tooMany = await call('POST', `${kzNode()}/api/alerts/bulk`, { token: kz, body: Array.from({ length: 1001 }, () => ({})) });
    expect(tooMany.status).toBe(413);
  });

  it('lists own alerts on the node with filters and cursor pagination', async () => {
    const q = (s: string) => call('GET', `${kzNode()}/api/alerts?${s}`, { token: kz });
    const cig = await q('commodity=cigarettes');
    expect(cig.body.items.length).toBeGreaterThan(0);
    expect(cig.body.items.every((i: { commodity: { category: string } }) => i.commodity.category === 'cigarettes')).toBe(true);
    expect((await q('kind=high-risk-consignment')).body.items.every((i: { kind: string }) => i.kind === 'high-risk-consignment')).toBe(true);
    expect((await q('status=retracted')).body.items.every((i: { status: string }) => i.status === 'retracted')).toBe(true);
    expect((await q('container=MSCU1234566')).body.items.length).toBeGreaterThan(0);
    const pages: string[] = [];
    let cursor = '';
    for (;;) {
      const page = await q(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(...page.body.items.map((i: { id: string }) => i.id));
      if (!page.body.nextCursor) break;
      cursor = page.body.nextCursor;
    }
    const all = await q('limit=200');
    expect(pages).toEqual(all.body.items.map((i: { id: string }) => i.id));
    expect(new Set(pages).size).toBe(pages.length);
  });
});
