import { describe, expect, it } from '@jest/globals';
import { csvToObjects, parseCsv } from './csv.js';

describe('CSV bulk upload parsing', () => {
  it('handles quotes, doubled quotes, commas and line breaks inside quotes, CRLF', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\r\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"\nthere']]);
  });

  it('maps dotted headers to nested fields, splits lists on ; and reads numbers', () => {
    const [row] = csvToObjects('kind,commodity.category,quantity.value,quantity.unit,containers,distribution.level,distribution.recipients,locode\n' +
      'seizure,drugs,12.5,kg,CSQU 305438-3;MSCU1234565,bilateral,AZ;TM,\n');
    expect(row).toEqual({
      kind: 'seizure', commodity: { category: 'drugs' }, quantity: { value: 12.5, unit: 'kg' },
      containers: ['CSQU 305438-3', 'MSCU1234565'], distribution: { level: 'bilateral', recipients: ['AZ', 'TM'] },
    });
  });
});
