import { describe, expect, it } from '@jest/globals';
import { ValidationFailed, type FieldError } from '@cix/contracts';
import { translateFieldError } from '@cix/platform';
import { parseUnConsolidatedList } from './un-consolidated-list.xml.js';
import { parseWatchlistCsv } from './watchlist.csv.js';

const refusal = (parse: () => unknown): FieldError => {
  try {
    parse();
  } catch (e) {
    if (e instanceof ValidationFailed) return e.errors[0];
    throw e;
  }
  throw new Error('accepted');
};

const xml = (body: string) => `<?xml version="1.0"?>\n<CONSOLIDATED_LIST>\n${body}\n</CONSOLIDATED_LIST>`;
const entity = (inner: string) => xml(`<ENTITIES><ENTITY><DATAID>1</DATAID><REFERENCE_NUMBER>E.1</REFERENCE_NUMBER>${inner}</ENTITY></ENTITIES>`);

// Watch-list file errors carry a stable rule and its params (line, path, limit): a client renders them
// in its reader's language; the hub's catalogue says them in Russian under Accept-Language: ru.
describe('watch-list file errors: rule and params, in Russian too', () => {
  it.each([
    ['an undefined entity', () => parseUnConsolidatedList(xml('<X>&foo;</X>')), 'entity', 3],
    ['a DOCTYPE', () => parseUnConsolidatedList('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<CONSOLIDATED_LIST/>'), 'doctype', 2],
    ['an unclosed element', () => parseUnConsolidatedList(xml('<ENTITIES>')), 'syntax', 4],
    ['a name too long', () => parseUnConsolidatedList(entity(`<FIRST_NAME>${'A'.repeat(600)}</FIRST_NAME>`)), 'tooLong', 3],
    ['an unknown CSV column', () => parseWatchlistCsv('reference,kind,name,colour\nR1,entity,Acme,red'), 'unknownColumn', 1],
    ['a CSV kind', () => parseWatchlistCsv('reference,kind,name\nR1,vessel,Acme'), 'kind', 2],
    ['a CSV date', () => parseWatchlistCsv('reference,kind,name,listed_on\nR1,entity,Acme,yesterday'), 'date', 2],
  ])('%s', (_what, parse, rule, line) => {
    const e = refusal(parse);
    expect([e.rule, e.params?.line]).toEqual([rule, line]);
    const ru = translateFieldError(e, 'ru').message;
    expect(ru).toMatch(new RegExp(`^строка ${line}\\b`));
    // Nothing of the English sentence is left (names of XML elements, columns and values may stay).
    expect(ru).not.toMatch(/\b(line|is not|longer than|never closed|not accepted|neither|column)\b/);
  });

  it('gives the limit as a parameter, and the Russian message keeps it', () => {
    const e = refusal(() => parseUnConsolidatedList(entity(`<FIRST_NAME>${'A'.repeat(600)}</FIRST_NAME>`)));
    expect(e.params).toEqual({ line: 3, path: expect.stringContaining('FIRST_NAME'), limit: expect.any(Number) });
    expect(translateFieldError(e, 'ru').message).toContain(`длиннее ${e.params!.limit} символов`);
  });
});
