import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { fieldLabel, showValue, type ValueContext } from '../apps/web-console/src/audit/timeline-values.js';

const read = (p: string): unknown => JSON.parse(readFileSync(`apps/web-console/src/${p}`, 'utf8'));
const t = read('audit/locales/en.json') as ValueContext['t'];
const m = read('locales/en.json') as ValueContext['m'];
const x: ValueContext = { lang: 'en', t, m, labels: { en: { agencies: { KZ: 'Kazakhstan' } } } };

// A timeline shows what a node signed: a key or code that happens to name a property every object
// inherits (`constructor`, `toString`) is shown as it is, never as the inherited function.
describe('the auditor timeline labels', () => {
  it('labels known fields and codes', () => {
    expect(showValue('agency', 'KZ', x)).toBe('Kazakhstan');
    expect(showValue('outcome', 'seizure', x)).toBe('Seizure');
  });

  it('shows an inherited property name as itself', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(fieldLabel(t, name)).toBe(name);
      for (const field of ['agency', 'outcome', 'distribution.level', 'kind', 'status']) expect(showValue(field, name, x)).toBe(name);
      expect(showValue('agency', [name], x)).toBe(name);
    }
  });
});
