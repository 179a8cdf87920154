import { ALERT_KINDS, DISTRIBUTION_LEVELS, HANDLING_CODES } from '../events/alert.types.js';
import { isInstant } from '../validation/decorators.js';
import type { AlertState } from './alert-state.js';

// A signed event proves who wrote it, not that its content is well-formed: a compromised or buggy
// node can sign anything. The hub folds events with the nodes' own function and then reads the
// folded state (read-model columns, trend cells, views, filters); a state that does not have the
// shape those readers rely on would make them throw and stall that agency's stream for good.
// So the folded state is checked before it is stored, and an event producing a malformed one is
// refused (quarantined) like any other event the hub must not apply.

type Check = (v: unknown) => boolean;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str: Check = (v) => typeof v === 'string';
// What the nodes' validation takes is what the read model's timestamptz columns take: Date.parse
// alone accepts forms PostgreSQL refuses (year 0, '1'), which would fail the whole batch.
const date: Check = isInstant;
/** The read model's integer columns are int4. */
const int4: Check = (v) => Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31;
const strings: Check = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const optional =
  (c: Check): Check =>
  (v) =>
    v === undefined || c(v);
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);

function fields(o: unknown, checks: Record<string, Check>, at: string): string | null {
  if (!isObject(o)) return `${at} is not an object`;
  for (const [k, check] of Object.entries(checks)) if (!check(o[k])) return `${at}.${k} is malformed`;
  return null;
}

const party = (p: unknown, at: string): string | null =>
  fields(p, { role: str, isPerson: (v) => typeof v === 'boolean', name: optional(str), nationality: optional(str), documentNumber: optional(str) }, at);

function contentProblem(c: unknown): string | null {
  const top = fields(
    c,
    {
      kind: oneOf(ALERT_KINDS),
      unit: str,
      occurredAt: date,
      containers: strings,
      parties: Array.isArray,
      handlingCode: oneOf(HANDLING_CODES),
      locode: optional(str),
      detectionMethod: optional(str),
      concealmentMethod: optional(str),
      conveyance: optional(str),
      billOfLading: optional(str),
      eta: optional(date),
      riskIndicators: optional(strings),
      recommendedAction: optional(str),
      sourceReliability: optional(str),
      informationAccuracy: optional(str),
    },
    'content',
  );
  if (top) return top;
  const content = c as Record<string, unknown>;
  return (
    fields(content.commodity, { category: str, description: str, hsCode: optional(str) }, 'content.commodity') ??
    (content.quantity === undefined
      ? null
      : fields(content.quantity, { value: (v) => typeof v === 'number' && Number.isFinite(v), unit: str }, 'content.quantity')) ??
    (content.vessel === undefined ? null : fields(content.vessel, { name: optional(str), imo: optional(str), flag: optional(str) }, 'content.vessel')) ??
    (content.route === undefined
      ? null
      : fields(content.route, { departure: optional(str), transit: optional(strings), destination: optional(str) }, 'content.route')) ??
    (content.parties as unknown[]).reduce<string | null>((found, p, i) => found ?? party(p, `content.parties[${i}]`), null)
  );
}

function grantsProblem(grants: unknown): string | null {
  if (grants === undefined) return null;
  if (!Array.isArray(grants)) return 'personalDataGrants is not a list';
  return grants.reduce<string | null>((found, g, i) => found ?? fields(g, { agency: str, legalBasis: str, grantedAt: date }, `personalDataGrants[${i}]`), null);
}

/** Why a folded alert state cannot be stored and shown, or null when it has the expected shape. */
export function alertStateShapeProblem(s: AlertState): string | null {
  return (
    fields(
      s,
      {
        id: str,
        agency: str,
        version: int4,
        status: oneOf(['open', 'closed', 'retracted']),
        raisedAt: date,
        updatedAt: date,
        feedbackDueAt: date,
        expiresAt: date,
        discoverable: optional((v) => typeof v === 'boolean'),
      },
      'alert',
    ) ??
    fields(s.distribution, { level: oneOf(DISTRIBUTION_LEVELS), recipients: strings }, 'distribution') ??
    grantsProblem(s.personalDataGrants) ??
    contentProblem(s.content)
  );
}
