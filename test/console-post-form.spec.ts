import { describe, expect, it } from '@jest/globals';
// The console's own specs cannot sit beside its code (jest leaves apps/web-console to Vite), so the
// posting form's pure logic is tested from here.
import { changesBetween, emptyInput, inputFor, inputOf, messageAtField, toRequest, warningKey } from '../apps/web-console/src/post/form-model.js';
import type { NodeAlert } from '../apps/web-console/src/post/node-types.js';

const stored: NodeAlert = {
  id: '7b0c3a52-4f3e-4a43-9d0c-3f1f2c3b9a11',
  agency: 'KZ',
  version: 2,
  kind: 'seizure',
  unit: 'KZ-AKTAU',
  occurredAt: '2026-11-20T08:00:00.000Z',
  commodity: { category: 'drugs', description: 'heroin in a false floor', hsCode: '293911' },
  quantity: { value: 12.5, unit: 'kg' },
  containers: ['CSQU3054383'],
  vessel: { imo: 'IMO9321483' },
  parties: [{ role: 'driver', name: 'Serik Abenov', isPerson: true, nationality: 'KZ' }],
  recommendedAction: 'inspect',
  handlingCode: 'H1',
  status: 'open',
  distribution: { level: 'bilateral', recipients: ['TM'] },
  raisedAt: '2026-11-20T08:05:00.000Z',
  updatedAt: '2026-11-20T08:05:00.000Z',
  expiresAt: '2027-02-18T08:05:00.000Z',
};

describe('posting form (console)', () => {
  it('sends what the officer typed, canonical where the node is, and leaves empty fields out so the node names what is missing', () => {
    const input = {
      ...emptyInput('KZ-AKTAU'),
      occurredAt: '',
      description: '  ',
      containers: 'csqu 305438-3\nMSKU 123456-7, ',
      transit: 'tm, az',
      imo: 'imo 9321483',
    };
    expect(toRequest(input)).toEqual({
      kind: 'seizure',
      unit: 'KZ-AKTAU',
      // Empty, not absent: the node then names commodity.category and .description, inputs of the form.
      commodity: {},
      containers: ['CSQU3054383', 'MSKU1234567'],
      vessel: { imo: 'IMO 9321483' },
      route: { transit: ['TM', 'AZ'] },
      handlingCode: 'H1',
      distribution: { level: 'regional' },
    });
    expect(toRequest({ ...input, level: 'bilateral', recipients: ['TM'], acknowledged: ['containers.checkDigit'] })).toMatchObject({
      distribution: { level: 'bilateral', recipients: ['TM'] },
      acknowledgedWarnings: ['containers.checkDigit'],
    });
  });

  it('amends only what changed: an emptied optional field is removed with null, an emptied list every report keeps is sent as []', () => {
    const before = inputOf(stored);
    expect(changesBetween(before, inputOf(stored))).toEqual({});
    const after = { ...before, description: 'heroin, 14 kg', recommendedAction: '', containers: '', parties: [] };
    expect(changesBetween(before, after)).toEqual({
      commodity: { category: 'drugs', description: 'heroin, 14 kg', hsCode: '293911' },
      recommendedAction: null,
      containers: [],
      parties: [],
    });
  });

  it("puts each of the node's errors at the input it is about", () => {
    const known = new Set(['containers', 'commodity.hsCode', 'parties[0].name', 'distribution.recipients', 'locode']);
    expect(inputFor('containers[2]', known)).toBe('containers');
    expect(inputFor('changes.commodity.hsCode', known)).toBe('commodity.hsCode');
    expect(inputFor('parties[0].name', known)).toBe('parties[0].name');
    expect(inputFor('distribution.recipients[1]', known)).toBe('distribution.recipients');
    expect(inputFor('changes', known)).toBeUndefined();
    expect(warningKey({ field: 'containers[1]', rule: 'checkDigit', message: '' })).toBe('containers.checkDigit');
  });

  it('shows a message under its input without the field path, which the label already names', () => {
    expect(messageAtField({ field: 'commodity.category', rule: 'isLength', message: 'commodity.category: длина должна быть не меньше 2' })).toBe(
      'длина должна быть не меньше 2',
    );
    // A message about another path (or none) is left whole.
    expect(messageAtField({ field: 'containers[1]', rule: 'checkDigit', message: 'containers[0]: check digit' })).toBe('containers[0]: check digit');
  });
});
