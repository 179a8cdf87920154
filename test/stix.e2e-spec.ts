import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { containerCheckDigit } from '@cix/contracts';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startPlatform, token } from './support/platform.js';
import { stixErrors, TLP2_DEFINITIONS } from './support/stix-validator.js';
import { tmpRoot } from './support/test-env.js';

// Issue 16, "Interoperability: STIX 2.1": the hub's alert detail and list answer STIX 2.1 bundles
// on content negotiation, under exactly the access, personal-data and logging rules of the JSON
// answers; `cix export --format stix` writes a whole scope as one bundle.

const STIX = 'application/stix+json;version=2.1';
/** Express adds the charset; the media type and its version are what a STIX client checks. */
const STIX_TYPE = /^application\/stix\+json; ?version=2\.1(; charset=utf-8)?$/;
const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, ['dist/apps/cli/src/main.js', ...args]).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e) => ({ code: e.code as number, out: String(e.stdout) + String(e.stderr) }),
  );
const container = (first10: string) => first10 + containerCheckDigit(first10);
const C1 = container('STXU100000'),
  C2 = container('STXU200000'),
  C3 = container('STXU300000');
const PERSON = ['Aidos Zhaksybek', 'N9988776'];
type Bundle = { type: string; id: string; objects: Array<Record<string, any>> };
const ofType = (b: Bundle, type: string) => b.objects.filter((o) => o.type === type);
const alertIdsIn = (b: Bundle) =>
  ofType(b, 'observed-data')
    .map((o) => o.external_references[0].external_id)
    .sort();

