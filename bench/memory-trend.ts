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
 * The level of a stretch of samples: the midpoint of its 10th and 90th percentiles. A sawtooth
 * whose period fits in the stretch has the same low and high points in every stretch, whatever its
 * phase (a median would move with the phase); a leak moves both; a few outliers move neither.
 */
export function level(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
  return (at(0.1) + at(0.9)) / 2;
}

/**
 * - `steady`: the level of the last quarter is not above the third quarter's by more than the limit
 *   per minute, or the last quarter itself is not rising;
 * - `levelling off`: still rising, but by at most `slowdown` × the rise of the quarter before (a
 *   cache or a buffer pool filling towards its bound);
 * - `growing`: rising into and through the last quarter at least about as fast as before: a leak;
 * - `too short`: fewer than `minSamplesPerPart` samples in a quarter; no verdict.
 */
export type Verdict = 'steady' | 'levelling off' | 'growing' | 'too short';

export interface TrendVerdict {
  /** Level of each quarter of the run (see `level`): robust to a sawtooth. The first is warm-up. */
  readonly levelsMb: readonly [number, number, number, number];
  /** Rise of the level from the 2nd to the 3rd quarter and from the 3rd to the last, per minute. */
  readonly riseBeforeMbPerMin: number;
  readonly riseMbPerMin: number;
  /** Theil–Sen slope and Mann–Kendall z inside the last quarter. */
  readonly slopeMbPerMin: number;
  readonly z: number;
  /** The last quarter's level: the process's size the limit is relative to. */
  readonly medianMb: number;
  readonly limitMbPerMin: number;
  readonly verdict: Verdict;
  readonly growing: boolean;
}

export interface TrendOptions {
  /** Rises under this are noise whatever the size (default 2 MB/min). */
  readonly minMbPerMin?: number;
  /** Rises under this fraction of the process's size per minute pass (default 0.01: 1 %/min). */
  readonly relPerMin?: number;
  /** A last quarter rising by at most this fraction of the rise before it is levelling off (default 0.5). */
  readonly slowdown?: number;
  readonly minSamplesPerPart?: number;
}

/**
 * Judges the last quarter of a run against the quarter before it; the first quarter is warm-up
 * (heaps, caches, buffer pools and connection pools fill) and only reported. A quarter's level is
 * the midpoint of its 10th and 90th percentiles, so a garbage collector's or a block cache's
 * sawtooth (periods of a minute or two) does not move it, where it would tilt a slope. Growing =
 * the level rose from the second to the third AND from the third to the last quarter by more than
 * the limit per minute each (the larger of `minMbPerMin` and `relPerMin` of the process's size: one
 * step up after a flat or falling quarter is a sawtooth's phase, not a climb) AND the last quarter is
 * itself still rising (its Theil–Sen slope above the limit) AND the rise did not slow to `slowdown`
 * of the one before. An exponential approach to a plateau (time constant up
 * to ~3 min in a 10-minute run) passes; a steady climb fails, also behind a fast warm-up.
 */
export function judgeGrowth(samples: ReadonlyArray<{ readonly tMin: number; readonly mb: number }>, opts: TrendOptions = {}): TrendVerdict {
  const t0 = samples[0]?.tMin ?? 0;
  const span = (samples.at(-1)?.tMin ?? 0) - t0;
  const part = (k: number) => samples.filter((s) => s.tMin - t0 >= (k * span) / 4 && (k === 3 || s.tMin - t0 < ((k + 1) * span) / 4));
  const parts = [part(0), part(1), part(2), part(3)];
  const levelsMb = parts.map((xs) => level(xs.map((s) => s.mb))) as [number, number, number, number];
  const riseBefore = (levelsMb[2] - levelsMb[1]) / (span / 4);
  const rise = (levelsMb[3] - levelsMb[2]) / (span / 4);
  const slope = theilSenSlope(parts[3].map((s) => [s.tMin, s.mb] as const));
  const limit = Math.max(opts.minMbPerMin ?? 2, (opts.relPerMin ?? 0.01) * levelsMb[3]);
  const verdict: Verdict =
    Math.min(...parts.map((p) => p.length)) < (opts.minSamplesPerPart ?? 6)
      ? 'too short'
      : !(rise > limit && slope > limit && riseBefore > limit)
        ? 'steady'
        : rise <= (opts.slowdown ?? 0.5) * riseBefore
          ? 'levelling off'
          : 'growing';
  return {
    levelsMb,
    riseBeforeMbPerMin: riseBefore,
    riseMbPerMin: rise,
    slopeMbPerMin: slope,
    z: mannKendallZ(parts[3].map((s) => s.mb)),
    medianMb: levelsMb[3],
    limitMbPerMin: limit,
    verdict,
    growing: verdict === 'growing',
  };
}
