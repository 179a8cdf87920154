import { describe, expect, it } from '@jest/globals';
import { correlationKeysOf } from '../keys/correlation-keys.js';
import { blockingKeys } from './blocking-keys.js';
import { partySimilarity } from './party-similarity.js';

// A compromised node signs whatever it likes: the hub bounds nothing else about a party's name.
// One name of 10,000 words scored against ordinary names took ~1.5 s per pair, under the global
// correlation lock, with hundreds of candidates per blocking key: every agency's projection stalled.
const hostile = Array.from({ length: 10_000 }, (_, i) => `Kaspiy${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i * 7) % 26))}`).join(' ');

describe('party names longer than any node accepts', () => {
  it('are scored at once, as matching nothing', () => {
    const started = performance.now();
    const scores = ['Kaspiy Trans Logistik LLP', 'Caspian Shipping Company', 'Baku Steel LLC'].map((n) => partySimilarity(hostile, n));
    expect(scores).toEqual([0, 0, 0]);
    expect(partySimilarity('Kaspiy Trans Logistik LLP', hostile)).toBe(0);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('give no blocking keys (they find no candidates to score)', () => {
    const started = performance.now();
    expect(blockingKeys(hostile)).toEqual([]);
    const keys = correlationKeysOf({ containers: [], parties: [{ role: 'shipper', isPerson: false, name: hostile }] });
    expect(keys.flatMap((k) => (k.kind === 'party' ? k.blocking : []))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('still match when within the bound (300 characters)', () => {
    expect(partySimilarity('ТОО «Каспий Транс Логистик»', 'Kaspiy Trans Logistik LLP')).toBeGreaterThan(0.8);
    expect(blockingKeys(`Kaspiy Trans Logistik ${'x'.repeat(270)}`).length).toBeGreaterThan(0);
  });
});
