import { describe, expect, it } from '@jest/globals';
import { patternErrors, stixErrors, TLP2_DEFINITIONS } from '../../../../test/support/stix-validator.js';
import { acceptsStix, agencyIdentityId, alertTlp, TLP2, toStixBundle, uuidV5, type StixAlertInput, type StixObject } from './alert-to-stix.js';

const alert = (over: Partial<StixAlertInput> = {}): StixAlertInput => ({
  id: '0b9d6c1e-7f3a-4c1e-9a57-2f7c9d1e4b21',
  agency: 'KZ',
  kind: 'seizure',
  status: 'open',
  unit: 'KZ-AKTAU',
  occurredAt: '2026-11-20T08:00:00Z',
  raisedAt: '2026-11-20T09:15:02.123456Z',
  updatedAt: '2026-11-21T10:00:00.5Z',
  expiresAt: '2027-02-18T09:15:02.123Z',
  handlingCode: 'H1',
  commodity: { category: 'drugs', description: "heroin in a 'false' floor", hsCode: '293911' },
  quantity: { value: 12.5, unit: 'kg' },
  containers: ['CSQU3054383', 'MSCU1234566'],
  vessel: { name: 'Aktau Star', imo: 'IMO9321483', flag: 'KZ' },
  billOfLading: 'BL-7',
  route: { departure: 'AF', transit: ['TM'], destination: 'AZ' },
  parties: [
    { role: 'shipper', name: 'Kaspiy Trans LLP', isPerson: false },
    { role: 'driver', name: '[personal data withheld]', isPerson: true, withheld: true },
    { role: 'consignee', name: 'Dana Nurlanova', isPerson: true },
  ],
  ...over,
});
const of = (objects: StixObject[], type: string) => objects.filter((o) => o.type === type);

