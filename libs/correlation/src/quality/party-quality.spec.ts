import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { PARTY_MATCH_THRESHOLD } from '../party/party-similarity.js';
import { confusion, partyMatchQuality, pickThreshold, type LabelledPair, type ScoredPair } from './party-quality.js';

const pairs = (JSON.parse(readFileSync('libs/correlation/data/party-pairs.json', 'utf8')) as { pairs: LabelledPair[] }).pairs;

describe('the labelled party-name pairs', () => {
  it('hold several hundred pairs, a third of them confusable different companies, in two halves', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(300);
    expect(pairs.filter((p) => p.negative === 'hard').length).toBeGreaterThanOrEqual(pairs.length / 3);
    for (const split of ['tune', 'test'] as const) {
      const half = pairs.filter((p) => p.split === split);
      expect(half.filter((p) => p.same).length).toBeGreaterThan(80);
      expect(half.filter((p) => !p.same).length).toBeGreaterThan(80);
    }
  });
});

describe('party matching quality', () => {
  const quality = partyMatchQuality(pairs);

  it('meets precision ≥ 0.95 and recall ≥ 0.9 on the held-out half, at the threshold tuned on the other', () => {
    expect(quality.test.precision).toBeGreaterThanOrEqual(0.95);
    expect(quality.test.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('finds nearly every same-party pair by a shared blocking key', () => {
    expect(quality.blockingRecall).toBeGreaterThanOrEqual(0.98);
  });

  it('ships the threshold the tune half picks', () => {
    expect(PARTY_MATCH_THRESHOLD).toBe(quality.threshold);
  });
});

describe('pickThreshold', () => {
  const scored = (rows: [number, boolean][]): ScoredPair[] => rows.map(([score, same]) => ({ a: '', b: '', split: 'tune', score, same }));

  it('takes the most recall the precision target allows, halfway into the gap below', () => {
    const rows = scored([
      [1, true],
      [0.9, true],
      [0.8, false],
      [0.7, true],
      [0.6, true],
      [0.5, false],
      [0.4, false],
    ]);
    // At 0.6 precision is 4/5: below 0.97, so the best is 0.9 (2 of 4 found), placed between 0.9 and 0.8.
    expect(pickThreshold(rows)).toBe(0.85);
    expect(pickThreshold(rows, 0.8)).toBe(0.55);
    expect(confusion(rows, 0.55)).toMatchObject({ truePositives: 4, falsePositives: 1, precision: 0.8, recall: 1 });
  });
});
