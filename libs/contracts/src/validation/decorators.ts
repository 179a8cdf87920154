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

export const IsIso6346 = (o?: ValidationOptions) =>
  (target: object, propertyName: string) =>
    registerDecorator({
      name: 'iso6346',
      target: target.constructor,
      propertyName,
      options: o,
      validator: {
        validate: (v: unknown) => typeof v === 'string' && checkContainerNumber(v).ok,
        defaultMessage: (args) => {
          // With `each`, the value is the whole list: describe the first bad entry.
          const value: unknown = args?.value;
          const values: unknown[] = Array.isArray(value) ? value : [value];
          const bad = values.find((v) => typeof v !== 'string' || !checkContainerNumber(v).ok);
          const r = typeof bad === 'string' ? checkContainerNumber(bad) : null;
          return `${args?.property} ${r && !r.ok ? `${String(bad)}: ${r.message}` : 'must be an ISO 6346 container number'}`;
        },
      },
    });

/** Format only: a wrong IMO check digit is a warning (real manifests carry them), not a rejection. */
export const IsImoFormat = (o?: ValidationOptions) =>
  rule('imoFormat', (v) => typeof v === 'string' && checkImoNumber(v) !== 'bad-format', 'must be IMO followed by 7 digits', o);
export const IsUnLocode = (o?: ValidationOptions) =>
  rule('unLocode', (v) => typeof v === 'string' && isUnLocode(v), 'must be a UN/LOCODE: country code and 3 characters A-Z, 2-9', o);
export const IsHsCode = (o?: ValidationOptions) =>
  rule('hsCode', (v) => typeof v === 'string' && isHsCode(v), 'must be an HS code of 6 to 10 digits', o);
export const IsCountryCode = (o?: ValidationOptions) =>
  rule('countryCode', (v) => typeof v === 'string' && isCountryCode(v), 'must be an ISO 3166-1 alpha-2 country code', o);

/** ISO 8601 instant not later than now plus a small clock skew (PCU clocks drift). */
export const IsPastInstant = (skewMs = 5 * 60_000, o?: ValidationOptions) =>
  rule(
    'notInFuture',
    (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && Date.parse(v) <= Date.now() + skewMs,
    'must be a timestamp that is not in the future',
    o,
  );
