import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_REFERENCE_DATA } from '@cix/contracts';
import { ReferenceDataService } from './reference-data.service.js';

describe('reference data', () => {
  it('a deployment replaces it with a file, no code change: a new unit and category become valid', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cix-ref-')), 'reference.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...DEFAULT_REFERENCE_DATA,
        units: [
          ...DEFAULT_REFERENCE_DATA.units,
          { code: 'KZ-BAUTINO', agency: 'KZ', name: 'PCU Bautino', kind: 'sea-port', locode: null, locodeVerified: false },
        ],
        commodityCategories: [...DEFAULT_REFERENCE_DATA.commodityCategories, { code: 'amber', name: 'Amber', hsChapters: ['25'] }],
      }),
    );
    const ref = ReferenceDataService.load(file);
    expect(ref.unit('KZ-BAUTINO')?.agency).toBe('KZ');
    expect(ref.checkCodes([{ field: 'commodity.category', value: 'amber', list: 'commodityCategories' }])).toEqual([]);
    expect(ReferenceDataService.load().checkCodes([{ field: 'commodity.category', value: 'amber', list: 'commodityCategories' }])[0]).toMatchObject({
      rule: 'referenceData',
    });
  });

  it('refuses a file that lacks one of the lists, naming it', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cix-ref-')), 'reference.json');
    writeFileSync(file, JSON.stringify({ agencies: [] }));
    expect(() => ReferenceDataService.load(file)).toThrow(/lacks the list "units"/);
  });
});
