import { describe, expect, it } from '@jest/globals';
import { DEFAULT_REFERENCE_DATA, withLabels } from './reference-data.js';

describe('reference labels', () => {
  it('writes quantity units as they read after a number ("3 kg", not "3 Kg")', () => {
    const en = withLabels(DEFAULT_REFERENCE_DATA).labels?.en;
    expect(en?.quantityUnits).toEqual({ kg: 'kg', litres: 'litres', pieces: 'pieces', containers: 'containers' });
    expect(en?.conveyances['sea-container']).toBe('Sea container');
  });
});
