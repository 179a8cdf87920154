import { createHash, randomUUID } from 'node:crypto';

/**
 * STIX 2.1 for other intelligence tools. Input is the caller's view of an alert (toHubAlertView,
 * personal data already withheld), never raw state: a person the caller may not see is absent.
 * Mapping (README "STIX 2.1"):
 *  - reporting agency → identity (organization), `created_by_ref` of every object about the alert;
 *  - what was found / declared → observed-data over custom SCOs x-cix-consignment, x-cix-container,
 *    x-cix-vessel (new-sco types of one extension-definition: STIX 2.1 has no container or vessel SCO);
 *  - container numbers, bill of lading, vessel IMO → indicator with a STIX pattern (when there is one);
 *    a seizure adds a sighting of it by the agency; a high-risk consignment links it `based-on` the
 *    observed-data; a retracted alert's indicator is `revoked`;
 *  - companies (and persons, for those entitled) → identity `related-to` the observed-data;
 *  - handling code → the official TLP 2.0 marking-definition (H0 GREEN, H1 AMBER, H2 AMBER+STRICT, H3 RED),
 *    never less strict than the distribution allows (bilateral: AMBER+STRICT, agency-only: RED).
 * Ids are UUIDv5: SDOs/SROs from the alert id and the object's role (our namespace), SCOs from
 * their id-contributing properties in the STIX namespace, so the same alert always maps to the same ids.
 */

export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

/** Our UUIDv5 namespace for SDO/SRO ids (the STIX namespace is reserved for SCOs). */
const CIX_NAMESPACE = '1850b5ee-9b4d-47fd-85eb-73f8edb26483';
/** The STIX 2.1 namespace for deterministic SCO identifiers (spec 2.9). */
const SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** When the platform's own objects (its identity, the extension definition) were first defined. */
const PLATFORM_EPOCH = '2024-11-28T00:00:00.000Z';
const TLP_EPOCH = '2022-10-01T00:00:00.000Z';
const TLP2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** The OASIS TLP 2.0 marking definitions (cti-stix-common-objects, extension 60a3c5c5). */
export const TLP2 = {
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
} as const;
export type TlpLevel = keyof typeof TLP2;

/** TLP:CLEAR is never used: nothing the platform holds is meant for public release. */
export const HANDLING_TO_TLP: Readonly<Record<string, TlpLevel>> = { H0: 'green', H1: 'amber', H2: 'amber+strict', H3: 'red' };
const TLP_RANK: Record<string, number> = { [TLP2.green]: 1, [TLP2.amber]: 2, [TLP2['amber+strict']]: 3, [TLP2.red]: 4 };

export type StixObject = Record<string, unknown> & { type: string; id: string };
export interface StixBundle {
  type: 'bundle';
  id: string;
  objects?: StixObject[];
}

/** What the mapping reads of an alert view; HubAlertView satisfies it. */
export interface StixAlertInput {
  readonly id: string;
  readonly agency: string;
  readonly kind: string;
  readonly status: string;
  readonly unit: string;
  readonly occurredAt: string;
  readonly raisedAt: string;
  readonly updatedAt: string;
  readonly expiresAt: string;
  readonly handlingCode: string;
  /** Who the owner shares it with: a bilateral alert must not read as shareable with a whole community. */
  readonly distribution?: { readonly level: string };
  readonly commodity: { readonly category: string; readonly description: string; readonly hsCode?: string };
  readonly quantity?: { readonly value: number; readonly unit: string };
  readonly containers?: readonly string[];
  readonly vessel?: { readonly name?: string; readonly imo?: string; readonly flag?: string };
  readonly route?: { readonly departure?: string; readonly transit?: readonly string[]; readonly destination?: string };
  readonly billOfLading?: string;
  readonly conveyance?: string;
  readonly detectionMethod?: string;
  readonly concealmentMethod?: string;
  readonly locode?: string;
  readonly eta?: string;
  readonly parties?: ReadonlyArray<{ readonly role: string; readonly name: string; readonly isPerson?: boolean; readonly withheld?: boolean }>;
}

