import { canonicalContainerNumber, canonicalImo, checkContainerNumber, checkImoNumber } from '@cix/contracts';
import { phoneticWords } from '../party/party-name.js';

/** A canonical identifier, or why a value cannot be one. A value failing its check digit keys nothing: it is a typo somewhere, and matching on it would match on a guess. */
export type IdentifierKey = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: 'empty' | 'format' | 'check-digit' };

const key = (value: string): IdentifierKey => ({ ok: true, value });
const fail = (reason: 'empty' | 'format' | 'check-digit'): IdentifierKey => ({ ok: false, reason });

// Cyrillic capitals that look like Latin ones, typed into identifiers on Cyrillic keyboards (МSCU…, 123 АВС 02).
// prettier-ignore
const LATIN_LOOKALIKE: Readonly<Record<string, string>> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X', І: 'I',
};

/** Upper case, Cyrillic look-alikes as Latin, and nothing but letters and digits. */
export function compactIdentifier(raw: string): string {
  return raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[А-ЯІ]/g, (ch) => LATIN_LOOKALIKE[ch] ?? ch)
    .replace(/[^A-Z0-9]/g, '');
}

/** ISO 6346 container number: MSCU 307919-7, mscu-3079197 → MSCU3079197. */
export function containerKey(raw: string): IdentifierKey {
  const value = canonicalContainerNumber(compactIdentifier(raw));
  if (!value) return fail('empty');
  const check = checkContainerNumber(value);
  return check.ok ? key(value) : fail(check.rule === 'format' ? 'format' : 'check-digit');
}

/** IMO ship number: 9319466, IMO 9319466, imo-9319466 → IMO9319466. */
export function imoKey(raw: string): IdentifierKey {
  const compact = compactIdentifier(raw);
  if (!compact) return fail('empty');
  const check = checkImoNumber(compact);
  if (check === 'bad-format') return fail('format');
  return check === 'valid' ? key(canonicalImo(compact)) : fail('check-digit');
}

const VESSEL_PREFIX = /^\s*(?:m\s*[/.]?\s*[vt]|s\s*[/.]?\s*s|t\s*[/.]?\s*[xh]|m\s*[/.]?\s*s|т\s*[/.]?\s*х|м\s*[/.]?\s*[вст]|mv|mt)\.?\s+/iu;
const ROMAN: Readonly<Record<string, string>> = { ii: '2', iii: '3', iv: '4', v: '5', vi: '6', vii: '7', viii: '8', ix: '9', x: '10' };

/**
 * A vessel name without its type prefix (MV, M/V, MT, SS, ТХ, Т/Х), in phonetic Latin words in the
 * order written (word order matters in a ship's name, unlike a company's): Т/Х «Бейбарыс» and
 * MV BEYBARYS key alike, as do AKTAU STAR II and Aktau Star 2.
 */
export function vesselNameKey(raw: string): IdentifierKey {
  const name = raw.replace(VESSEL_PREFIX, '').replace(/(?<![\p{L}\d])(?:ii|iii|iv|v|vi|vii|viii|ix|x)(?![\p{L}\d])/giu, (m) => ROMAN[m.toLowerCase()]);
  const words = phoneticWords(name);
  return words.length === 0 ? fail('empty') : key(words.join('-'));
}

/** Bill of lading: KZAAU-2026-0701, kzaau 2026/0701 → KZAAU20260701. */
export function billOfLadingKey(raw: string): IdentifierKey {
  const value = compactIdentifier(raw);
  if (!value) return fail('empty');
  return value.length >= 4 ? key(value) : fail('format');
}

/** Vehicle registration plate: 123 ABC 02, 123АВС02 (Cyrillic letters) → 123ABC02. */
export function vehiclePlateKey(raw: string): IdentifierKey {
  const value = compactIdentifier(raw);
  if (!value) return fail('empty');
  return /^(?=.*\d)[A-Z0-9]{4,10}$/.test(value) ? key(value) : fail('format');
}

/** Luhn check digit (digits doubled from the right), used by both wagon numbering schemes. */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    const d = Number(payload[payload.length - 1 - i]) * (i % 2 === 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Rail wagon number: 8 digits on the 1520 mm network (KZ, TM, AZ, RU) or 12 digits UIC, the last
 * one a Luhn check digit in both: 2181 2471 217-3 → 218124712173.
 */
export function railWagonKey(raw: string): IdentifierKey {
  const value = compactIdentifier(raw);
  if (!value) return fail('empty');
  if (!/^(\d{8}|\d{12})$/.test(value)) return fail('format');
  return luhnCheckDigit(value.slice(0, -1)) === Number(value.slice(-1)) ? key(value) : fail('check-digit');
}
