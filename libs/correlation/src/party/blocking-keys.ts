import { DISTINCTIVE, partyTokens, WEAK } from './party-name.js';
import { beyondBound, consonantSkeleton, letterClass } from './party-similarity.js';

// Enough for a name of five words without a distinctive one (ten pairs) plus its other keys.
const MAX_KEYS = 16;

/**
 * A few short keys per party name such that two names partySimilarity would match share at least
 * one: the hub looks candidates up by key in an index instead of scoring history. Each distinctive
 * word gives its consonant skeleton (Aktau → t:AKT); a name with fewer than two distinctive words
 * also gives each pair of its trade words (Caspian Trans Logistics → p:KSP+TRNS …), since one trade
 * word alone would key half the register; and the skeleton start of the whole name covers words
 * written together (Kaspiytrans); initials and acronyms give their letters' classes (i:KTS).
 */
export function blockingKeys(name: string): string[] {
  if (beyondBound(name)) return [];
  const tokens = partyTokens(name).filter((t) => t.weight > WEAK);
  if (tokens.length === 0) return [];
  const keys = new Set<string>();
  const distinctive = tokens.filter((t) => t.weight >= DISTINCTIVE && t.key.length > 1);
  for (const t of distinctive) for (const k of t.alt ? [t.key, t.alt] : [t.key]) keys.add(`t:${consonantSkeleton(k)}`);
  keys.add(`j:${consonantSkeleton(tokens.map((t) => t.key).join('')).slice(0, 5)}`);
  // Initials, so an acronym finds the name it abbreviates (KTZ, Kazakhstan Temir Zholy).
  for (const t of tokens) if (/^[^aeiou]{2,4}$/.test(t.key)) keys.add(`i:${[...t.key].map(letterClass).join('')}`);
  if (tokens.length >= 3 && tokens.length <= 4) keys.add(`i:${tokens.map((t) => letterClass(t.key[0])).join('')}`);
  if (distinctive.length < 2) {
    const skeletons = [...new Set(tokens.map((t) => consonantSkeleton(t.key)))].sort();
    for (let i = 0; i < skeletons.length; i++) for (let j = i + 1; j < skeletons.length; j++) keys.add(`p:${skeletons[i]}+${skeletons[j]}`);
    if (skeletons.length === 1) keys.add(`p:${skeletons[0]}`);
  }
  return [...keys].slice(0, MAX_KEYS);
}
