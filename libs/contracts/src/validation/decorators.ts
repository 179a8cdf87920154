import { registerDecorator, type ValidationOptions } from 'class-validator';
import { checkContainerNumber, checkImoNumber, isCountryCode, isHsCode, isUnLocode } from './identifiers.js';

// Each decorator registers under its own rule name, so a 400 says exactly which rule failed.
function rule(name: string, test: (v: unknown) => boolean, message: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { message: `$property ${message}`, ...options },
      validator: { validate: (value: unknown) => test(value) },
    });
}

/**
 * ISO 6346 format. A wrong check digit passes here: the node's rules report it as a confirmable
 * error (a misread digit must not block an urgent alert), stored as a warning once acknowledged.
 */
export const IsIso6346 = (o?: ValidationOptions) => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'iso6346',
    target: target.constructor,
    propertyName,
    options: o,
    validator: {
      validate: (v: unknown) => typeof v === 'string' && isContainerFormat(v),
      defaultMessage: (args) => {
        // With `each`, the value is the whole list: describe the first bad entry.
        const value: unknown = args?.value;
        const values: unknown[] = Array.isArray(value) ? value : [value];
        const bad = values.find((v) => typeof v !== 'string' || !isContainerFormat(v));
        const r = typeof bad === 'string' ? checkContainerNumber(bad) : null;
        return `${args?.property} ${r && !r.ok ? `${String(bad)}: ${r.message}` : 'must be an ISO 6346 container number'}`;
      },
    },
  });

const isContainerFormat = (v: string) => {
  const r = checkContainerNumber(v);
  return r.ok || r.rule === 'checkDigit';
};

/** Format only: a wrong IMO check digit is a warning (real manifests carry them), not a rejection. */
export const IsImoFormat = (o?: ValidationOptions) =>
  rule('imoFormat', (v) => typeof v === 'string' && checkImoNumber(v) !== 'bad-format', 'must be IMO followed by 7 digits', o);
export const IsUnLocode = (o?: ValidationOptions) =>
  rule('unLocode', (v) => typeof v === 'string' && isUnLocode(v), 'must be a UN/LOCODE: country code and 3 characters A-Z, 2-9', o);
export const IsHsCode = (o?: ValidationOptions) => rule('hsCode', (v) => typeof v === 'string' && isHsCode(v), 'must be an HS code of 6 to 10 digits', o);
export const IsCountryCode = (o?: ValidationOptions) =>
  rule('countryCode', (v) => typeof v === 'string' && isCountryCode(v), 'must be an ISO 3166-1 alpha-2 country code', o);

/**
 * How far a reported instant may lie ahead of this service's clock. PCU clocks drift, and so may a
 * node's: a node 10 minutes behind must still accept "just now" from an officer whose device is
 * right (issue 15; 5 minutes refused every such report). Still far below the typos this catches
 * (a wrong day, month or year).
 */
export const CLOCK_SKEW_MS = 15 * 60_000;

/** ISO 8601 instant not later than now plus the clock skew allowed. */
export const IsPastInstant = (skewMs = CLOCK_SKEW_MS, o?: ValidationOptions) =>
  rule(
    'notInFuture',
    (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && Date.parse(v) <= Date.now() + skewMs,
    'must be a timestamp that is not in the future',
    o,
  );

// ISO 8601 allows forms no reader here parses (week dates such as 2026-W10-3, basic format such as
// 20261120T080000Z): they passed validation and then failed in Date or PostgreSQL as a 500, or made
// the hub refuse the event. Only RFC 3339 date-times (and plain dates, for filters) are taken.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/;
export function isInstant(v: unknown): boolean {
  const m = typeof v === 'string' ? RFC3339.exec(v) : null;
  if (!m) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0, offH = 0, offM = 0] = m.slice(1).map((x) => (x === undefined ? undefined : Number(x))) as number[];
  // A real calendar day (2026-02-30 is not one: Date would roll it over, PostgreSQL refuses it) in years 1–9999.
  const d = new Date(Date.UTC(year, month - 1, day));
  const realDay = year >= 1 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
  return realDay && hour < 24 && minute < 60 && second < 60 && offH < 24 && offM < 60 && !Number.isNaN(Date.parse(v as string));
}

/** An RFC 3339 date-time (2026-11-20T08:00:00Z) or date (2026-11-20); the rule keeps class-validator's name. */
export const IsInstant = (o?: ValidationOptions) =>
  rule('isIso8601', isInstant, 'must be an RFC 3339 date-time such as 2026-11-20T08:00:00Z, or a date such as 2026-11-20', o);

/** An RFC 3339 date-time with its time and offset (what an alert's own timestamps must be): 2026-11-20T08:00:00Z. */
export const IsDateTime = (o?: ValidationOptions) =>
  rule('isIso8601', (v) => isInstant(v) && (v as string).includes('T'), 'must be an RFC 3339 date-time such as 2026-11-20T08:00:00Z', o);