describe('STIX 2.1: alert detail and list as bundles, cix export', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string, az: string, coordinator: string, kzAuditor: string;
  const ids: Record<string, string> = {};
  const hub = (url: string, tok: string, accept = STIX) => call<any>('GET', `${p.hub.url}${url}`, { token: tok, headers: { accept } });

  beforeAll(async () => {
    await run(process.execPath, ['scripts/build.mjs', '--quiet']);
    p = await startPlatform(['AZ', 'KZ']);
    [kz, az, coordinator, kzAuditor] = await Promise.all([
      token('KZ', 'officer', 'KZ-AKTAU', 'aigerim'),
      token('AZ', 'officer', 'AZ-ALYAT', 'rashad'),
      token('CCP', 'coordinator', undefined, 'coord'),
      token('KZ', 'auditor', undefined, 'kz-inspector'),
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
        vessel: { name: 'Aktau Star', imo: 'IMO9321483', flag: 'KZ' },
        handlingCode: 'H2',
        billOfLading: 'AKT-2026-0042',
        parties: [
          { role: 'shipper', name: 'Kaspiy Trans LLP' },
          { role: 'driver', name: PERSON[0], isPerson: true, nationality: 'KZ', documentNumber: PERSON[1] },
        ],
      }),
    );
    await post('hrc', minimalSeizure({ kind: 'high-risk-consignment', quantity: undefined, containers: [C2], handlingCode: 'H3' }));
    await post('bilateral', minimalSeizure({ containers: [C3], distribution: { level: 'bilateral', recipients: ['TM'] } }));
    for (const id of Object.values(ids))
      await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: kz })).status === 200, `alert ${id} on the hub`);
  }, 180_000);

  afterAll(async () => {
    await p?.close();
  });

  it('a seeded seizure is a bundle that passes the STIX 2.1 rules, with the mapping the README states', async () => {
    const r = await hub(`/api/alerts/${ids.seizure}`, kz);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(STIX_TYPE);
    expect(r.headers.get('vary')).toMatch(/accept/i);
    expect(stixErrors(r.body)).toEqual([]);
    const b = r.body as Bundle;
    const [agency] = ofType(b, 'identity').filter((i) => i.identity_class === 'organization' && !i.roles);
    expect(agency.name).toMatch(/Kazakhstan/);
    const [indicator] = ofType(b, 'indicator');
    expect(indicator.pattern).toBe(
      `[x-cix-container:number = '${C1}'] OR [x-cix-consignment:bill_of_lading = 'AKT-2026-0042'] OR [x-cix-vessel:imo = 'IMO9321483']`,
    );
    expect(ofType(b, 'sighting')[0]).toMatchObject({ sighting_of_ref: indicator.id, where_sighted_refs: [agency.id] });
    // H2 → TLP:AMBER+STRICT, the official TLP 2.0 definition, on everything about the alert.
    const [marking] = ofType(b, 'marking-definition');
    expect(TLP2_DEFINITIONS[marking.id]?.name).toBe('TLP:AMBER+STRICT');
    for (const o of [indicator, ...ofType(b, 'observed-data'), ...ofType(b, 'x-cix-container')]) expect(o.object_marking_refs).toEqual([marking.id]);
    for (const o of b.objects.filter((x) => ['indicator', 'observed-data', 'sighting', 'relationship'].includes(x.type)))
      expect(o.created_by_ref).toBe(agency.id);
    // The owner's officers see the person.
    expect(
      ofType(b, 'identity')
        .filter((i) => i.identity_class === 'individual')
        .map((i) => i.name),
    ).toEqual([PERSON[0]]);
    // The JSON answer is unchanged without the STIX media type.
    const json = await hub(`/api/alerts/${ids.seizure}`, kz, 'application/json');
    expect([json.status, json.headers.get('content-type'), json.body.id]).toEqual([200, expect.stringMatching(/^application\/json/), ids.seizure]);
  });

  it('a high-risk consignment is an indicator based on the observed-data; H3 is TLP:RED', async () => {
    const b = (await hub(`/api/alerts/${ids.hrc}`, coordinator)).body as Bundle;
    expect(stixErrors(b)).toEqual([]);
    const [indicator] = ofType(b, 'indicator');
    expect(indicator.pattern).toBe(`[x-cix-container:number = '${C2}']`);
    expect(ofType(b, 'relationship')).toContainEqual(
      expect.objectContaining({ relationship_type: 'based-on', source_ref: indicator.id, target_ref: ofType(b, 'observed-data')[0].id }),
    );
    expect(TLP2_DEFINITIONS[ofType(b, 'marking-definition')[0].id]?.name).toBe('TLP:RED');
  });

  it('ids are the same on every request and for every caller; the bundle id is new', async () => {
    const [one, two, coord] = await Promise.all([
      hub(`/api/alerts/${ids.seizure}`, kz),
      hub(`/api/alerts/${ids.seizure}`, kz),
      hub(`/api/alerts/${ids.seizure}`, coordinator),
    ]);
    const idsOf = (r: { body: Bundle }) => r.body.objects.map((o) => o.id).sort();
    expect(idsOf(one)).toEqual(idsOf(two));
    expect(one.body.id).not.toBe(two.body.id);
    // Time travel answers STIX too, under the same rules, with the same ids.
    const then = await hub(`/api/alerts/${ids.seizure}?asOf=${new Date().toISOString()}`, kz);
    expect([then.status, stixErrors(then.body), idsOf(then)]).toEqual([200, [], idsOf(one)]);
    const owner = new Set(idsOf(one));
    expect(idsOf(coord).every((id) => owner.has(id))).toBe(true);
  });

  it('a coordinator gets the bundle without personal data: the person is absent, not even withheld', async () => {
    const r = await hub(`/api/alerts/${ids.seizure}`, coordinator);
    expect(r.status).toBe(200);
    expect(stixErrors(r.body)).toEqual([]);
    const text = JSON.stringify(r.body);
    for (const secret of PERSON) expect(text).not.toContain(secret);
    expect(text).not.toContain('withheld');
    expect(ofType(r.body, 'identity').filter((i) => i.identity_class === 'individual')).toEqual([]);
    expect(ofType(r.body, 'identity').map((i) => i.name)).toContain('Kaspiy Trans LLP');
    const list = await hub(`/api/alerts?container=${C1}`, coordinator);
    expect(alertIdsIn(list.body)).toEqual([ids.seizure]);
    for (const secret of PERSON) expect(JSON.stringify(list.body)).not.toContain(secret);
  });

  it('what another agency may not see is a 404, exactly like an alert that does not exist', async () => {
    const hidden = await hub(`/api/alerts/${ids.bilateral}`, az);
    const missing = await hub(`/api/alerts/${randomUUID()}`, az);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(missing.body);
    expect(hidden.headers.get('content-type')).toBe(missing.headers.get('content-type'));
    expect(alertIdsIn((await hub('/api/alerts', az)).body)).toEqual([ids.hrc, ids.seizure].sort());
  });

  it('the list pages through the opaque cursor in Next-Cursor and holds what the JSON list holds', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await hub(`/api/alerts?limit=1${cursor ? `&cursor=${cursor}` : ''}`, kz);
      expect([r.status, r.headers.get('content-type'), stixErrors(r.body)]).toEqual([200, expect.stringMatching(STIX_TYPE), []]);
      seen.push(...alertIdsIn(r.body));
      cursor = r.headers.get('next-cursor');
      pages++;
    } while (cursor && pages < 10);
    const json = await hub('/api/alerts', kz, 'application/json');
    expect(seen.sort()).toEqual(json.body.items.map((i: { id: string }) => i.id).sort());
    expect(pages).toBe(3);
    // A cursor is the caller's own: another caller's is refused as in JSON.
    const first = await hub('/api/alerts?limit=1', kz);
    expect((await hub(`/api/alerts?limit=1&cursor=${first.headers.get('next-cursor')}`, az)).status).toBe(400);
  });

  it('STIX reads are in the access log like JSON reads, saying the format', async () => {
    await hub(`/api/alerts/${ids.hrc}`, coordinator);
    // The log flushes its queue before it is queried.
    const log = await call('GET', `${p.hub.url}/api/audit/access-log?alert=${ids.hrc}&limit=500`, { token: kzAuditor });
    expect(log.body.items).toEqual(
      expect.arrayContaining([
        // Another agency's people's records show who read what and when, never their details.
        expect.objectContaining({ action: 'alert.read', sub: 'coord', alertId: ids.hrc, partial: true }),
        expect.objectContaining({ action: 'alert.list', sub: 'aigerim', alertIds: [ids.hrc], details: expect.objectContaining({ format: 'stix', limit: 1 }) }),
      ]),
    );
    const ccpLog = await call('GET', `${p.hub.url}/api/audit/access-log?alert=${ids.hrc}&limit=500`, { token: await token('CCP', 'auditor') });
    expect(ccpLog.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'alert.read', sub: 'coord', alertId: ids.hrc, details: { format: 'stix' } })]),
    );
  });

  it("cix export --format stix writes the caller's whole scope as one valid bundle", async () => {
    const out = path.join(tmpRoot, `stix-export-${Date.now()}.json`);
    const r = await cli('export', '--format', 'stix', '--url', p.hub.url, '--token', coordinator, '--out', out, '--page-size', '1');
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/exported 2 alerts .*2 pages/);
    const bundle = JSON.parse(readFileSync(out, 'utf8')) as Bundle;
    expect(stixErrors(bundle)).toEqual([]);
    // The coordinator's scope: the regional alerts, never the one shared only with TM; no person.
    expect(alertIdsIn(bundle)).toEqual([ids.seizure, ids.hrc].sort());
    for (const secret of PERSON) expect(JSON.stringify(bundle)).not.toContain(secret);
    // Marking definitions and identities shared by both alerts appear once.
    expect(new Set(bundle.objects.map((o) => o.id)).size).toBe(bundle.objects.length);
    expect((await cli('export', '--format', 'csv', '--url', p.hub.url, '--token', coordinator)).code).toBe(2);
  });
});
