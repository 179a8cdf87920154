import { describe, expect, it } from '@jest/globals';
import { csvAttachmentHeaders, toCsv } from './csv-export.js';

const lines = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .split('\n')
    .filter(Boolean);

describe('CSV exports', () => {
  it('starts with a UTF-8 BOM and keeps Cyrillic as it is', () => {
    const csv = toCsv(['key', 'count'], [['Героин', 3]]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(lines(csv)).toEqual(['key,count', 'Героин,3']);
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['＝1+1', "'＝1+1"],
    ['AZ>TM>KZ', 'AZ>TM>KZ'],
  ])('a text cell %j is written inert as %j', (cell, written) => {
    const csv = toCsv(['key'], [[cell]]);
    expect(csv.replace(/^\uFEFF/, '')).toBe(`key\n${written}\n`);
  });

  it('negative numbers in numeric columns stay numbers; empty cells stay empty', () => {
    expect(lines(toCsv(['key', 'kg', 'rate'], [['x', -12.5, null]]))).toEqual(['key,kg,rate', 'x,-12.5,']);
  });

  it('the semicolon variant separates cells with ; and writes decimals with a comma', () => {
    expect(
      lines(
        toCsv(
          ['key', 'kg'],
          [
            ['a;b', 12.5],
            ['c', -1],
          ],
          'semicolon',
        ),
      ),
    ).toEqual(['key;kg', '"a;b";12,5', 'c;-1']);
  });

  it('names the attachment with a safe file name and the day', () => {
    const h = csvAttachmentHeaders('cix-trends-seizures-by-"commodity"', new Date('2026-11-30T10:00:00Z'));
    expect(h['Content-Disposition']).toBe('attachment; filename="cix-trends-seizures-by-commodity-2026-11-30.csv"');
    expect(h['Content-Type']).toMatch(/^text\/csv; charset=utf-8/);
  });
});
