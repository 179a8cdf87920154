/**
 * The STIX 2.1 specification's rules (OASIS STIX v2.1 OS) that our bundles must meet, as a small
 * checker: no maintained STIX validator exists for JavaScript (the OASIS one is Python). Returns the
 * broken rules, each naming the object; an empty list means the bundle passed.
 */

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const ID = new RegExp(`^([a-z0-9][a-z0-9-]{1,248}[a-z0-9])--${UUID}$`);
const TYPE = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;
/** RFC 3339, UTC ("Z"); created/modified exactly to the millisecond (spec 3.2). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const TIMESTAMP_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const PROPERTY = /^[a-zA-Z0-9_]{2,250}$/;

const SDO = new Set([
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'observed-data',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
]);
const SRO = new Set(['relationship', 'sighting']);
const SMO = new Set(['marking-definition', 'language-content', 'extension-definition']);
const SCO = new Set([
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
]);
const EXTENSION_TYPES = new Set(['new-sdo', 'new-sco', 'new-sro', 'property-extension', 'toplevel-property-extension']);

/** The OASIS TLP 2.0 marking definitions: fixed ids, names and extension values. */
export const TLP2_DEFINITIONS: Record<string, { name: string; level: string }> = {
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487': { name: 'TLP:CLEAR', level: 'clear' },
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb': { name: 'TLP:GREEN', level: 'green' },
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421': { name: 'TLP:AMBER', level: 'amber' },
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003': { name: 'TLP:AMBER+STRICT', level: 'amber+strict' },
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1': { name: 'TLP:RED', level: 'red' },
};
export const TLP2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

type Obj = Record<string, any>;

const isTimestamp = (v: unknown, ms = false): boolean => typeof v === 'string' && (ms ? TIMESTAMP_MS : TIMESTAMP).test(v) && !Number.isNaN(Date.parse(v));
const typeOfId = (id: string) => id.slice(0, id.indexOf('--'));

/**
 * STIX patterning, the subset a comparison-only pattern needs: observation expressions
 * `[object-type:path op literal]` joined by AND/OR/FOLLOWEDBY, comparisons joined by AND/OR.
 */
export function patternErrors(pattern: string): string[] {
  const literal = String.raw`'(?:[^'\\]|\\['\\])*'|-?\d+(?:\.\d+)?|true|false`;
  const comparison = String.raw`[a-z0-9][a-z0-9-]*[a-z0-9]:[a-z0-9_]+(?:\.[a-z0-9_]+|\[\d+|\*\])*\s*(?:NOT\s+)?(?:=|!=|<|<=|>|>=|LIKE|MATCHES)\s*(?:${literal})`;
  const inSet = String.raw`[a-z0-9][a-z0-9-]*[a-z0-9]:[a-z0-9_]+(?:\.[a-z0-9_]+)*\s+(?:NOT\s+)?IN\s*\(\s*(?:${literal})(?:\s*,\s*(?:${literal}))*\s*\)`;
  const observation = String.raw`\[\s*(?:${comparison}|${inSet})(?:\s+(?:AND|OR)\s+(?:${comparison}|${inSet}))*\s*\]`;
  const whole = new RegExp(String.raw`^${observation}(?:\s+(?:AND|OR|FOLLOWEDBY)\s+${observation})*$`);
  return whole.test(pattern) ? [] : [`pattern is not a valid STIX pattern: ${pattern}`];
}

