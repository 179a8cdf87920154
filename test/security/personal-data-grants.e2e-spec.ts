import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { containerCheckDigit, natsInboxPrefix } from '@cix/contracts';
import { TrustStore } from '@cix/event-store';
import { readModelChecksum, rebuildProjections } from '@cix/read-model';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';
import { openStream } from '../support/sse.js';
import { testKeys } from '../support/test-env.js';

// Issue 11, contract C2. The owner may grant named agencies the persons of one alert (a bilateral
// alert asking TM to inspect needs the driver's name), on a stated legal basis; each grant and
// revocation is an alert event. A granted agency's officers see the persons on every path that
// returns content (detail, list, search, feed, STIX, time travel); a third agency, the programme
// and the grantee's auditors still see the marker; a revocation withdraws it at once, the past
// included; a rebuild reaches the same model.

const SECRETS = ['Abenov', 'N1234567'];
const leaked = (body: unknown) => SECRETS.filter((s) => (typeof body === 'string' ? body : JSON.stringify(body)).includes(s));
const container = (first10: string) => first10 + containerCheckDigit(first10);
const C1 = container('GRNU100000');
const STIX = { accept: 'application/stix+json;version=2.1' };

describe('personal-data grants (C2): the grantee sees the persons on every path, others never, a revocation withdraws', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string, tm: string, az: string, coordinator: string, tmAuditor: string, kzAuditor: string;
  let feeds: Record<'tm' | 'az', Awaited<ReturnType<typeof openStream>>>;
  let alertId = '';
  let beforeGrant = '';
  let whileGranted = '';
  const hub = (path: string, t: string, headers: Record<string, string> = {}) => call('GET', `${p.hub.url}${path}`, { token: t, headers });
  const paths = () => [`/api/alerts/${alertId}`, `/api/alerts?container=${C1}`, '/api/alerts?q=granttoken'];
  const grant = (body: unknown, t = kz) => call('POST', `${p.nodes.KZ.url}/api/alerts/${alertId}/personal-data-grants`, { token: t, body });
  const revoke = (body: unknown) => call('POST', `${p.nodes.KZ.url}/api/alerts/${alertId}/personal-data-grants/revocations`, { token: kz, body });
  const hubVersion = (v: number) => eventually(async () => (await hub(`/api/alerts/${alertId}`, kz)).body?.version === v, `version ${v} on the hub`);
  const tick = () => new Promise((r) => setTimeout(r, 20));

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ', 'TM']);
    [kz, tm, az, coordinator, tmAuditor, kzAuditor] = await Promise.all([
      token('KZ', 'officer', 'KZ-AKTAU', 'aigerim'),
      token('TM', 'officer', 'TM-TURKMENBASHI', 'merdan'),
      token('AZ', 'officer', 'AZ-ALYAT', 'rashad'),
      token('CCP', 'coordinator', undefined, 'coord'),
      token('TM', 'auditor', undefined, 'tm-inspector'),
      token('KZ', 'auditor', undefined, 'kz-inspector'),
    ]);
    feeds = { tm: await openStream(`${p.hub.url}/api/stream`, tm), az: await openStream(`${p.hub.url}/api/stream`, az) };
    const r = await call('POST', `${p.nodes.KZ.url}/api/alerts`, {
      token: kz,
      body: minimalSeizure({
        kind: 'high-risk-consignment',
        quantity: undefined,
        containers: [C1],
        commodity: { category: 'drugs', description: 'granttoken heroin in a false floor' },
        parties: [
          { role: 'shipper', name: 'Kaspiy Grant LLP' },
          { role: 'driver', name: 'Serik Abenov', isPerson: true, nationality: 'KZ', documentNumber: 'N1234567' },
        ],
      }),
    });
    expect(r.status).toBe(201);
    alertId = r.body.id;
    await hubVersion(1);
    await tick();
    beforeGrant = new Date().toISOString();
  }, 120_000);

  afterAll(async () => {
    for (const f of Object.values(feeds ?? {})) await f?.close();
    await p?.close();
  });

  it('refuses recipients that cannot see the alert, the programme, the own agency, a stale version and anyone but the owner’s officers', async () => {
    const narrow = await call('POST', `${p.nodes.KZ.url}/api/alerts/${alertId}/distribution`, {
      token: kz,
      body: { expectedVersion: 1, level: 'bilateral', recipients: ['TM'] },
    });
    expect(narrow.status).toBe(200);
    const refused = await grant({ expectedVersion: 2, recipients: ['AZ', 'CCP', 'KZ'], legalBasis: 'MoU art. 5' });
    expect([refused.status, refused.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)]).toEqual([
      400,
      ['recipients:canSeeAlert', 'recipients:canSeeAlert', 'recipients:notOwnAgency'],
    ]);
    expect((await grant({ expectedVersion: 2, recipients: ['TM'], legalBasis: '' })).body.errors.map((e: { field: string }) => e.field)).toEqual([
      'legalBasis',
    ]);
    expect((await grant({ expectedVersion: 2, recipients: ['TM'], legalBasis: 'x'.repeat(501) })).status).toBe(400);
    expect(await grant({ expectedVersion: 1, recipients: ['TM'], legalBasis: 'MoU' })).toMatchObject({
      status: 409,
      body: { code: 'STREAM.VERSION_CONFLICT', currentVersion: 2 },
    });
    expect((await grant({ expectedVersion: 2, recipients: ['TM'], legalBasis: 'MoU' }, kzAuditor)).status).toBe(403);
    // Another agency's officer cannot even authenticate on KZ's node.
    expect((await grant({ expectedVersion: 2, recipients: ['TM'], legalBasis: 'MoU' }, tm)).status).toBe(401);
    expect((await revoke({ expectedVersion: 2, agency: 'TM' })).body.errors).toEqual([expect.objectContaining({ field: 'agency', rule: 'notGranted' })]);
    // Back to regional: every agency sees the alert, nobody but KZ its persons.
    expect(
      (await call('POST', `${p.nodes.KZ.url}/api/alerts/${alertId}/distribution`, { token: kz, body: { expectedVersion: 2, level: 'regional' } })).status,
    ).toBe(200);
    await hubVersion(3);
    for (const t of [tm, az]) for (const path of paths()) expect([path, leaked((await hub(path, t)).body)]).toEqual([path, []]);
  });

  it('a grant shows TM the persons on detail, list, search, STIX, feed and time travel; the owner sees the grant; AZ, the programme and TM’s auditors do not', async () => {
    const granted = await grant({ expectedVersion: 3, recipients: ['TM'], legalBasis: 'Bilateral MoU art. 5: inspection at Turkmenbashi' });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ version: 4, personalDataGrants: [{ agency: 'TM', legalBasis: 'Bilateral MoU art. 5: inspection at Turkmenbashi' }] });
    await hubVersion(4);
    await tick();
    whileGranted = new Date().toISOString();
    for (const path of paths()) {
      const r = await hub(path, tm);
      expect([path, r.status, leaked(r.body)]).toEqual([path, 200, SECRETS]);
    }
    const detail = (await hub(`/api/alerts/${alertId}`, tm)).body;
    expect(detail.parties[1]).toEqual({ role: 'driver', name: 'Serik Abenov', isPerson: true, nationality: 'KZ', documentNumber: 'N1234567' });
    expect(detail).not.toHaveProperty('personalDataGrants');
    expect(leaked((await hub(`/api/alerts/${alertId}`, tm, STIX)).body)).toEqual(['Abenov']);
    expect(leaked((await hub(`/api/alerts/${alertId}?asOf=${whileGranted}`, tm)).body)).toEqual(SECRETS);
    // Before the grant TM could see the alert but not its persons: time travel keeps that.
    expect(leaked((await hub(`/api/alerts/${alertId}?asOf=${beforeGrant}`, tm)).body)).toEqual([]);
    await eventually(async () => feeds.tm.events.some((e) => e.type === 'alert' && e.data.id === alertId && e.data.version === 4), 'the grant on the feed');
    expect(leaked(feeds.tm.events.find((e) => e.type === 'alert' && e.data.id === alertId && e.data.version === 4))).toEqual(SECRETS);

    const owner = (await hub(`/api/alerts/${alertId}`, kz)).body;
    expect(owner.personalDataGrants).toEqual([
      { agency: 'TM', legalBasis: 'Bilateral MoU art. 5: inspection at Turkmenbashi', grantedAt: expect.stringMatching(/^\d{4}-/) },
    ]);
    expect((await call('GET', `${p.nodes.KZ.url}/api/alerts/${alertId}`, { token: kz })).body.personalDataGrants).toEqual(owner.personalDataGrants);
    for (const t of [az, coordinator]) {
      for (const path of [...paths(), `/api/alerts/${alertId}?asOf=${whileGranted}`]) {
        const r = await hub(path, t);
        expect([path, r.status, leaked(r.body)]).toEqual([path, 200, []]);
        expect(JSON.stringify(r.body)).not.toContain('personalDataGrants');
      }
      expect(leaked((await hub(`/api/alerts/${alertId}`, t, STIX)).body)).toEqual([]);
    }
    expect(leaked(feeds.az.events)).toEqual([]);
    // TM's auditors audit TM's own history: the grant gives them nothing of KZ's alert.
    expect((await hub(`/api/alerts/${alertId}`, tmAuditor)).status).toBe(404);
  });

  it('a revocation withdraws the persons at once on every path, the past included', async () => {
    const revoked = await revoke({ expectedVersion: 4, agency: 'TM', reason: 'inspection done' });
    expect([revoked.status, revoked.body.personalDataGrants]).toEqual([200, []]);
    await hubVersion(5);
    for (const path of [...paths(), `/api/alerts/${alertId}?asOf=${whileGranted}`]) {
      const r = await hub(path, tm);
      expect([path, r.status, leaked(r.body)]).toEqual([path, 200, []]);
    }
    expect(leaked((await hub(`/api/alerts/${alertId}`, tm, STIX)).body)).toEqual([]);
    await eventually(
      async () => feeds.tm.events.some((e) => e.type === 'alert' && e.data.id === alertId && e.data.version === 5),
      'the revocation on the feed',
    );
    expect(leaked(feeds.tm.events.find((e) => e.data?.version === 5))).toEqual([]);
  });

  it('the alert history tells of a grant only the owner and the agency it names: a third agency and the programme learn nothing of it', async () => {
    const types = async (t: string) => ((await hub(`/api/alerts/${alertId}`, t)).body.history as Array<{ type: string }>).map((h) => h.type);
    const GRANT_EVENTS = ['PersonalDataGranted', 'PersonalDataGrantRevoked'];
    expect(await types(kz)).toEqual(expect.arrayContaining(GRANT_EVENTS));
    expect(await types(tm)).toEqual(expect.arrayContaining(GRANT_EVENTS));
    for (const t of [az, coordinator]) expect((await types(t)).filter((x) => x.startsWith('PersonalData'))).toEqual([]);
  });

  it('a grant lapses when its agency loses the alert: widening again does not bring it back', async () => {
    expect((await grant({ expectedVersion: 5, recipients: ['AZ', 'TM'], legalBasis: 'Joint operation Caspian-7' })).status).toBe(200);
    await hubVersion(6);
    expect(leaked((await hub(`/api/alerts/${alertId}`, az)).body)).toEqual(SECRETS);
    const narrow = await call('POST', `${p.nodes.KZ.url}/api/alerts/${alertId}/distribution`, {
      token: kz,
      body: { expectedVersion: 6, level: 'bilateral', recipients: ['TM'] },
    });
    expect(narrow.body.personalDataGrants.map((g: { agency: string }) => g.agency)).toEqual(['TM']);
    expect(
      (await call('POST', `${p.nodes.KZ.url}/api/alerts/${alertId}/distribution`, { token: kz, body: { expectedVersion: 7, level: 'regional' } })).status,
    ).toBe(200);
    await hubVersion(8);
    expect(leaked((await hub(`/api/alerts/${alertId}`, az)).body)).toEqual([]);
    expect(leaked((await hub(`/api/alerts/${alertId}`, tm)).body)).toEqual(SECRETS);
  });

  it('a rebuild from the streams, grants and feedback versions included, equals the live model', async () => {
    const given = await call('POST', `${p.nodes.TM.url}/api/feedback`, { token: tm, body: { alertId, outcome: 'nothing-found' } });
    expect(given.status).toBe(201);
    const amended = await call('POST', `${p.nodes.TM.url}/api/feedback`, {
      token: tm,
      body: { alertId, outcome: 'not-inspected', reason: 'vessel left early', expectedVersion: 1 },
    });
    expect(amended.body).toMatchObject({ feedbackId: given.body.feedbackId, version: 2 });
    await eventually(async () => (await hub(`/api/alerts/${alertId}`, kz)).body.feedback?.[0]?.version === 2, 'the amendment on the hub');
    const db = new DataSource({ type: 'postgres', url: p.hub.databaseUrl });
    await db.initialize();
    let nc: NatsConnection | undefined;
    try {
      for (const a of ['AZ', 'KZ', 'TM']) {
        const tail = (await call('GET', `${p.nodes[a].url}/health`, { token: await token(a, 'auditor') })).body.relay.tail;
        await eventually(
          async () => Number((await db.query('SELECT position FROM hub_checkpoints WHERE agency = $1', [a]))[0]?.position ?? 0) === tail,
          `hub caught up with ${a}`,
        );
      }
      const [row] = await db.query(`SELECT version, jsonb_array_length(versions) AS n FROM hub_feedback WHERE alert_id = $1`, [alertId]);
      expect(row).toEqual({ version: 2, n: 2 });
      const before = await readModelChecksum(db, 'public');
      const trust = new TrustStore();
      for (const [a, k] of Object.entries(testKeys.nodes)) trust.add(a, k.keyId, readFileSync(k.pub));
      const { user, password } = p.nats.users.operator;
      nc = await connect({ servers: p.nats.url, user, pass: password, inboxPrefix: natsInboxPrefix(user) });
      const report = await rebuildProjections({ db, nats: nc, agencies: ['AZ', 'KZ', 'TM'], trust });
      expect([report.swapped, report.refused, report.rebuiltChecksum]).toEqual([true, [], before]);
      expect(await readModelChecksum(db, 'public')).toBe(before);
      expect(leaked((await hub(`/api/alerts/${alertId}`, tm)).body)).toEqual(SECRETS);
      expect((await hub(`/api/alerts/${alertId}`, kz)).body.feedback[0].versions.map((v: { outcome: string }) => v.outcome)).toEqual([
        'nothing-found',
        'not-inspected',
      ]);
    } finally {
      await nc?.close();
      await db.destroy();
    }
  }, 60_000);
});
