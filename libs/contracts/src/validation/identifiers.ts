// Pure identifier rules from the domain brief; the class-validator decorators wrap these.

const ISO6346_LETTERS: Record<string, number> = (() => {
  const values: Record<string, number> = {};
  let v = 10;
  for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (v % 11 === 0) v++; // multiples of 11 are skipped by the standard
    values[ch] = v++;
  }
  return values;
})();

/** Strips the spaces and dashes that manifests put into container numbers. */
export function canonicalContainerNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/** The ISO 6346 check digit of the first 10 characters (owner code, category, serial). */
export function containerCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = first10[i];
    sum += (/\d/.test(ch) ? Number(ch) : ISO6346_LETTERS[ch]) * 2 ** i;
  }
  return (sum % 11) % 10;
}

export type ContainerCheck = { ok: true } | { ok: false; rule: 'format' | 'checkDigit'; message: string };

export function checkContainerNumber(raw: string): ContainerCheck {
  const value = canonicalContainerNumber(raw);
  if (!/^[A-Z]{3}[UJZ]\d{7}$/.test(value)) {
    return { ok: false, rule: 'format', message: 'must be 3 owner letters, category U/J/Z, 6 serial digits and a check digit (ISO 6346)' };
  }
  const expected = containerCheckDigit(value);
  if (expected !== Number(value[10])) {
    return { ok: false, rule: 'checkDigit', message: `ISO 6346 check digit should be ${expected}, not ${value[10]}` };
  }
  return { ok: true };
}

export type ImoCheck = 'valid' | 'bad-format' | 'bad-check-digit';

export function checkImoNumber(raw: string): ImoCheck {
  const m = /^(?:IMO\s?)?(\d{7})$/i.exec(raw.trim());
  if (!m) return 'bad-format';
  const d = m[1].split('').map(Number);
  const check = (7 * d[0] + 6 * d[1] + 5 * d[2] + 4 * d[3] + 3 * d[4] + 2 * d[5]) % 10;
  return check === d[6] ? 'valid' : 'bad-check-digit';
}

export function canonicalImo(raw: string): string {
  return 'IMO' + raw.trim().replace(/^IMO\s?/i, '');
}

export const isUnLocode = (v: string): boolean => /^[A-Z]{2}[A-Z2-9]{3}$/.test(v);
export const isHsCode = (v: string): boolean => /^\d{6,10}$/.test(v);
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
/** ISO 3166-1 alpha-2, checked against ICU's region list (unknown codes fall back to themselves). */
export const isCountryCode = (v: string): boolean => /^[A-Z]{2}$/.test(v) && regionNames.of(v) !== v;

/** A unit code as the reference data writes them (`KZ-AKTAU`): the one rule for a `unit` a node writes and the hub accepts. */
export const UNIT_CODE = /^[A-Z]{2,3}-[A-Z0-9-]{2,40}$/;
export const isUnitCode = (v: unknown): v is string => typeof v === 'string' && UNIT_CODE.test(v);
