/**
 * The report form as the officer types it (strings, one line per container) and its translation
 * into the node's request: a new report (`POST /api/alerts`) or an amendment's `changes`.
 */
// `.js` specifiers (resolved to the .ts files by Vite and by jest) so test/ can unit-test this file under the root tsconfig.
import { canonicalContainerNumber } from '../../../../libs/contracts/src/validation/identifiers.js';
import type { FieldError, NodeAlert } from './node-types.js';

export interface PartyInput {
  role: string;
  name: string;
  isPerson: boolean;
  nationality: string;
  documentNumber: string;
}

export interface AlertInput {
  kind: 'seizure' | 'high-risk-consignment';
  unit: string;
  occurredAt: string;
  category: string;
  description: string;
  hsCode: string;
  quantityValue: string;
  quantityUnit: string;
  containers: string;
  vesselName: string;
  imo: string;
  flag: string;
  departure: string;
  transit: string;
  destination: string;
  locode: string;
  detectionMethod: string;
  concealmentMethod: string;
  conveyance: string;
  billOfLading: string;
  eta: string;
  parties: PartyInput[];
  riskIndicators: string;
  recommendedAction: string;
  level: 'agency' | 'bilateral' | 'regional';
  recipients: string[];
  handlingCode: string;
  sourceReliability: string;
  informationAccuracy: string;
  /** `containers.checkDigit` …: warnings the officer confirmed (C4). */
  acknowledged: string[];
  /** Unset until the officer chooses: the node's default (DISCOVERABLE_BY_DEFAULT) then applies. */
  discoverable?: boolean;
}

export const emptyParty = (): PartyInput => ({ role: 'shipper', name: '', isPerson: false, nationality: '', documentNumber: '' });

export function emptyInput(unit: string): AlertInput {
  return {
    kind: 'seizure',
    unit,
    occurredAt: toLocalInput(new Date().toISOString()),
    category: '',
    description: '',
    hsCode: '',
    quantityValue: '',
    quantityUnit: '',
    containers: '',
    vesselName: '',
    imo: '',
    flag: '',
    departure: '',
    transit: '',
    destination: '',
    locode: '',
    detectionMethod: '',
    concealmentMethod: '',
    conveyance: '',
    billOfLading: '',
    eta: '',
    parties: [],
    riskIndicators: '',
    recommendedAction: '',
    level: 'regional',
    recipients: [],
    handlingCode: 'H1',
    sourceReliability: '',
    informationAccuracy: '',
    acknowledged: [],
  };
}

/** `2026-11-20T08:00:00Z` → the `datetime-local` value in the browser's time zone. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

const fromLocalInput = (v: string): string | undefined => {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
};

const list = (v: string, sep = /[\n,;]+/): string[] =>
  v
    .split(sep)
    .map((x) => x.trim())
    .filter(Boolean);
const opt = (v: string): string | undefined => (v.trim() ? v.trim() : undefined);
const upper = (v: string): string | undefined => opt(v)?.toUpperCase();

function compact<T extends Record<string, unknown>>(o: T): Partial<T> | undefined {
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
  return Object.keys(out).length ? (out as Partial<T>) : undefined;
}

/** The content fields of a report (what an amendment may change), absent when empty. */
export function contentOf(f: AlertInput): Record<string, unknown> {
  const value = f.quantityValue.trim() === '' ? undefined : Number.isFinite(Number(f.quantityValue)) ? Number(f.quantityValue) : f.quantityValue;
  return {
    occurredAt: fromLocalInput(f.occurredAt),
    commodity: compact({ category: opt(f.category), description: opt(f.description), hsCode: opt(f.hsCode) }),
    quantity: compact({ value, unit: opt(f.quantityUnit) }),
    containers: list(f.containers).map(canonicalContainerNumber),
    vessel: compact({ name: opt(f.vesselName), imo: upper(f.imo), flag: upper(f.flag) }),
    route: compact({ departure: upper(f.departure), transit: list(f.transit.toUpperCase(), /[\s,;>]+/), destination: upper(f.destination) }),
    locode: upper(f.locode),
    detectionMethod: opt(f.detectionMethod),
    concealmentMethod: opt(f.concealmentMethod),
    conveyance: opt(f.conveyance),
    parties: f.parties
      .filter((p) => p.name.trim())
      .map((p) =>
        compact({ role: p.role, name: p.name.trim(), isPerson: p.isPerson, nationality: upper(p.nationality), documentNumber: opt(p.documentNumber) }),
      ),
    billOfLading: opt(f.billOfLading),
    eta: fromLocalInput(f.eta),
    riskIndicators: list(f.riskIndicators, /\n+/),
    recommendedAction: opt(f.recommendedAction),
    handlingCode: opt(f.handlingCode),
    sourceReliability: opt(f.sourceReliability),
    informationAccuracy: opt(f.informationAccuracy),
  };
}

