import { ValidationFailed } from '@cix/contracts';
import { parseStrictXml, refuse, type XmlElement } from './strict-xml.js';
import { WATCHLIST_LIMITS, type EntryName, type WatchlistEntry } from './watchlist-entry.js';

const NAME_PARTS = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'];

const child = (e: XmlElement, name: string) => e.children.find((c) => c.name === name);
const textOf = (e: XmlElement, name: string) => child(e, name)?.text ?? '';

function bounded(value: string, e: XmlElement, field: string): string {
  const v = value.replace(/\s+/g, ' ').trim();
  if (v.length > WATCHLIST_LIMITS.nameLength)
    throw refuse(e.line, field, 'tooLong', `${field} longer than ${WATCHLIST_LIMITS.nameLength} characters`, { limit: WATCHLIST_LIMITS.nameLength });
  return v;
}

function entryOf(e: XmlElement, kind: WatchlistEntry['kind']): WatchlistEntry {
  const tag = kind === 'individual' ? 'INDIVIDUAL' : 'ENTITY';
  const reference = bounded(textOf(e, 'REFERENCE_NUMBER') || textOf(e, 'DATAID'), e, `${tag}/REFERENCE_NUMBER`);
  if (!reference) throw refuse(e.line, tag, 'required', `${tag} without REFERENCE_NUMBER or DATAID`);
  const name = bounded(
    NAME_PARTS.map((p) => textOf(e, p))
      .filter(Boolean)
      .join(' '),
    e,
    `${tag}/FIRST_NAME`,
  );
  if (!name) throw refuse(e.line, `${tag}/FIRST_NAME`, 'required', `${tag} ${reference} has no name`);
  const names: EntryName[] = [{ alias: name, quality: 'primary' }];
  const original = bounded(textOf(e, 'NAME_ORIGINAL_SCRIPT'), e, `${tag}/NAME_ORIGINAL_SCRIPT`);
  if (original) names.push({ alias: original, quality: 'original-script' });
  for (const a of e.children.filter((c) => c.name === `${tag}_ALIAS`)) {
    const alias = bounded(textOf(a, 'ALIAS_NAME'), a, `${tag}_ALIAS/ALIAS_NAME`);
    if (alias) names.push({ alias, quality: bounded(textOf(a, 'QUALITY'), a, `${tag}_ALIAS/QUALITY`).toLowerCase() || 'unknown' });
  }
  if (names.length > WATCHLIST_LIMITS.namesPerEntry)
    throw refuse(e.line, tag, 'tooMany', `${tag} ${reference} has more than ${WATCHLIST_LIMITS.namesPerEntry} names`, {
      limit: WATCHLIST_LIMITS.namesPerEntry,
    });
  const listedOn = textOf(e, 'LISTED_ON');
  if (listedOn && !/^\d{4}-\d{2}-\d{2}/.test(listedOn))
    throw refuse(child(e, 'LISTED_ON')!.line, `${tag}/LISTED_ON`, 'date', `LISTED_ON "${listedOn.slice(0, 40)}" is not a date`);
  return { reference, kind, name, names, ...(listedOn ? { listedOn: listedOn.slice(0, 10) } : {}) };
}

/**
 * The UN Security Council Consolidated List in its published XML shape: CONSOLIDATED_LIST with
 * INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY, names over FIRST_NAME…FOURTH_NAME, aliases with
 * QUALITY and ALIAS_NAME. Elements this import does not use (nationality, addresses …) are read
 * and ignored.
 */
export function parseUnConsolidatedList(xml: string): WatchlistEntry[] {
  const root = parseStrictXml(xml);
  if (root.name !== 'CONSOLIDATED_LIST') throw refuse(root.line, root.name, 'shape', `the document element is <${root.name}>, not <CONSOLIDATED_LIST>`);
  const entries: WatchlistEntry[] = [];
  for (const [group, tag, kind] of [
    ['INDIVIDUALS', 'INDIVIDUAL', 'individual'],
    ['ENTITIES', 'ENTITY', 'entity'],
  ] as const)
    for (const g of root.children.filter((c) => c.name === group)) for (const e of g.children.filter((c) => c.name === tag)) entries.push(entryOf(e, kind));
  return checkedEntries(entries);
}

/** An import must name someone, within bounds, each reference once. */
export function checkedEntries(entries: WatchlistEntry[]): WatchlistEntry[] {
  if (!entries.length) throw new ValidationFailed([{ field: 'body', rule: 'empty', message: 'the file lists no entries' }]);
  if (entries.length > WATCHLIST_LIMITS.entries)
    throw new ValidationFailed([
      { field: 'body', rule: 'tooMany', message: `more than ${WATCHLIST_LIMITS.entries} entries`, params: { limit: WATCHLIST_LIMITS.entries } },
    ]);
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.reference))
      throw new ValidationFailed([
        { field: 'reference', rule: 'duplicate', message: `reference ${e.reference} is listed twice`, params: { reference: e.reference } },
      ]);
    seen.add(e.reference);
  }
  return entries;
}
