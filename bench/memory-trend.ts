// Whether a series of memory samples keeps growing: robust to the garbage collector's sawtooth and
// to a few outliers (a slope of medians, not a comparison of two samples).

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

export interface TrendVerdict {
  readonly slopeMbPerMin: number;
  readonly z: number;
  readonly medianMb: number;
  readonly limitMbPerMin: number;
  readonly growing: boolean;
}

/**
 * Judges the second half of a run (the first half is warm-up: heaps and caches fill). Growing =
 * a significant rising trend (Mann–Kendall, p < 0.01) AND a Theil–Sen slope above the limit
 * (the larger of `minMbPerMin` and `relPerMin` of the median): a process that settles passes,
 * one that climbs steadily fails.
 */
export function judgeGrowth(
  samples: ReadonlyArray<{ readonly tMin: number; readonly mb: number }>,
  opts: { minMbPerMin?: number; relPerMin?: number } = {},
): TrendVerdict {
  const half = samples.slice(Math.floor(samples.length / 2));
  const slope = theilSenSlope(half.map((s) => [s.tMin, s.mb] as const));
  const z = mannKendallZ(half.map((s) => s.mb));
  const medianMb = median(half.map((s) => s.mb));
  const limit = Math.max(opts.minMbPerMin ?? 2, (opts.relPerMin ?? 0.01) * medianMb);
  return { slopeMbPerMin: slope, z, medianMb, limitMbPerMin: limit, growing: half.length >= 6 && z > 2.33 && slope > limit };
}
