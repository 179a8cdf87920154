import { memo } from './memo.js';
import { phoneticKey } from './phonetic.js';
import { foldHomoglyphs, isTurkicLatin, toPlainLatin } from './scripts.js';
import { FILLER_WORDS, LEGAL_FORMS, SAME_WORDS, TRADE_WORDS, WEAK_WORDS, WORD_LIKE_LEGAL_FORMS } from './vocabulary.js';

/**
 * One word of a party name: its phonetic key, how much it says about which party it is, and the
 * key of its other reading where the letters are ambiguous (an ASCII `c` may be Turkish "j":
 * Ticaret; Kazakh ң may be written "ng": Tengiz).
 */
export interface PartyToken {
  readonly key: string;
  readonly weight: number;
  readonly alt?: string;
}

interface Reading {
  readonly turkic?: boolean;
  readonly kazakhNg?: boolean;
}

export const DISTINCTIVE = 1;
export const TRADE = 0.5;
export const WEAK = 0.2;

/** Phonetic keys of a name's words, in order, before any vocabulary is applied. */
function rawKeys(name: string, reading: Reading = {}): string[] {
  const prepared = foldHomoglyphs(name.normalize('NFKC'))
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2') // KaspiyTrans
    .replace(/(?<!\p{L})((?:\p{L}\.)+\p{L})\.?(?!\p{L})/gu, (m) => m.replace(/\./g, '')) // A.Ş., S.A.
    .replace(/['’ʼ`]/g, ''); // Xi'an, Kazakh Latin of 2017
  const lower = prepared.toLowerCase().replace(/i\u0307/g, 'i'); // İ lower-cases to i and a combining dot
  const turkic = reading.turkic ?? isTurkicLatin(lower);
  return lower.split(/[^\p{L}\p{M}\p{N}]+/u).flatMap((word) =>
    ACRONYM.test(word)
      ? [[...word].map((ch) => phoneticKey(toPlainLatin(ch, reading.kazakhNg), turkic)).join('')]
      : toPlainLatin(word, reading.kazakhNg)
          .split(' ')
          .filter((t) => t.length > 0)
          .map((t) => phoneticKey(t, turkic)),
  );
}

// Two to four letters without a vowel are initials (KTZ, КТЖ, S.M.): read letter by letter, since
// spelling rules for words would fold them (tz → c).
const ACRONYM = /^[^\P{L}aeiouyаеёиоуыэюяәөұүіıəöüäý]{2,4}$/u;

// Vocabulary is compiled in both readings of c and x, since it meets names in either (MMC, Ticarət).
const bothReadings = (w: string) => [rawKeys(w, { turkic: false }), rawKeys(w, { turkic: true })];
const FILLER = new Set(FILLER_WORDS.flatMap(bothReadings).map((k) => k.join(' ')));
const wordKeys = (name: string, reading?: Reading) => rawKeys(name, reading).filter((k) => !FILLER.has(k));
const compile = (words: readonly string[]) => words.flatMap((w) => [wordKeys(w, { turkic: false }), wordKeys(w, { turkic: true })]).filter((k) => k.length > 0);
const LEGAL = compile(LEGAL_FORMS).sort((a, b) => b.length - a.length);
// A short form that is also a word (Kazakh ақ "white", Turkish as) is a legal form only at the end.
const LEGAL_AT_START = LEGAL.filter((f) => !compile(WORD_LIKE_LEGAL_FORMS).some((w) => w.join(' ') === f.join(' ')));
const SYNONYM = new Map<string, string>(
  SAME_WORDS.flatMap((group) => group.flatMap((w) => bothReadings(w).map((k) => [k.join(' '), rawKeys(group[0], { turkic: false }).join(' ')] as const))),
);
const canonical = (key: string) => SYNONYM.get(key) ?? key;
const WEIGHT = new Map<string, number>([
  ...compile(TRADE_WORDS).map((k) => [canonical(k.join(' ')), TRADE] as const),
  ...compile(WEAK_WORDS).map((k) => [canonical(k.join(' ')), WEAK] as const),
]);

function startsWith(keys: readonly string[], form: readonly string[], at: number): boolean {
  return form.every((k, i) => keys[at + i] === k);
}

/** Drops one legal form at the start and any at the end, keeping at least one word. */
function stripLegalForms(keys: string[]): string[] {
  let out = keys;
  const first = LEGAL_AT_START.find((f) => f.length < out.length && startsWith(out, f, 0));
  if (first) out = out.slice(first.length);
  for (let found = true; found;) {
    const last = LEGAL.find((f) => f.length < out.length && startsWith(out, f, out.length - f.length));
    found = last !== undefined;
    if (last) out = out.slice(0, out.length - last.length);
  }
  return out;
}

const isLegalForm = (keys: readonly string[]) => LEGAL.some((f) => f.length === keys.length && startsWith(keys, f, 0));

/** The name without what stands before its quoted part, when that is a legal form (АҚ «Ақ Алтын»). */
function withoutQuotedLegalForm(name: string): string {
  const m = /^\s*([^«"„“]+?)\s*[«"„“]/.exec(name);
  return m && isLegalForm(wordKeys(m[1])) ? name.slice(m[0].length - 1) : name;
}

// Patronymics (Маратович, Маратовна, Marat uly, kyzy, oğlu, qızı) say little next to name and surname.
const PATRONYMIC = /(ovi|evi)C$|(ov|ev)na?$|^(uli|kisi|ogl[iu])$/;

/** A name that is nothing but a legal form (LLP) identifies no one. */
function identifying(name: string, reading?: Reading): string[] {
  const keys = wordKeys(withoutQuotedLegalForm(name), reading);
  return isLegalForm(keys) ? [] : stripLegalForms(keys).map(canonical);
}

/** The other reading of a name whose letters are ambiguous, if it has one. */
function otherReading(name: string): Reading | undefined {
  const lower = name.toLowerCase();
  if (/[ң]/.test(lower)) return { kazakhNg: true };
  if (/[cx]/.test(lower) && !isTurkicLatin(lower)) return { turkic: true };
  return undefined;
}

/** The words of a party name that identify it, legal forms and filler removed, in the order written. */
export const partyTokens: (name: string) => readonly PartyToken[] = memo(tokensOf, 10_000);

function tokensOf(name: string): readonly PartyToken[] {
  const keys = identifying(name);
  const other = otherReading(name);
  const alts = other ? identifying(name, other) : [];
  return keys.map((key, i) => {
    const weight = WEIGHT.get(key) ?? (key.length === 1 || PATRONYMIC.test(key) ? WEAK : DISTINCTIVE);
    const alt = alts.length === keys.length && alts[i] !== key ? alts[i] : undefined;
    return alt ? { key, weight, alt } : { key, weight };
  });
}

/** A name's words as phonetic keys in the order written, nothing removed (for vessel names). */
export const phoneticWords = (name: string): string[] => rawKeys(name);

/**
 * A canonical skeleton of a party name: the same for spellings of one company in Cyrillic and Latin,
 * with or without its legal form, in any word order. Equal skeletons are an exact match; similar
 * ones are scored by partySimilarity.
 */
export function normaliseParty(name: string): string {
  return partyTokens(name)
    .map((t) => t.key)
    .sort()
    .join(' ');
}
