import type { AlertContent, Party } from '@cix/contracts';
import { blockingKeys } from '../party/blocking-keys.js';
import { beyondBound } from '../party/party-similarity.js';
import { normaliseParty } from '../party/party-name.js';
import { billOfLadingKey, containerKey, imoKey, railWagonKey, vehiclePlateKey, vesselNameKey, type IdentifierKey } from './identifier-keys.js';

export type IdentifierKind = 'container' | 'imo' | 'vessel-name' | 'bill-of-lading' | 'vehicle-plate' | 'rail-wagon';

/** A value of an alert another alert can be matched on. */
export type CorrelationKey =
  | { readonly kind: IdentifierKind; readonly value: string }
  | {
      readonly kind: 'party';
      /** normaliseParty of the name: equal values are the same party without scoring. */
      readonly value: string;
      /** The name as written, for partySimilarity against candidates found by blocking key. */
      readonly name: string;
      readonly role: Party['role'];
      /** A natural person's name is personal data: the hub must treat this key as such. */
      readonly isPerson: boolean;
      readonly blocking: readonly string[];
    };

/**
 * What correlationKeysOf reads. AlertContent has no vehicle plate or wagon number field today; these
 * optional lists are where such fields would arrive, so that adding them to the contract needs no
 * change here.
 */
export type CorrelatableContent = Pick<AlertContent, 'containers' | 'parties'> &
  Partial<Pick<AlertContent, 'vessel' | 'billOfLading'>> & { readonly vehiclePlates?: readonly string[]; readonly railWagons?: readonly string[] };

/**
 * The typed keys present in an alert's content, canonical and without duplicates. Values that fail
 * their format or check digit give no key (see IdentifierKey).
 */
export function correlationKeysOf(content: CorrelatableContent): CorrelationKey[] {
  const keys: CorrelationKey[] = [];
  const seen = new Set<string>();
  const add = (kind: IdentifierKind, result: IdentifierKey) => {
    if (result.ok && !seen.has(`${kind}:${result.value}`)) {
      seen.add(`${kind}:${result.value}`);
      keys.push({ kind, value: result.value });
    }
  };
  for (const c of content.containers ?? []) add('container', containerKey(c));
  if (content.vessel?.imo) add('imo', imoKey(content.vessel.imo));
  if (content.vessel?.name) add('vessel-name', vesselNameKey(content.vessel.name));
  if (content.billOfLading) add('bill-of-lading', billOfLadingKey(content.billOfLading));
  for (const p of content.vehiclePlates ?? []) add('vehicle-plate', vehiclePlateKey(p));
  for (const w of content.railWagons ?? []) add('rail-wagon', railWagonKey(w));
  for (const p of content.parties ?? []) {
    // Longer than any node accepts: only a compromised node signs it, and it is not worth the cost.
    if (beyondBound(p.name)) continue;
    const value = normaliseParty(p.name);
    const id = `party:${p.role}:${value}`;
    if (!value || seen.has(id)) continue;
    seen.add(id);
    keys.push({ kind: 'party', value, name: p.name, role: p.role, isPerson: p.isPerson, blocking: blockingKeys(p.name) });
  }
  return keys;
}
