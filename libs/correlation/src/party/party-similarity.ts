import { memo } from './memo.js';
import { DISTINCTIVE, partyTokens, WEAK, type PartyToken } from './party-name.js';

/**
 * Scores at or above this are the same party. Picked by pickThreshold on the tune half of
 * data/party-pairs.json (party-quality.spec.ts checks it still is); never set by hand.
 */
export const PARTY_MATCH_THRESHOLD = 0.71;

/** How much a misspelt word counts against a match, against a word missing outright (see partySimilarity). */
export const MISSPELLING_PENALTY = 3;

// prettier-ignore
const CONSONANT_CLASS: Readonly<Record<string, string>> = {
  k: 'K', g: 'K', h: 'K', q: 'K', x: 'K', s: 'S', z: 'S', S: 'S', C: 'S', j: 'S', c: 'S', t: 'T', d: 'T', b: 'P', p: 'P', f: 'F', v: 'F', w: 'F',
};
// ə is written a or e; Turkic ı ү ұ and Kazakh Latin ý are written i, y or u.
const VOWEL_CLASS: Readonly<Record<string, string>> = { a: 'a', e: 'a', i: 'i', u: 'i', o: 'o' };
const isVowel = (ch: string) => ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u';

/**
 * A word's consonants by sound class (k/g/h, s/sh/ch/j, t/d, b/p, f/v), vowels dropped but for a
 * leading one. Spellings of one word share it (Garagum/Karakum, Taşımacılık/Tasimacilik); words
 * that differ by a consonant do not (Deňiz/Demir, Serik/Berik, Altyn/Altai).
 */
export const consonantSkeleton: (key: string) => string = memo(skeletonOf, 20_000);

function skeletonOf(key: string): string {
  let out = isVowel(key[0] ?? '') ? 'A' : '';
  for (const ch of key) {
    if (isVowel(ch)) continue;
    const c = CONSONANT_CLASS[ch] ?? ch.toUpperCase();
    if (!out.endsWith(c)) out += c;
  }
  return out;
}

function substitution(x: string, y: string): number {
  if (x === y) return 0;
  if (isVowel(x) && isVowel(y)) return VOWEL_CLASS[x] === VOWEL_CLASS[y] ? 0.2 : 1;
  if (!isVowel(x) && !isVowel(y) && CONSONANT_CLASS[x] !== undefined && CONSONANT_CLASS[x] === CONSONANT_CLASS[y]) return 0.3;
  return 1;
}
// An i comes and goes with the glide of й/y (Zhumabayev/Zhumabaev); any other letter is a real difference.
const insertion = (ch: string) => (ch === 'i' ? 0.3 : 1);

/** Levenshtein distance where transliteration's usual differences (ə as a or e, g/k, t/d) cost little. */
export function spellingDistance(a: string, b: string): number {
  let prev = [0];
  for (let j = 1; j <= b.length; j++) prev[j] = prev[j - 1] + insertion(b[j - 1]);
  for (let i = 1; i <= a.length; i++) {
    const row = [prev[0] + insertion(a[i - 1])];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + insertion(a[i - 1]), row[j - 1] + insertion(b[j - 1]), prev[j - 1] + substitution(a[i - 1], b[j - 1]));
    }
    prev = row;
  }
  return prev[b.length];
}

/**
 * Two words as spellings of one, in [0, 1]: 0 unless they have the same consonant skeleton (and
 * are not short words or numbers that differ), then 1 less their spelling distance per letter.
 */
export function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (Math.min(a.length, b.length) < 3 || /\d/.test(a + b) || consonantSkeleton(a) !== consonantSkeleton(b)) return 0;
  return Math.max(0, 1 - spellingDistance(a, b) / Math.max(a.length, b.length));
}

function tokenSimilarity(x: PartyToken, y: PartyToken): number {
  let best = wordSimilarity(x.key, y.key);
  if (best < 1 && x.alt) best = Math.max(best, wordSimilarity(x.alt, y.key), y.alt ? wordSimilarity(x.alt, y.alt) : 0);
  if (best < 1 && y.alt) best = Math.max(best, wordSimilarity(x.key, y.alt));
  return best;
}
export const letterClass = (ch: string) => (isVowel(ch) ? 'A' : (CONSONANT_CLASS[ch] ?? ch.toUpperCase()));

