import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { ValidationFailed } from '@cix/contracts';
import { parseUnConsolidatedList } from './un-consolidated-list.xml.js';
import { parseWatchlistCsv } from './watchlist.csv.js';

const fixture = (name: string) => readFileSync(new URL(`../../../../../test/fixtures/watchlists/${name}`, import.meta.url), 'utf8');

/** The 400's message, or a failure if the input was accepted. */
function refusal(parse: () => unknown): string {
  try {
    parse();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationFailed);
    return (e as ValidationFailed).message;
  }
  throw new Error('accepted');
}

const list = (body: string) => `<?xml version="1.0"?>\n<CONSOLIDATED_LIST>\n<ENTITIES>\n${body}\n</ENTITIES>\n</CONSOLIDATED_LIST>`;
const entity = (name: string, ref = 'X.1') => `<ENTITY><DATAID>1</DATAID><FIRST_NAME>${name}</FIRST_NAME><REFERENCE_NUMBER>${ref}</REFERENCE_NUMBER></ENTITY>`;

describe('the UN consolidated list reader', () => {
  it('reads individuals and entities: names over FIRST…FOURTH_NAME, the original script and every alias with its quality', () => {
    const entries = parseUnConsolidatedList(fixture('un-consolidated-list-v1.xml'));
    expect(entries.map((e) => [e.reference, e.kind])).toEqual([
      ['TSi.001', 'individual'],
      ['TSi.002', 'individual'],
      ['TSi.003', 'individual'],
      ['TSe.001', 'entity'],
      ['TSe.002', 'entity'],
      ['TSe.003', 'entity'],
    ]);
    expect(entries[0]).toEqual({
      reference: 'TSi.001',
      kind: 'individual',
      name: 'SERIK NURLANOVICH ABENOV',
      listedOn: '2024-05-14',
      names: [
        { alias: 'SERIK NURLANOVICH ABENOV', quality: 'primary' },
        { alias: 'Серик Нурланович Абенов', quality: 'original-script' },
        { alias: 'Serik Abenov', quality: 'good' },
        { alias: 'Seka', quality: 'low' },
      ],
    });
    expect(entries[5].names).toContainEqual({ alias: 'Turkmen Ship Service & Supply', quality: 'f.k.a.' });
  });

  it('falls back to DATAID when an entry has no REFERENCE_NUMBER, and reads CDATA', () => {
    const [e] = parseUnConsolidatedList(list('<ENTITY><DATAID>991</DATAID><FIRST_NAME><![CDATA[A & B Trading]]></FIRST_NAME></ENTITY>'));
    expect(e).toMatchObject({ reference: '991', name: 'A & B Trading' });
  });

  it('refuses a DOCTYPE or an entity declaration before anything is expanded, naming the line', () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n<CONSOLIDATED_LIST>&lol2;</CONSOLIDATED_LIST>`;
    expect(refusal(() => parseUnConsolidatedList(bomb))).toMatch(/line 2: DOCTYPE and entity declarations are not accepted/);
    const external = `<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "file:///etc/passwd">\n<CONSOLIDATED_LIST/>`;
    expect(refusal(() => parseUnConsolidatedList(external))).toMatch(/line 2: DOCTYPE/);
    expect(refusal(() => parseUnConsolidatedList(list(entity('&xxe;'))))).toMatch(/line 4: entity &xxe; is not defined/);
  });

  it('refuses NUL, lone surrogates and undecodable bytes with the line they are on', () => {
    expect(refusal(() => parseUnConsolidatedList(list(entity('Bad\u0000Name'))))).toMatch(/line 4: a NUL character is not accepted/);
    expect(refusal(() => parseUnConsolidatedList(list(`\n${entity('Half \ud800 pair')}`)))).toMatch(/line 5: a lone surrogate/);
    expect(refusal(() => parseUnConsolidatedList(list(entity('&#0;'))))).toMatch(/line 4: character reference &#0;/);
    expect(refusal(() => parseUnConsolidatedList(list(entity('&#xDC00;'))))).toMatch(/line 4: character reference/);
    expect(refusal(() => parseUnConsolidatedList(list(entity('Bad \uFFFD byte'))))).toMatch(/line 4: bytes that are not UTF-8/);
  });

  it('bounds depth, text and names; refuses malformed documents and the wrong document element', () => {
    const deep = `<CONSOLIDATED_LIST>${'<a>'.repeat(50)}${'</a>'.repeat(50)}</CONSOLIDATED_LIST>`;
    expect(refusal(() => parseUnConsolidatedList(deep))).toMatch(/nested deeper than 8/);
    expect(refusal(() => parseUnConsolidatedList(list(entity('x'.repeat(5000)))))).toMatch(/longer than 4000 characters/);
    expect(refusal(() => parseUnConsolidatedList(list(entity('y'.repeat(600)))))).toMatch(/longer than 500 characters/);
    expect(refusal(() => parseUnConsolidatedList(list('<ENTITY><FIRST_NAME>Open</ENTITY>')))).toMatch(/line 4: end tag <\/ENTITY> does not close <FIRST_NAME>/);
    expect(refusal(() => parseUnConsolidatedList('<CONSOLIDATED_LIST>\n<ENTITIES>'))).toMatch(/never closed/);
    expect(refusal(() => parseUnConsolidatedList('<html><body/></html>'))).toMatch(/not <CONSOLIDATED_LIST>/);
    expect(refusal(() => parseUnConsolidatedList(list(entity('A & B'))))).toMatch(/bare "&"/);
    expect(refusal(() => parseUnConsolidatedList(list(entity('Twice') + entity('Again'))))).toMatch(/reference X.1 is listed twice/);
    expect(refusal(() => parseUnConsolidatedList(list('')))).toMatch(/lists no entries/);
    expect(refusal(() => parseUnConsolidatedList(list('<ENTITY><FIRST_NAME>No ref</FIRST_NAME></ENTITY>')))).toMatch(/without REFERENCE_NUMBER or DATAID/);
  });
});

describe('the generic CSV watch list', () => {
  it('reads reference, kind, name, aliases (;) and listed_on; a formula-like name is only text', () => {
    const entries = parseWatchlistCsv(fixture('watchlist.csv'));
    expect(entries).toHaveLength(3);
    expect(entries[0]).toEqual({
      reference: 'NAT-0001',
      kind: 'entity',
      name: 'Aktau Bunker Service LLP',
      listedOn: '2025-04-02',
      names: [
        { alias: 'Aktau Bunker Service LLP', quality: 'primary' },
        { alias: 'ТОО «Актау Бункер Сервис»', quality: 'alias' },
        { alias: 'Aktau Bunker Servis', quality: 'alias' },
      ],
    });
    expect(entries[2].name).toBe('=HYPERLINK("http://example.invalid","Formula Trading")');
  });

  it('refuses unknown columns, missing fields, bad kinds and dates, and NUL, naming the line', () => {
    expect(refusal(() => parseWatchlistCsv('reference,kind,name,secret\n1,entity,A,b'))).toMatch(/line 1: column "secret"/);
    expect(refusal(() => parseWatchlistCsv('reference,name\n1,A'))).toMatch(/no "kind" column/);
    expect(refusal(() => parseWatchlistCsv('reference,kind,name\n1,entity,A\n2,vessel,B'))).toMatch(/line 3: kind "vessel"/);
    expect(refusal(() => parseWatchlistCsv('reference,kind,name,listed_on\n1,entity,A,yesterday'))).toMatch(/line 2: listed_on/);
    expect(refusal(() => parseWatchlistCsv('reference,kind,name\n1,entity,A\n2,entity,"multi\nline"\n3,entity,B\u0000'))).toMatch(/line 5: a NUL character/);
    expect(refusal(() => parseWatchlistCsv('reference,kind,name\n1,entity,"never closed'))).toMatch(/never closed/);
  });
});
