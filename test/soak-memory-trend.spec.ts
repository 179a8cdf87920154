import { describe, expect, it } from '@jest/globals';
import { judgeGrowth, mannKendallZ, theilSenSlope } from '../bench/memory-trend.js';

// Synthetic 10-minute runs sampled every 5 s (121 samples), as `npm run soak` takes them, with a
// seeded noise so that every run of the spec sees the same series.
function run(shape: (tMin: number) => number, { minutes = 10, everySeconds = 5, noiseMb = 3, seed = 7 } = {}) {
  let x = seed;
  const noise = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return (x / 2 ** 31 - 0.5) * 2 * noiseMb;
  };
  const samples: Array<{ tMin: number; mb: number }> = [];
  for (let s = 0; s <= minutes * 60; s += everySeconds) samples.push({ tMin: s / 60, mb: shape(s / 60) + noise() });
  return samples;
}
/** A cache or buffer pool filling towards its bound: `size` MB more, time constant `tau` minutes. */
const plateau = (base: number, size: number, tau: number) => (t: number) => base + size * (1 - Math.exp(-t / tau));
/** The garbage collector's sawtooth: climbs `amplitude` MB over `periodMin`, then drops. */
const sawtooth = (amplitude: number, periodMin: number) => (t: number) => amplitude * ((t % periodMin) / periodMin);

describe('judgeGrowth', () => {
  it('passes a flat process with noise and outliers', () => {
    const samples = run(() => 180);
    samples[100].mb += 60;
    samples[110].mb += 60;
    expect(judgeGrowth(samples).verdict).toBe('steady');
  });

  it('passes a process that fills a bounded pool during warm-up and levels off (PostgreSQL shared buffers, a journal)', () => {
    for (const tau of [0.5, 1, 2, 2.5]) expect(judgeGrowth(run(plateau(50, 170, tau))).growing).toBe(false);
  });

  it('calls a process still approaching its plateau at the end "levelling off", not growing', () => {
    const v = judgeGrowth(run(plateau(50, 170, 2.8)));
    expect(v.verdict).toBe('levelling off');
    expect(v.riseMbPerMin).toBeGreaterThan(v.limitMbPerMin);
  });

  it('passes a process that steps up once (a pool grown in the middle of the run) and stays there', () => {
    expect(judgeGrowth(run((t) => (t < 5 ? 150 : 190))).verdict).toBe('steady');
  });

  it('passes a sawtooth on a flat base, whatever its phase at the end (V8 heaps, nats-server 8 MB block caches)', () => {
    for (const period of [0.9, 1.3, 1.7, 2.2])
      for (const shift of [0, 0.4, 0.8]) expect(judgeGrowth(run((t) => 160 + sawtooth(60, period)(t + shift))).growing).toBe(false);
  });

  it('fails a process that grows steadily (a leak)', () => {
    const v = judgeGrowth(run((t) => 150 + 5 * t));
    expect(v.verdict).toBe('growing');
    expect(v.riseMbPerMin).toBeCloseTo(5, 0);
  });

  it('fails a steady leak behind a fast warm-up: the last quarter is compared with the one before, not with the warm-up', () => {
    expect(judgeGrowth(run(plateau(50, 120, 0.7))).verdict).toBe('steady');
    expect(judgeGrowth(run((t) => plateau(50, 120, 0.7)(t) + 4 * t)).verdict).toBe('growing');
  });

  it('fails a leak under the garbage collector sawtooth', () => {
    expect(judgeGrowth(run((t) => 160 + sawtooth(40, 1.3)(t) + 6 * t)).verdict).toBe('growing');
  });

  it('fails a store that grows with its data for the whole run (unbounded retention)', () => {
    expect(judgeGrowth(run((t) => 14 + 8 * t, { noiseMb: 1 })).verdict).toBe('growing');
  });

  it('measures the limit relative to the size: 3 MB/min is noise for a 1 GB process, a leak for a 100 MB one', () => {
    expect(judgeGrowth(run((t) => 1000 + 3 * t)).verdict).toBe('steady');
    expect(judgeGrowth(run((t) => 100 + 3 * t)).verdict).toBe('growing');
  });

  it('does not call a step up in the last quarter after a flat or falling one a climb (the soak of 2026-12-01 03:48: node-AZ 186 / 173 / 173 / 186 MB)', () => {
    const zigzag = (levels: number[]) => (t: number) => levels[Math.min(3, Math.floor(t / 2.5))] + (t % 2.5 > 1.8 ? 8 * ((t % 2.5) - 1.8) : 0);
    expect(judgeGrowth(run(zigzag([186, 173, 173, 186]))).growing).toBe(false);
    expect(judgeGrowth(run(zigzag([191, 219, 186, 218]))).growing).toBe(false);
    // Rising into the third quarter and again, as fast, through the fourth is a climb.
    expect(judgeGrowth(run((t) => 180 + (t > 5 ? 6 * (t - 5) : 0))).verdict).toBe('growing');
  });

  it('does not call a single late jump a trend', () => {
    const samples = run(() => 150);
    samples[samples.length - 1].mb = 400;
    expect(judgeGrowth(samples).growing).toBe(false);
  });

  it('gives no verdict on too few samples', () => {
    const v = judgeGrowth(run((t) => 100 + 50 * t, { minutes: 1 }));
    expect(v.verdict).toBe('too short');
    expect(v.growing).toBe(false);
  });
});

describe('trend statistics', () => {
  it('Theil–Sen ignores a minority of outliers', () => {
    const points = Array.from({ length: 20 }, (_, i) => [i, 2 * i + (i % 7 === 0 ? 500 : 0)] as const);
    expect(theilSenSlope(points)).toBeCloseTo(2, 5);
  });

  it('Mann–Kendall is significant for a monotone rise, not for alternation', () => {
    expect(mannKendallZ(Array.from({ length: 30 }, (_, i) => i))).toBeGreaterThan(2.33);
    expect(Math.abs(mannKendallZ(Array.from({ length: 30 }, (_, i) => i % 2)))).toBeLessThan(2.33);
  });
});
