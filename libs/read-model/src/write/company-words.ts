import { partyTokens } from '@cix/correlation';

interface Party {
  readonly name: string;
  readonly isPerson?: boolean;
}

/**
 * The words of an alert's company names as the correlation library normalises them (one key for a
 * word in Cyrillic or Latin, legal forms and filler dropped), with each word's other reading where
 * its letters are ambiguous. Persons are never indexed: a name only some callers may read must not
 * be findable by the others.
 */
export function companyWords(parties: readonly Party[] | undefined): string[] {
  const words = new Set<string>();
  for (const p of parties ?? []) {
    if (p.isPerson) continue;
    for (const t of partyTokens(p.name)) {
      words.add(t.key);
      if (t.alt) words.add(t.alt);
    }
  }
  return [...words].sort();
}

/** A searched name's words: each must be among an alert's company words (either reading of it). */
export function searchedCompanyWords(text: string): string[][] {
  return partyTokens(text).map((t) => (t.alt ? [t.key, t.alt] : [t.key]));
}