/**
 * Rewrites `tokens` towards `other`'s way of writing: neighbours written as one word there become
 * one (Kaspiy Trans / Kaspiytrans), and runs of words become the initials or acronym `other` uses
 * for them (Kazakhstan Temir Zholy / KTZ, Serik Maratovich / S.M.).
 */
function alignWordBoundaries(tokens: readonly PartyToken[], other: readonly PartyToken[]): PartyToken[] {
  const out: PartyToken[] = [];
  const single = (key: string) => tokens.some((t) => t.key === key);
  for (let i = 0; i < tokens.length; i++) {
    const next = tokens[i + 1];
    const joined = next && consonantSkeleton(tokens[i].key + next.key);
    const glued = next && other.find((o) => consonantSkeleton(o.key) === joined && !single(o.key));
    if (glued) {
      out.push({ key: glued.key, weight: Math.max(tokens[i].weight, next.weight) });
      i++;
      continue;
    }
    const acronym = other.find((o) => {
      const run = tokens.slice(i, i + o.key.length);
      return (
        /^[^aeiou]{2,4}$/.test(o.key) && run.length === o.key.length && !single(o.key) && run.every((t, k) => letterClass(t.key[0]) === letterClass(o.key[k]))
      );
    });
    if (acronym) {
      out.push({ key: acronym.key, weight: Math.max(...tokens.slice(i, i + acronym.key.length).map((t) => t.weight)) });
      i += acronym.key.length - 1;
      continue;
    }
    out.push(tokens[i]);
  }
  return out;
}

/**
 * The longest party name a node accepts (PartyDto: 300 characters; UTF-16 units, so twice that).
 * A compromised node can sign longer ones: scoring them costs seconds per pair under the hub's
 * correlation lock, so they match nothing (and get no blocking keys) rather than stall the projection.
 */
export const PARTY_NAME_MAX = 600;
export const beyondBound = (name: string): boolean => typeof name !== 'string' || name.length > PARTY_NAME_MAX;

/**
 * How alike two party names are, in [0, 1], 1 for the same skeleton. After transliteration,
 * phonetic keys and legal forms, each word pairs with its best-sounding counterpart in the other
 * name, in any order. Score = shared / (shared + penalty × misspelt + unmatched), where a shared
 * word counts by how distinctive it is (a trade word such as Trans or Logistics half), a misspelt
 * one by its spelling distance, and an unmatched one in full — a trade word the other name lacks
 * says the business differs (Caspian Trans Logistics / Caspian Trans Shipping).
 */
export function partySimilarity(a: string, b: string): number {
  if (beyondBound(a) || beyondBound(b)) return 0;
  const ta0 = partyTokens(a);
  const tb0 = partyTokens(b);
  const ta = alignWordBoundaries(ta0, tb0);
  const tb = alignWordBoundaries(tb0, ta);
  if (ta.length === 0 || tb.length === 0) return 0;
  const candidates: { i: number; j: number; sim: number }[] = [];
  ta.forEach((x, i) =>
    tb.forEach((y, j) => {
      const sim = tokenSimilarity(x, y);
      if (sim > 0) candidates.push({ i, j, sim });
    }),
  );
  candidates.sort((p, q) => q.sim - p.sim);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let shared = 0;
  let misspelt = 0;
  for (const c of candidates) {
    if (usedA.has(c.i) || usedB.has(c.j)) continue;
    usedA.add(c.i);
    usedB.add(c.j);
    const weight = (ta[c.i].weight + tb[c.j].weight) / 2;
    shared += c.sim * weight;
    misspelt += (1 - c.sim) * weight;
  }
  const unmatched = (tokens: readonly PartyToken[], used: Set<number>) =>
    tokens.reduce((s, t, i) => s + (used.has(i) ? 0 : t.weight > WEAK ? DISTINCTIVE : t.weight), 0);
  return shared / (shared + MISSPELLING_PENALTY * misspelt + unmatched(ta, usedA) + unmatched(tb, usedB));
}

/** The hub's decision: two party names are the same party. */
export const sameParty = (a: string, b: string): boolean => partySimilarity(a, b) >= PARTY_MATCH_THRESHOLD;