describe('alert → STIX 2.1 bundle', () => {
  it('passes the specification checks for a seizure and a high-risk consignment', () => {
    for (const kind of ['seizure', 'high-risk-consignment']) expect(stixErrors(toStixBundle([alert({ kind })]))).toEqual([]);
  });

  it('the checker catches what the spec forbids (so a passing bundle means something)', () => {
    const b = toStixBundle([alert()]);
    const indicator = b.objects!.find((o) => o.type === 'indicator')!;
    const broken = {
      ...b,
      objects: b.objects!.map((o) =>
        o === indicator ? { ...o, created: '2026-11-20T09:15:02Z', created_by_ref: 'identity--00000000-0000-4000-8000-000000000000' } : o,
      ),
    };
    expect(stixErrors(broken)).toEqual(expect.arrayContaining([expect.stringContaining('millisecond'), expect.stringContaining('does not resolve')]));
    expect(patternErrors("[x-cix-container:number = 'A' OR")).toHaveLength(1);
  });

  it('maps a seizure to observed-data of what was found and a sighting of its indicator by the agency', () => {
    const { objects = [] } = toStixBundle([alert()]);
    const [observed] = of(objects, 'observed-data');
    const [indicator] = of(objects, 'indicator');
    const [sighting] = of(objects, 'sighting');
    expect(sighting).toMatchObject({ sighting_of_ref: indicator.id, observed_data_refs: [observed.id], where_sighted_refs: [agencyIdentityId('KZ')] });
    expect(indicator.pattern).toBe(
      "[x-cix-container:number = 'CSQU3054383'] OR [x-cix-container:number = 'MSCU1234566'] OR [x-cix-consignment:bill_of_lading = 'BL-7'] OR [x-cix-vessel:imo = 'IMO9321483']",
    );
    expect(observed).toMatchObject({
      first_observed: '2026-11-20T08:00:00.000Z',
      number_observed: 1,
      created: '2026-11-20T09:15:02.123Z',
      modified: '2026-11-21T10:00:00.500Z',
    });
    expect(of(objects, 'x-cix-container').map((c) => c.number)).toEqual(['CSQU3054383', 'MSCU1234566']);
    expect(of(objects, 'x-cix-consignment')[0]).toMatchObject({ commodity_category: 'drugs', quantity_value: 12.5, route_transit: ['TM'] });
    expect(of(objects, 'identity').find((i) => i.id === agencyIdentityId('KZ'))).toMatchObject({ identity_class: 'organization' });
    for (const o of objects)
      if (['indicator', 'observed-data', 'sighting', 'relationship'].includes(o.type)) expect(o.created_by_ref).toBe(agencyIdentityId('KZ'));
  });

  it('maps a high-risk consignment to an indicator based on the observed-data, revoked once retracted', () => {
    const { objects = [] } = toStixBundle([
      alert({ kind: 'high-risk-consignment', status: 'retracted', containers: ['CSQU3054383'], billOfLading: undefined, vessel: undefined }),
    ]);
    const [indicator] = of(objects, 'indicator');
    expect(indicator).toMatchObject({ pattern: "[x-cix-container:number = 'CSQU3054383']", revoked: true, valid_until: '2027-02-18T09:15:02.123Z' });
    expect(of(objects, 'sighting')).toEqual([]);
    expect(of(objects, 'relationship')).toContainEqual(expect.objectContaining({ relationship_type: 'based-on', source_ref: indicator.id }));
  });

  it('without a container, bill of lading or IMO there is no pattern: observed-data only', () => {
    const b = toStixBundle([alert({ containers: [], billOfLading: undefined, vessel: { name: 'Only a name' } })]);
    expect(of(b.objects!, 'indicator')).toEqual([]);
    expect(stixErrors(b)).toEqual([]);
  });

  it('maps handling codes to the official TLP 2.0 markings and marks every object about the alert', () => {
    for (const [code, level] of [
      ['H0', 'green'],
      ['H1', 'amber'],
      ['H2', 'amber+strict'],
      ['H3', 'red'],
    ] as const) {
      const { objects = [] } = toStixBundle([alert({ handlingCode: code })]);
      const markings = of(objects, 'marking-definition');
      expect(markings.map((m) => m.id)).toEqual([TLP2[level]]);
      expect(TLP2_DEFINITIONS[TLP2[level]].level).toBe(level);
      const aboutAlert = objects.filter((o) => !['marking-definition', 'extension-definition'].includes(o.type) && !(o.type === 'identity' && !o.roles));
      expect(aboutAlert.length).toBeGreaterThan(8);
      for (const o of aboutAlert) expect([o.id, o.object_marking_refs]).toEqual([o.id, [TLP2[level]]]);
    }
  });

  it('leaves withheld persons out and keeps the ids of everyone else whatever the caller may see', () => {
    const owner = toStixBundle([alert()]).objects!;
    const other = toStixBundle([
      alert({
        parties: [
          alert().parties![0],
          { role: 'driver', name: '[personal data withheld]', isPerson: true, withheld: true },
          { role: 'consignee', name: '[personal data withheld]', isPerson: true, withheld: true },
        ],
      }),
    ]).objects!;
    expect(JSON.stringify(other)).not.toContain('withheld');
    expect(of(other, 'identity').filter((i) => i.identity_class === 'individual')).toEqual([]);
    expect(
      of(owner, 'identity')
        .filter((i) => i.identity_class === 'individual')
        .map((i) => i.name),
    ).toEqual(['Dana Nurlanova']);
    const ids = new Set(owner.map((o) => o.id));
    expect(other.every((o) => ids.has(o.id))).toBe(true);
  });

  it('gives the same ids for the same alert every time, different ones for another alert, a new bundle id each time', () => {
    const [a, b] = [toStixBundle([alert()]), toStixBundle([alert()])];
    expect(a.objects!.map((o) => o.id)).toEqual(b.objects!.map((o) => o.id));
    expect(a.id).not.toBe(b.id);
    const other = toStixBundle([alert({ id: '5d7e0f0a-1111-4a2b-8c3d-9e8f7a6b5c4d' })]);
    expect(of(other.objects!, 'indicator')[0].id).not.toBe(of(a.objects!, 'indicator')[0].id);
    // RFC 4122 test vector for UUIDv5 (DNS namespace, "www.example.com").
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('a page of alerts is one bundle: shared objects once, a shared container keeps the stricter marking', () => {
    const b = toStixBundle([
      alert({ handlingCode: 'H0' }),
      alert({ id: '5d7e0f0a-1111-4a2b-8c3d-9e8f7a6b5c4d', handlingCode: 'H3', containers: ['CSQU3054383'] }),
    ]);
    expect(stixErrors(b)).toEqual([]);
    expect(of(b.objects!, 'indicator')).toHaveLength(2);
    expect(of(b.objects!, 'x-cix-container').find((c) => c.number === 'CSQU3054383')!.object_marking_refs).toEqual([TLP2.red]);
  });

  it('an empty page is a bundle without objects (the spec allows no empty list)', () => {
    const b = toStixBundle([]);
    expect(b).toEqual({ type: 'bundle', id: expect.stringMatching(/^bundle--/) });
    expect('objects' in b).toBe(false);
  });

  it('negotiates on the media type and its version', () => {
    expect(acceptsStix('application/stix+json;version=2.1')).toBe(true);
    expect(acceptsStix('text/html, application/stix+json; version="2.1"')).toBe(true);
    expect(acceptsStix('application/stix+json')).toBe(true);
    expect(acceptsStix('application/stix+json;version=2.0')).toBe(false);
    expect(acceptsStix('application/json')).toBe(false);
    expect(acceptsStix('application/json, application/stix+json;q=0')).toBe(false);
    expect(acceptsStix(undefined)).toBe(false);
    // By weight: JSON preferred to STIX gets JSON; STIX preferred to anything gets STIX.
    expect(acceptsStix('application/json, application/stix+json;version=2.1;q=0.1')).toBe(false);
    expect(acceptsStix('application/stix+json;version=2.1, */*;q=0.1')).toBe(true);
    expect(acceptsStix('application/stix+json;version=2.1;q=abc')).toBe(false);
  });

  it('never marks an alert less strictly than its distribution: bilateral at least AMBER+STRICT, agency-only RED', () => {
    expect(alertTlp({ handlingCode: 'H0', distribution: { level: 'regional' } })).toBe('green');
    expect(alertTlp({ handlingCode: 'H0', distribution: { level: 'bilateral' } })).toBe('amber+strict');
    expect(alertTlp({ handlingCode: 'H3', distribution: { level: 'bilateral' } })).toBe('red');
    expect(alertTlp({ handlingCode: 'H1', distribution: { level: 'agency' } })).toBe('red');
  });
});