export function stixErrors(bundle: unknown): string[] {
  const errors: string[] = [];
  const b = bundle as Obj;
  if (!b || typeof b !== 'object' || b.type !== 'bundle') return ['bundle: type must be "bundle"'];
  if (typeof b.id !== 'string' || !new RegExp(`^bundle--${UUID}$`).test(b.id)) errors.push(`bundle: id ${b.id} must be bundle--<RFC 4122 UUID>`);
  if ('spec_version' in b) errors.push('bundle: a STIX 2.1 bundle has no spec_version');
  if (!Array.isArray(b.objects) || b.objects.length === 0) return [...errors, 'bundle: objects must be a non-empty list'];

  const objects = b.objects as Obj[];
  const byId = new Map<string, Obj>();
  for (const o of objects) {
    if (byId.has(o.id)) errors.push(`${o.id}: appears twice`);
    byId.set(o.id, o);
  }
  const isSco = (o: Obj | undefined) => !!o && !SDO.has(o.type) && !SRO.has(o.type) && !SMO.has(o.type) && !('created' in o);

  for (const o of objects) {
    const at = String(o.id);
    const err = (m: string) => errors.push(`${at}: ${m}`);
    if (typeof o.type !== 'string' || !TYPE.test(o.type)) err(`type ${o.type} must be 3-250 characters a-z, 0-9, hyphen`);
    const m = typeof o.id === 'string' ? ID.exec(o.id) : null;
    if (!m) err('id must be <type>--<RFC 4122 UUID>');
    else if (m[1] !== o.type) err(`id must start with its type ${o.type}`);
    for (const k of Object.keys(o)) if (!PROPERTY.test(k)) err(`property name ${k} must be ASCII letters, digits, underscore`);
    const sco = isSco(o);
    if (!sco || 'spec_version' in o) if (o.spec_version !== '2.1') err('spec_version must be "2.1"');

    if (!sco) {
      if (!isTimestamp(o.created, true)) err(`created ${o.created} must be an RFC 3339 UTC timestamp to the millisecond`);
      if (o.type !== 'marking-definition') {
        if (!isTimestamp(o.modified, true)) err(`modified ${o.modified} must be an RFC 3339 UTC timestamp to the millisecond`);
        else if (Date.parse(o.modified) < Date.parse(o.created)) err('modified must not be before created');
      }
      if ((SDO.has(o.type) || o.type === 'extension-definition') && typeof o.created_by_ref !== 'string') err('created_by_ref is required');
    }

    // Every reference: an identifier of an object in this bundle (markings: a marking definition in it).
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`));
      if (!v || typeof v !== 'object') return;
      for (const [k, x] of Object.entries(v)) {
        const refs = k.endsWith('_ref')
          ? [x]
          : k.endsWith('_refs')
            ? Array.isArray(x) && x.length > 0
              ? x
              : (err(`${path}${k} must be a non-empty list`), [])
            : null;
        if (!refs) {
          walk(x, `${path}${k}.`);
          continue;
        }
        for (const r of refs) {
          if (typeof r !== 'string' || !ID.test(r)) err(`${path}${k}: ${r} is not an identifier`);
          else if (!byId.has(r)) err(`${path}${k}: ${r} does not resolve inside the bundle`);
          else if (k === 'object_marking_refs' && typeOfId(r) !== 'marking-definition') err(`${k}: ${r} is not a marking definition`);
          else if (sco && k !== 'object_marking_refs' && !isSco(byId.get(r))) err(`${path}${k}: an SCO may reference only SCOs, not ${r}`);
        }
      }
    };
    walk(o, '');

    for (const [ext, body] of Object.entries((o.extensions ?? {}) as Obj)) {
      if (!ID.test(ext)) {
        if (!ext.endsWith('-ext')) err(`extension key ${ext} must be an extension-definition id or a predefined -ext name`);
        continue;
      }
      const def = byId.get(ext);
      if (!def && ext !== TLP2_EXTENSION) err(`extension ${ext} has no extension-definition in the bundle`);
      if (!EXTENSION_TYPES.has(body?.extension_type)) err(`extension ${ext}: extension_type ${body?.extension_type} is not one of the spec's`);
      else if (def && !def.extension_types?.includes(body.extension_type)) err(`extension ${ext} does not define ${body.extension_type}`);
    }

    switch (o.type) {
      case 'identity':
        if (typeof o.name !== 'string' || !o.name) err('identity needs a name');
        break;
      case 'indicator':
        if (typeof o.pattern !== 'string' || typeof o.pattern_type !== 'string') err('indicator needs pattern and pattern_type');
        else if (o.pattern_type === 'stix') patternErrors(o.pattern).forEach(err);
        if (!isTimestamp(o.valid_from)) err('indicator needs valid_from');
        if (o.valid_until !== undefined && !(isTimestamp(o.valid_until) && Date.parse(o.valid_until) > Date.parse(o.valid_from)))
          err('valid_until must be later than valid_from');
        break;
      case 'observed-data':
        if (!isTimestamp(o.first_observed) || !isTimestamp(o.last_observed) || Date.parse(o.last_observed) < Date.parse(o.first_observed))
          err('first_observed/last_observed must be timestamps, last not before first');
        if (!Number.isInteger(o.number_observed) || o.number_observed < 1 || o.number_observed > 999_999_999) err('number_observed must be 1..999,999,999');
        if ('objects' in o) err('objects is deprecated in 2.1: use object_refs');
        if (!Array.isArray(o.object_refs)) err('observed-data needs object_refs');
        else if (!o.object_refs.some((r: string) => isSco(byId.get(r)))) err('object_refs must hold at least one SCO');
        else for (const r of o.object_refs) if (!isSco(byId.get(r)) && !SRO.has(typeOfId(r))) err(`object_refs: ${r} is neither an SCO nor an SRO`);
        break;
      case 'sighting': {
        const target = byId.get(o.sighting_of_ref);
        if (!target || !SDO.has(target.type)) err('sighting_of_ref must reference an SDO');
        for (const r of o.observed_data_refs ?? []) if (typeOfId(r) !== 'observed-data') err(`observed_data_refs: ${r} is not observed-data`);
        for (const r of o.where_sighted_refs ?? [])
          if (!['identity', 'location'].includes(typeOfId(r))) err(`where_sighted_refs: ${r} is not an identity or location`);
        if (o.count !== undefined && !(Number.isInteger(o.count) && o.count >= 0 && o.count <= 999_999_999)) err('count must be 0..999,999,999');
        if (o.first_seen && o.last_seen && Date.parse(o.last_seen) < Date.parse(o.first_seen)) err('last_seen before first_seen');
        break;
      }
      case 'relationship':
        if (typeof o.relationship_type !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(o.relationship_type))
          err('relationship_type must be lowercase words joined by hyphens');
        if (typeof o.source_ref !== 'string' || typeof o.target_ref !== 'string') err('relationship needs source_ref and target_ref');
        break;
      case 'marking-definition': {
        const tlp = TLP2_DEFINITIONS[o.id];
        if (tlp) {
          if (
            o.name !== tlp.name ||
            o.extensions?.[TLP2_EXTENSION]?.tlp_2_0 !== tlp.level ||
            o.extensions?.[TLP2_EXTENSION]?.extension_type !== 'property-extension'
          )
            err(`must be the official ${tlp.name} definition`);
        } else if (!(o.definition_type && o.definition) && !o.extensions) err('marking-definition needs definition_type/definition or an extension');
        break;
      }
      case 'extension-definition':
        for (const k of ['name', 'schema', 'version']) if (typeof o[k] !== 'string' || !o[k]) err(`extension-definition needs ${k}`);
        if (!Array.isArray(o.extension_types) || o.extension_types.length === 0 || !o.extension_types.every((t: string) => EXTENSION_TYPES.has(t)))
          err("extension_types must list the spec's extension types");
        break;
      default:
        if (sco && !SCO.has(o.type) && !Object.values((o.extensions ?? {}) as Obj).some((e) => e?.extension_type === 'new-sco') && !o.type.startsWith('x-')) {
          err('an object of an unknown type must be declared by a new-sco extension or be a custom x- type');
        }
    }
  }
  return errors;
}