export interface StixOptions {
  /** The agency's display name (reference data); the code when unknown. */
  readonly agencyName?: (code: string) => string | undefined;
}

export function uuidV5(namespace: string, name: string): string {
  const h = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const sdoId = (type: string, key: string) => `${type}--${uuidV5(CIX_NAMESPACE, key)}`;
/** SCO ids per the spec: UUIDv5 over the JCS-serialised id-contributing properties (one string each here). */
const scoId = (type: string, prop: string, value: string) => `${type}--${uuidV5(SCO_NAMESPACE, JSON.stringify({ [prop]: value }))}`;
const ts = (iso: string) => new Date(iso).toISOString();

export const PLATFORM_IDENTITY = sdoId('identity', 'platform');
export const CUSTOMS_EXTENSION = sdoId('extension-definition', 'customs-observables/1');
export const agencyIdentityId = (agency: string) => sdoId('identity', `agency/${agency}`);

const platformObjects = (): StixObject[] => [
  {
    type: 'identity',
    spec_version: '2.1',
    id: PLATFORM_IDENTITY,
    created_by_ref: PLATFORM_IDENTITY,
    created: PLATFORM_EPOCH,
    modified: PLATFORM_EPOCH,
    name: 'Caspian Intel Exchange',
    identity_class: 'system',
    description: 'Regional hub of the Caspian Port Control Units (UNODC-WCO Container Control Programme).',
  },
  {
    type: 'extension-definition',
    spec_version: '2.1',
    id: CUSTOMS_EXTENSION,
    created_by_ref: PLATFORM_IDENTITY,
    created: PLATFORM_EPOCH,
    modified: PLATFORM_EPOCH,
    name: 'Caspian Intel Exchange customs observables',
    version: '1.0.0',
    extension_types: ['new-sco'],
    schema:
      'x-cix-container {number: ISO 6346 container number, id-contributing}; x-cix-vessel {imo (id-contributing, else name), name, flag (ISO 3166-1 alpha-2)}; ' +
      'x-cix-consignment {alert_id (id-contributing), kind, commodity_category, description, hs_code, quantity_value, quantity_unit, bill_of_lading, ' +
      'route_departure, route_transit, route_destination, conveyance, detection_method, concealment_method, locode, unit, eta, container_refs, vessel_ref}. ' +
      'See the README of Caspian Intel Exchange, section "STIX 2.1".',
  },
];

const tlpMarking = (level: TlpLevel): StixObject => ({
  type: 'marking-definition',
  spec_version: '2.1',
  id: TLP2[level],
  created: TLP_EPOCH,
  name: `TLP:${level.toUpperCase()}`,
  extensions: { [TLP2_EXTENSION]: { extension_type: 'property-extension', tlp_2_0: level } },
});

const agencyIdentity = (agency: string, opts: StixOptions): StixObject => ({
  type: 'identity',
  spec_version: '2.1',
  id: agencyIdentityId(agency),
  created_by_ref: agencyIdentityId(agency),
  created: PLATFORM_EPOCH,
  modified: PLATFORM_EPOCH,
  name: opts.agencyName?.(agency) ?? agency,
  identity_class: 'organization',
  sectors: ['government-national'],
  external_references: [{ source_name: 'caspian-intel-exchange', external_id: agency }],
});

/** A STIX pattern string literal: backslash and quote escaped. */
const lit = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const LEVEL_ORDER: readonly TlpLevel[] = ['green', 'amber', 'amber+strict', 'red'];
/** Distribution sets a floor under the handling code: bilateral is for the named agencies only (AMBER+STRICT), agency-only is RED. */
const DISTRIBUTION_FLOOR: Readonly<Record<string, TlpLevel>> = { regional: 'green', bilateral: 'amber+strict', agency: 'red' };

/** The TLP 2.0 level of an alert: the stricter of its handling code and its distribution. */
export function alertTlp(a: Pick<StixAlertInput, 'handlingCode' | 'distribution'>): TlpLevel {
  const byCode = HANDLING_TO_TLP[a.handlingCode] ?? 'red';
  const floor = a.distribution ? (DISTRIBUTION_FLOOR[a.distribution.level] ?? 'red') : 'green';
  return LEVEL_ORDER[Math.max(LEVEL_ORDER.indexOf(byCode), LEVEL_ORDER.indexOf(floor))];
}

/** The objects of one alert (shared ones — platform, agency, marking — included). */
export function alertStixObjects(a: StixAlertInput, opts: StixOptions = {}): StixObject[] {
  const tlp = TLP2[alertTlp(a)];
  const creator = agencyIdentityId(a.agency);
  const key = (role: string) => `alert/${a.id}/${role}`;
  const marked = { object_marking_refs: [tlp] };
  const versioned = { spec_version: '2.1', created_by_ref: creator, created: ts(a.raisedAt), modified: ts(a.updatedAt), ...marked };
  // Nothing derived from the clock (e.g. `expired`): an object must not change without a new `modified`.
  const ref = [{ source_name: 'caspian-intel-exchange', external_id: a.id, description: `${a.agency} alert, unit ${a.unit}` }];
  const sco = (type: string, prop: string, value: string, props: Record<string, unknown>): StixObject => ({
    type,
    spec_version: '2.1',
    id: scoId(type, prop, value),
    [prop]: value,
    ...props,
    ...marked,
    extensions: { [CUSTOMS_EXTENSION]: { extension_type: 'new-sco' } },
  });
  const defined = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)));

  const containers = (a.containers ?? []).map((n) => sco('x-cix-container', 'number', n, {}));
  const v = a.vessel;
  const vessel = v?.imo
    ? sco('x-cix-vessel', 'imo', v.imo, defined({ name: v.name, flag: v.flag }))
    : v?.name
      ? sco('x-cix-vessel', 'name', v.name, defined({ flag: v.flag }))
      : null;
  const consignment = sco(
    'x-cix-consignment',
    'alert_id',
    a.id,
    defined({
      kind: a.kind,
      commodity_category: a.commodity.category,
      description: a.commodity.description,
      hs_code: a.commodity.hsCode,
      quantity_value: a.quantity?.value,
      quantity_unit: a.quantity?.unit,
      bill_of_lading: a.billOfLading,
      route_departure: a.route?.departure,
      route_transit: a.route?.transit ? [...a.route.transit] : undefined,
      route_destination: a.route?.destination,
      conveyance: a.conveyance,
      detection_method: a.detectionMethod,
      concealment_method: a.concealmentMethod,
      locode: a.locode,
      unit: a.unit,
      eta: a.eta ? ts(a.eta) : undefined,
      container_refs: containers.map((c) => c.id),
      vessel_ref: vessel?.id,
    }),
  );
  const observables = [consignment, ...containers, ...(vessel ? [vessel] : [])];
  const observed: StixObject = {
    type: 'observed-data',
    id: sdoId('observed-data', key('observed-data')),
    ...versioned,
    first_observed: ts(a.occurredAt),
    last_observed: ts(a.occurredAt),
    number_observed: 1,
    object_refs: observables.map((o) => o.id),
    external_references: ref,
  };

  const terms = [
    ...(a.containers ?? []).map((n) => `[x-cix-container:number = ${lit(n)}]`),
    ...(a.billOfLading ? [`[x-cix-consignment:bill_of_lading = ${lit(a.billOfLading)}]`] : []),
    ...(v?.imo ? [`[x-cix-vessel:imo = ${lit(v.imo)}]`] : []),
  ];
  const sdos: StixObject[] = [observed];
  if (terms.length > 0) {
    const seizure = a.kind === 'seizure';
    const validUntil = Date.parse(a.expiresAt) > Date.parse(a.raisedAt) ? ts(a.expiresAt) : undefined;
    const indicator: StixObject = {
      type: 'indicator',
      id: sdoId('indicator', key('indicator')),
      ...versioned,
      name: `${seizure ? 'Seizure' : 'High-risk consignment'}: ${a.commodity.category}`,
      description: a.commodity.description,
      indicator_types: ['malicious-activity'],
      pattern: terms.join(' OR '),
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: ts(a.raisedAt),
      ...(validUntil ? { valid_until: validUntil } : {}),
      ...(a.status === 'retracted' ? { revoked: true } : {}),
      external_references: ref,
    };
    sdos.push(indicator);
    sdos.push(
      seizure
        ? {
            type: 'sighting',
            id: sdoId('sighting', key('sighting')),
            ...versioned,
            first_seen: ts(a.occurredAt),
            last_seen: ts(a.occurredAt),
            count: 1,
            sighting_of_ref: indicator.id,
            observed_data_refs: [observed.id],
            where_sighted_refs: [creator],
          }
        : {
            type: 'relationship',
            id: sdoId('relationship', key('indicator-based-on')),
            ...versioned,
            relationship_type: 'based-on',
            source_ref: indicator.id,
            target_ref: observed.id,
          },
    );
  }
  // Index in the view's list: a withheld person keeps its place, so ids do not depend on the caller.
  (a.parties ?? []).forEach((p, i) => {
    if (p.withheld === true) return;
    const party: StixObject = {
      type: 'identity',
      id: sdoId('identity', key(`party/${i}`)),
      ...versioned,
      name: p.name,
      identity_class: p.isPerson ? 'individual' : 'organization',
      roles: [p.role],
    };
    sdos.push(party, {
      type: 'relationship',
      id: sdoId('relationship', key(`party/${i}/related-to`)),
      ...versioned,
      relationship_type: 'related-to',
      source_ref: party.id,
      target_ref: observed.id,
    });
  });
  return [...platformObjects(), tlpMarking(alertTlp(a)), agencyIdentity(a.agency, opts), ...sdos, ...observables];
}

