// Whether a series of memory samples keeps growing: robust to the garbage collector's sawtooth and
// to a few outliers (slopes of medians, not a comparison of two samples), and fair to a process that
// fills a bounded cache or buffer pool during the run and then levels off.

/** Theil–Sen slope: the median of the slopes between every pair of samples (per unit of t). */
export function theilSenSlope(points: ReadonlyArray<readonly [number, number]>): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) if (points[j][0] !== points[i][0]) slopes.push((points[j][1] - points[i][1]) / (points[j][0] - points[i][0]));
  return median(slopes);
}

/** Mann–Kendall trend statistic as a z-score (no tie correction): above 2.33 is a rising trend at p < 0.01. */
export function mannKendallZ(values: readonly number[]): number {
  const n = values.length;
  if (n < 3) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(values[j] - values[i]);
  const variance = (n * (n - 1) * (2 * n + 5)) / 18;
  return s === 0 ? 0 : (s - Math.sign(s)) / Math.sqrt(variance);
}

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * - `steady`: no significant rise in the last third, or one under the limit;
 * - `levelling off`: still rising, but at most `slowdown` × the rate of the third before (a cache
 *   or a buffer pool filling towards its bound);
 * - `growing`: rising in the last third at least about as fast as before: what a leak looks like;
 * - `too short`: fewer than `minSamplesPerThird` samples in a third; no verdict.
 */
export type Verdict = 'steady' | 'levelling off' | 'growing' | 'too short';

export interface TrendVerdict {
  /** Theil–Sen slopes of the first (warm-up), middle and last thirds of the run. */
  readonly slopeWarmMbPerMin: number;
  readonly slopeMidMbPerMin: number;
  readonly slopeMbPerMin: number;
  /** Mann–Kendall z of the last third. */
  readonly z: number;
  /** Median of the last third: the process's size the limit is relative to. */
  readonly medianMb: number;
  readonly limitMbPerMin: number;
  readonly verdict: Verdict;
  readonly growing: boolean;
}

export interface TrendOptions {
  /** Slopes under this are noise whatever the size (default 2 MB/min). */
  readonly minMbPerMin?: number;
  /** Slopes under this fraction of the process's size per minute pass (default 0.01: 1 %/min). */
  readonly relPerMin?: number;
  /** A last third rising at most this fraction of the middle third's rate is levelling off (default 0.5). */
  readonly slowdown?: number;
  readonly minSamplesPerThird?: number;
}

/**
 * Judges the last third of a run against the third before it (the first third is warm-up: heaps,
 * caches, buffer pools and connection pools fill). Growing = a significant rising trend in the last
 * third (Mann–Kendall, p < 0.01) AND a Theil–Sen slope above the limit (the larger of `minMbPerMin`
 * and `relPerMin` of the process's size) AND no clear slowdown against the middle third. An
 * exponential approach to a plateau (time constant up to ~4 min in a 10-minute run) passes; a steady
 * climb fails, also when it follows a fast warm-up.
 */
export function judgeGrowth(samples: ReadonlyArray<{ readonly tMin: number; readonly mb: number }>, opts: TrendOptions = {}): TrendVerdict {
  const t0 = samples[0]?.tMin ?? 0;
  const span = (samples.at(-1)?.tMin ?? 0) - t0;
  const third = (k: number) => samples.filter((s) => s.tMin - t0 >= (k * span) / 3 && (k === 2 || s.tMin - t0 < ((k + 1) * span) / 3));
  const [warm, mid, tail] = [third(0), third(1), third(2)];
  const slopeOf = (xs: typeof samples) => theilSenSlope(xs.map((s) => [s.tMin, s.mb] as const));
  const slope = slopeOf(tail);
  const slopeMid = slopeOf(mid);
  const z = mannKendallZ(tail.map((s) => s.mb));
  const medianMb = median(tail.map((s) => s.mb));
  const limit = Math.max(opts.minMbPerMin ?? 2, (opts.relPerMin ?? 0.01) * medianMb);
  const rising = z > 2.33 && slope > limit;
  const verdict: Verdict =
    Math.min(warm.length, mid.length, tail.length) < (opts.minSamplesPerThird ?? 6)
      ? 'too short'
      : !rising
        ? 'steady'
        : slope <= (opts.slowdown ?? 0.5) * slopeMid
          ? 'levelling off'
          : 'growing';
  return {
    slopeWarmMbPerMin: slopeOf(warm),
    slopeMidMbPerMin: slopeMid,
    slopeMbPerMin: slope,
    z,
    medianMb,
    limitMbPerMin: limit,
    verdict,
    growing: verdict === 'growing',
  };
}
