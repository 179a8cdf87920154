import { DISTINCTIVE, partyTokens, WEAK } from './party-name.js';
import { consonantSkeleton } from './party-similarity.js';

const MAX_KEYS = 8;

/**
 * A few short keys per party name such that two names partySimilarity would match share at least
 * one: the hub looks candidates up by key in an index instead of scoring history. Each distinctive
 * word gives its consonant skeleton (Aktau → t:AKT); a name with fewer than two distinctive words
 * also gives each pair of its trade words (Caspian Trans Logistics → p:KSP+TRNS …), since one trade
 * word alone would key half the register; and the skeleton start of the whole name covers words
 * written together (Kaspiytrans).
 */
export function blockingKeys(name: string): string[] {
  const tokens = partyTokens(name).filter((t) => t.weight > WEAK);
  if (tokens.length === 0) return [];
  const keys = new Set<string>();
  const distinctive = tokens.filter((t) => t.weight >= DISTINCTIVE && t.key.length > 1);
  for (const t of distinctive) for (const k of t.alt ? [t.key, t.alt] : [t.key]) keys.add(`t:${consonantSkeleton(k)}`);
  if (distinctive.length < 2) {
    const skeletons = [...new Set(tokens.map((t) => consonantSkeleton(t.key)))].sort();
    for (let i = 0; i < skeletons.length; i++) for (let j = i + 1; j < skeletons.length; j++) keys.add(`p:${skeletons[i]}+${skeletons[j]}`);
    if (skeletons.length === 1) keys.add(`p:${skeletons[0]}`);
  }
  keys.add(`j:${consonantSkeleton(tokens.map((t) => t.key).join('')).slice(0, 5)}`);
  return [...keys].slice(0, MAX_KEYS);
}
