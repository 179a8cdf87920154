import { blockingKeys } from '../party/blocking-keys.js';
import { partySimilarity } from '../party/party-similarity.js';

/** One labelled pair of data/party-pairs.json. */
export interface LabelledPair {
  readonly a: string;
  readonly b: string;
  readonly same: boolean;
  readonly split: 'tune' | 'test';
  readonly negative?: 'hard' | 'easy';
}

export interface ScoredPair extends LabelledPair {
  readonly score: number;
}

export interface Confusion {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
  readonly precision: number;
  readonly recall: number;
}

/** Precision the threshold is tuned to on the tune half: above the 0.95 target, to leave a margin for unseen names. */
export const TUNING_PRECISION = 0.97;

export const scorePairs = (pairs: readonly LabelledPair[]): ScoredPair[] => pairs.map((p) => ({ ...p, score: partySimilarity(p.a, p.b) }));

export function confusion(scored: readonly ScoredPair[], threshold: number): Confusion {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const p of scored) {
    const said = p.score >= threshold;
    if (said && p.same) tp++;
    else if (said) fp++;
    else if (p.same) fn++;
    else tn++;
  }
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
  };
}

/**
 * The threshold that finds the most same-party pairs while keeping precision at `minPrecision` on
 * the pairs given (the tune half), placed halfway into the gap below the lowest score it accepts,
 * so that names scoring a little under the tuned ones are not cut by accident. Rounded to 0.01.
 */
export function pickThreshold(scored: readonly ScoredPair[], minPrecision = TUNING_PRECISION): number {
  const scores = [...new Set(scored.map((p) => p.score))].sort((x, y) => y - x);
  let best: { at: number; recall: number } | undefined;
  for (const at of scores) {
    const c = confusion(scored, at);
    if (c.precision >= minPrecision && (!best || c.recall > best.recall)) best = { at, recall: c.recall };
  }
  if (!best) return 1;
  const below = scores.find((s) => s < best.at) ?? 0;
  return Math.round(((best.at + below) / 2) * 100) / 100;
}

/** Share of same-party pairs whose names have a blocking key in common (found by an index lookup). */
export function blockingRecall(pairs: readonly LabelledPair[]): number {
  const positives = pairs.filter((p) => p.same);
  const found = positives.filter((p) => {
    const keys = new Set(blockingKeys(p.a));
    return blockingKeys(p.b).some((k) => keys.has(k));
  });
  return positives.length === 0 ? 1 : found.length / positives.length;
}

export interface PartyMatchQuality {
  readonly threshold: number;
  readonly tune: Confusion;
  readonly test: Confusion;
  /** Over every same-party pair of both halves: blocking keys are not tuned. */
  readonly blockingRecall: number;
  readonly pairs: { readonly tune: number; readonly test: number };
  /** The test half's mistakes at the tuned threshold, for people to read. */
  readonly testMistakes: readonly ScoredPair[];
}

/** Tunes the threshold on the tune half and measures the held-out test half with it. */
export function partyMatchQuality(pairs: readonly LabelledPair[]): PartyMatchQuality {
  const scored = scorePairs(pairs);
  const tune = scored.filter((p) => p.split === 'tune');
  const test = scored.filter((p) => p.split === 'test');
  const threshold = pickThreshold(tune);
  return {
    threshold,
    tune: confusion(tune, threshold),
    test: confusion(test, threshold),
    blockingRecall: blockingRecall(scored),
    pairs: { tune: tune.length, test: test.length },
    testMistakes: test.filter((p) => p.score >= threshold !== p.same),
  };
}
