import { ValidationFailed } from '@cix/contracts';
import { csvRows, CsvSyntaxError, type CsvRow } from '@cix/platform';
import { checkedEntries } from './un-consolidated-list.xml.js';
import { refuse, refuseForbiddenCharacters } from './strict-xml.js';
import { WATCHLIST_LIMITS, type WatchlistEntry } from './watchlist-entry.js';

/**
 * The generic CSV watch list. Header row required; columns (any order, names case-insensitive):
 *   reference (required, unique) · kind (`individual` or `entity`, required) · name (required) ·
 *   aliases (optional, separated by `;`) · listed_on (optional, YYYY-MM-DD).
 * RFC 4180 quoting (quoted fields, doubled quotes, line breaks inside quotes), CRLF or LF.
 */
export const WATCHLIST_CSV_COLUMNS = ['reference', 'kind', 'name', 'aliases', 'listed_on'] as const;

/** Rows with the line each starts on; a field far longer than any name or a quote never closed is refused. */
function rowsOf(text: string): CsvRow[] {
  try {
    return csvRows(text, { maxField: WATCHLIST_LIMITS.nameLength * 20, strictQuotes: true });
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    throw e.reason === 'tooLong'
      ? refuse(e.line, '', 'tooLong', 'a field far longer than any name', { limit: WATCHLIST_LIMITS.nameLength * 20 })
      : refuse(e.line, '', 'syntax', 'a quoted field is never closed');
  }
}

export function parseWatchlistCsv(input: string): WatchlistEntry[] {
  refuseForbiddenCharacters(input);
  const [header, ...rows] = rowsOf(input.replace(/^\uFEFF/, ''));
  if (!header) throw new ValidationFailed([{ field: 'body', rule: 'empty', message: 'the file is empty' }]);
  const names = header.cells.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !(WATCHLIST_CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length) throw refuse(1, unknown[0], 'unknownColumn', `column "${unknown[0].slice(0, 40)}" is not one of ${WATCHLIST_CSV_COLUMNS.join(', ')}`);
  for (const required of ['reference', 'kind', 'name'])
    if (!names.includes(required)) throw refuse(1, required, 'required', `the header has no "${required}" column`);
  if (rows.length > WATCHLIST_LIMITS.entries)
    throw new ValidationFailed([
      { field: 'body', rule: 'tooMany', message: `more than ${WATCHLIST_LIMITS.entries} entries`, params: { limit: WATCHLIST_LIMITS.entries } },
    ]);
  return checkedEntries(
    rows.map(({ line, cells }) => {
      const get = (c: string) => (cells[names.indexOf(c)] ?? '').replace(/\s+/g, ' ').trim();
      const cell = (c: string) => {
        const v = get(c);
        if (v.length > WATCHLIST_LIMITS.nameLength)
          throw refuse(line, c, 'tooLong', `${c} longer than ${WATCHLIST_LIMITS.nameLength} characters`, { limit: WATCHLIST_LIMITS.nameLength });
        return v;
      };
      const [reference, kind, name, listedOn] = [cell('reference'), cell('kind').toLowerCase(), cell('name'), cell('listed_on')];
      if (!reference || !name) throw refuse(line, reference ? 'name' : 'reference', 'required', `${reference ? 'name' : 'reference'} is empty`);
      if (kind !== 'individual' && kind !== 'entity') throw refuse(line, 'kind', 'kind', `kind "${kind.slice(0, 20)}" is neither individual nor entity`);
      if (listedOn && !/^\d{4}-\d{2}-\d{2}$/.test(listedOn)) throw refuse(line, 'listed_on', 'date', `listed_on "${listedOn.slice(0, 20)}" is not YYYY-MM-DD`);
      const aliases = get('aliases')
        .split(';')
        .map((a) => a.trim())
        .filter(Boolean);
      if (aliases.length + 1 > WATCHLIST_LIMITS.namesPerEntry)
        throw refuse(line, 'aliases', 'tooMany', `more than ${WATCHLIST_LIMITS.namesPerEntry} names`, { limit: WATCHLIST_LIMITS.namesPerEntry });
      for (const a of aliases)
        if (a.length > WATCHLIST_LIMITS.nameLength)
          throw refuse(line, 'aliases', 'tooLong', `an alias longer than ${WATCHLIST_LIMITS.nameLength} characters`, { limit: WATCHLIST_LIMITS.nameLength });
      return {
        reference,
        kind,
        name,
        names: [{ alias: name, quality: 'primary' }, ...aliases.map((alias) => ({ alias, quality: 'alias' }))],
        ...(listedOn ? { listedOn } : {}),
      };
    }),
  );
}