/**
 * One bundle for one alert or a page of alerts. Shared objects appear once; an SCO shared by two
 * alerts (the same container) keeps the most restrictive marking. The bundle's own id is new each
 * time: a bundle is an envelope, its objects keep their ids.
 */
export function toStixBundle(alerts: readonly StixAlertInput[], opts: StixOptions = {}): StixBundle {
  return bundleOf(alerts.flatMap((a) => alertStixObjects(a, opts)));
}

/** Objects into one bundle, each id once (the most restrictive marking wins); no `objects` when empty, as the spec wants. */
export function bundleOf(objects: Iterable<StixObject>): StixBundle {
  const byId = new Map<string, StixObject>();
  for (const o of objects) {
    const seen = byId.get(o.id);
    if (!seen || rank(o) > rank(seen)) byId.set(o.id, o);
  }
  const bundle = { type: 'bundle' as const, id: `bundle--${randomUUID()}` };
  return byId.size > 0 ? { ...bundle, objects: [...byId.values()] } : bundle;
}

const rank = (o: StixObject) => Math.max(0, ...((o.object_marking_refs as string[] | undefined) ?? []).map((m) => TLP_RANK[m] ?? 0));

/** Whether an Accept header asks for STIX 2.1 (the media type, with no version or version 2.1). */
export function acceptsStix(accept: string | undefined): boolean {
  if (!accept) return false;
  // Content negotiation by weight: STIX only when the caller prefers it to JSON (or names only STIX).
  let stix = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type, ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (type === 'application/stix+json') {
      const version = params.find((p) => p.startsWith('version='));
      if (!version || version.slice(8).replace(/"/g, '') === '2.1') stix = Math.max(stix, q);
    } else if (type === 'application/json' || type === 'application/*' || type === '*/*') json = Math.max(json, type === 'application/json' ? q : q - 0.001);
  }
  return stix > 0 && stix > json;
}
