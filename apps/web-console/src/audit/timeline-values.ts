/**
 * A timeline change read by a person: field paths as labels, codes through the reference labels,
 * instants and numbers through Intl, lists as comma lists. The raw value stays beside it (title).
 */
import { formatNumber, formatUtc } from '../app/format.js';

/** The labels read here (the audit area's and the console's messages): plain data, so this module loads anywhere. */
type Dictionary = Readonly<Record<string, unknown>>;
interface AuditLabels {
  readonly fields: Dictionary;
  readonly outcomes: Dictionary;
  readonly levels: Dictionary;
  readonly yes: string;
  readonly no: string;
}
interface ConsoleLabels {
  readonly kinds: Dictionary;
  readonly statuses: Dictionary;
}

export type ReferenceLabels = Record<string, Record<string, Record<string, string>>>;

/** Which reference list (GET /api/reference labels) names the codes of a field. */
const REFERENCE_LISTS: Record<string, string> = {
  'commodity.category': 'commodityCategories',
  detectionMethod: 'detectionMethods',
  concealmentMethod: 'concealmentMethods',
  conveyance: 'conveyances',
  'quantity.unit': 'quantityUnits',
  unit: 'units',
  agency: 'agencies',
  'distribution.recipients': 'agencies',
};
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

export const raw = (v: unknown): string => (v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export interface ValueContext {
  readonly lang: 'en' | 'ru';
  readonly t: AuditLabels;
  readonly m: ConsoleLabels;
  readonly labels?: ReferenceLabels;
}

/** A field path's label (`route.transit` → "Route: transit"), or the path itself when unknown. */
export const fieldLabel = (t: AuditLabels, path: string): string => own(t.fields, path) ?? path;

/**
 * A label only from the dictionary's own entries: a signed field or code may be named `constructor`
 * or `toString`, and must then show as that text, not as what every object inherits.
 */
function own(dict: object | undefined, key: string): string | undefined {
  const v = dict && Object.hasOwn(dict, key) ? (dict as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

function code(field: string, c: string, x: ValueContext): string {
  const list = own(REFERENCE_LISTS, field);
  if (list) return own(x.labels?.[x.lang]?.[list], c) ?? own(x.labels?.en?.[list], c) ?? c;
  if (field === 'kind') return own(x.m.kinds, c) ?? c;
  if (field === 'status') return own(x.m.statuses, c) ?? c;
  if (field === 'outcome') return own(x.t.outcomes, c) ?? c;
  if (field === 'distribution.level') return own(x.t.levels, c) ?? c;
  // as the audit screens' formatTime (with seconds), without their React session
  if (ISO_INSTANT.test(c)) return formatUtc(x.lang, c, 'medium');
  return c;
}

/** One value of a field as shown; `—` for none. */
export function showValue(field: string, v: unknown, x: ValueContext): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'number') return formatNumber(x.lang, v);
  if (typeof v === 'boolean') return v ? x.t.yes : x.t.no;
  if (typeof v === 'string') return code(field, v, x);
  if (Array.isArray(v)) return v.length ? v.map((e) => (typeof e === 'object' && e !== null ? JSON.stringify(e) : showValue(field, e, x))).join(', ') : '—';
  return JSON.stringify(v);
}
