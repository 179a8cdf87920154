// Party-name matching quality (issue 13) on the labelled pairs in libs/correlation/data: the
// threshold is tuned on the tune half, precision and recall are measured on the held-out test half.
// `node dist/bench/correlation-bench.js` prints the figures as one JSON line.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { partyMatchQuality, type LabelledPair } from '@cix/correlation';

const DATA = 'libs/correlation/data/party-pairs.json';

/** The repository's data file, from bench/ (ts) or dist/bench/ (compiled) alike. */
function dataFile(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, DATA))) return path.join(dir, DATA);
    if (path.dirname(dir) === dir) return DATA;
  }
}

export function loadPartyPairs(file = dataFile()): LabelledPair[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { pairs: LabelledPair[] }).pairs;
}

export interface CorrelationQuality {
  /** Held-out test half, at the threshold tuned on the tune half. */
  readonly precision: number;
  readonly recall: number;
  readonly threshold: number;
  /** Share of same-party pairs (both halves) that share a blocking key. */
  readonly blockingRecall: number;
  /** Labelled pairs in all, of which testPairs were held out. */
  readonly pairs: number;
  readonly testPairs: number;
}

export function correlationQuality(pairs: readonly LabelledPair[] = loadPartyPairs()): CorrelationQuality {
  const q = partyMatchQuality(pairs);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    precision: round(q.test.precision),
    recall: round(q.test.recall),
    threshold: q.threshold,
    blockingRecall: round(q.blockingRecall),
    pairs: q.pairs.tune + q.pairs.test,
    testPairs: q.pairs.test,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(correlationQuality()));
}
