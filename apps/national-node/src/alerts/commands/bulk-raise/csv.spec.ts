import { describe, expect, it } from '@jest/globals';
import { ValidationFailed } from '@cix/contracts';
import { CSV_COLUMNS, csvToObjects, parseCsv } from './csv.js';

describe('CSV bulk upload parsing', () => {
  it('handles quotes, doubled quotes, commas and line breaks inside quotes, CRLF', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\r\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
    ]);
  });

  it('maps dotted headers to nested fields, splits lists on ; and reads numbers', () => {
    const [row] = csvToObjects(
      'kind,commodity.category,quantity.value,quantity.unit,containers,distribution.level,distribution.recipients,locode\n' +
        'seizure,drugs,12.5,kg,CSQU 305438-3;MSCU1234565,bilateral,AZ;TM,\n',
    );
    expect(row).toEqual({
      kind: 'seizure',
      commodity: { category: 'drugs' },
      quantity: { value: 12.5, unit: 'kg' },
      containers: ['CSQU 305438-3', 'MSCU1234565'],
      distribution: { level: 'bilateral', recipients: ['AZ', 'TM'] },
    });
  });

  it('accepts exactly the leaf fields of a report as columns, typed from the request DTO', () => {
    expect(Object.fromEntries(CSV_COLUMNS)).toMatchObject({
      kind: 'text',
      'commodity.category': 'text',
      'quantity.value': 'number',
      containers: 'list',
      'route.transit': 'list',
      'distribution.recipients': 'list',
      riskIndicators: 'list',
      'vessel.imo': 'text',
      handlingCode: 'text',
    });
    expect([...CSV_COLUMNS.keys()].filter((c) => /^(parties|commodity$|distribution$)/.test(c))).toEqual([]);
  });

  it('refuses unknown and prototype-addressing columns by name, and builds rows without a prototype', () => {
    let error: unknown;
    try {
      csvToObjects('kind,__proto__.x,constructor.prototype.y,colour\nseizure,a,b,c\n');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors.map((e) => [e.field, e.rule])).toEqual([
      ['__proto__.x', 'unknownColumn'],
      ['constructor.prototype.y', 'unknownColumn'],
      ['colour', 'unknownColumn'],
    ]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    const [row] = csvToObjects('kind,commodity.category\nseizure,drugs\n');
    expect(Object.getPrototypeOf(row)).toBeNull();
    expect(Object.getPrototypeOf(row.commodity)).toBeNull();
  });
});
