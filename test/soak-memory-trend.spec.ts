import { describe, expect, it } from '@jest/globals';
import { judgeGrowth, mannKendallZ, theilSenSlope } from '../bench/memory-trend.js';

// A sawtooth like a garbage-collected heap: up 6 MB over 5 samples, then back.
const sawtooth = (i: number) => 150 + (i % 5) * 1.5;

describe('memory trend', () => {
  it('finds the slope through outliers', () => {
    const points = Array.from({ length: 20 }, (_, i) => [i, 3 * i + (i === 7 ? 400 : 0)] as const);
    expect(theilSenSlope(points)).toBeCloseTo(3, 5);
  });

  it('passes a process that settles, sawtooth and all', () => {
    const samples = Array.from({ length: 60 }, (_, i) => ({ tMin: i / 6, mb: sawtooth(i) + (i < 20 ? i : 20) }));
    expect(judgeGrowth(samples).growing).toBe(false);
  });

  it('fails a process that climbs steadily under its sawtooth', () => {
    // 4 MB per minute (samples every 10 s): a leak of ~700 bytes per alert at 100 alerts/s.
    const samples = Array.from({ length: 60 }, (_, i) => ({ tMin: i / 6, mb: sawtooth(i) + (4 * i) / 6 }));
    const v = judgeGrowth(samples);
    expect(v.growing).toBe(true);
    expect(v.slopeMbPerMin).toBeCloseTo(4, 0);
  });

  it('does not call a single late jump a trend', () => {
    const samples = Array.from({ length: 60 }, (_, i) => ({ tMin: i / 6, mb: i === 59 ? 400 : sawtooth(i) }));
    expect(judgeGrowth(samples).growing).toBe(false);
    expect(mannKendallZ([1, 2, 3, 4, 5, 6, 7, 8])).toBeGreaterThan(2.33);
  });
});