/**
 * The body of `POST /api/alerts`: empty fields left out, so the node names what is missing. The
 * commodity is always sent (empty if need be): the node then names its category and description,
 * which the form shows at their inputs, rather than a bare `commodity` no input stands for.
 */
export function toRequest(f: AlertInput): Record<string, unknown> {
  const content = contentOf(f);
  const body = compact({
    kind: f.kind,
    unit: opt(f.unit),
    ...content,
    commodity: content.commodity ?? {},
    distribution: { level: f.level, ...(f.level === 'bilateral' ? { recipients: f.recipients } : {}) },
    acknowledgedWarnings: f.acknowledged,
    discoverable: f.discoverable,
  });
  return body ?? {};
}

const KEPT_LISTS = ['containers', 'parties'];

/** An amendment's `changes`: every content field whose value differs, `null` for one emptied. */
export function changesBetween(before: AlertInput, after: AlertInput): Record<string, unknown> {
  const a = contentOf(before);
  const b = contentOf(after);
  const changes: Record<string, unknown> = {};
  for (const k of Object.keys(b)) {
    const empty = (v: unknown) => v === undefined || (Array.isArray(v) && v.length === 0);
    if (JSON.stringify(a[k] ?? null) === JSON.stringify(b[k] ?? null)) continue;
    if (empty(a[k]) && empty(b[k])) continue;
    // Lists every report keeps are emptied with [], other optional fields removed with null.
    changes[k] = !empty(b[k]) ? b[k] : KEPT_LISTS.includes(k) ? [] : null;
  }
  return changes;
}

/** The form filled with an alert as the node shows it (to amend it). */
export function inputOf(a: NodeAlert): AlertInput {
  return {
    ...emptyInput(a.unit),
    kind: a.kind,
    occurredAt: toLocalInput(a.occurredAt),
    category: a.commodity.category,
    description: a.commodity.description,
    hsCode: a.commodity.hsCode ?? '',
    quantityValue: a.quantity ? String(a.quantity.value) : '',
    quantityUnit: a.quantity?.unit ?? '',
    containers: (a.containers ?? []).join('\n'),
    vesselName: a.vessel?.name ?? '',
    imo: a.vessel?.imo ?? '',
    flag: a.vessel?.flag ?? '',
    departure: a.route?.departure ?? '',
    transit: (a.route?.transit ?? []).join(', '),
    destination: a.route?.destination ?? '',
    locode: a.locode ?? '',
    detectionMethod: a.detectionMethod ?? '',
    concealmentMethod: a.concealmentMethod ?? '',
    conveyance: a.conveyance ?? '',
    billOfLading: a.billOfLading ?? '',
    eta: toLocalInput(a.eta),
    discoverable: a.discoverable,
    parties: (a.parties ?? []).map((p) => ({
      role: p.role,
      name: p.name,
      isPerson: p.isPerson ?? false,
      nationality: p.nationality ?? '',
      documentNumber: p.documentNumber ?? '',
    })),
    riskIndicators: (a.riskIndicators ?? []).join('\n'),
    recommendedAction: a.recommendedAction ?? '',
    level: a.distribution.level,
    recipients: [...a.distribution.recipients],
    handlingCode: a.handlingCode ?? 'H0',
    sourceReliability: a.sourceReliability ?? '',
    informationAccuracy: a.informationAccuracy ?? '',
  };
}

/**
 * Which input shows an error the node named: `containers[2]` belongs to the containers box,
 * `changes.commodity.hsCode` (an amendment) to the HS code, `parties[0].name` to that party's name.
 */
export function inputFor(field: string, known: ReadonlySet<string>): string | undefined {
  let f = field.replace(/^changes\./, '');
  for (;;) {
    if (known.has(f)) return f;
    const shorter = f.replace(/\[\d+\]$/, '');
    if (shorter !== f) {
      f = shorter;
      continue;
    }
    const dot = f.lastIndexOf('.');
    if (dot < 0) return undefined;
    f = f.slice(0, dot);
  }
}

/**
 * The node's message as shown under its input: without the leading `commodity.category: `, since the
 * input's own label already says which field it is (the path means nothing to an officer).
 */
export const messageAtField = (e: FieldError): string => (e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message);

/** The key that confirms a warning in `acknowledgedWarnings`: `containers[1]` + `checkDigit` → `containers.checkDigit`. */
export const warningKey = (e: FieldError): string => `${e.field.replace(/\[\d+\]/g, '')}.${e.rule}`;

/** The form again from a request body (a report the node refused after it waited in the outbox). */
export function inputOfRequest(body: Record<string, unknown>): AlertInput {
  const a = body as Partial<NodeAlert>;
  return inputOf({
    ...a,
    kind: a.kind ?? 'seizure',
    unit: a.unit ?? '',
    commodity: { category: '', description: '', ...a.commodity },
    distribution: { level: a.distribution?.level ?? 'regional', recipients: a.distribution?.recipients ?? [] },
  } as NodeAlert);
}
