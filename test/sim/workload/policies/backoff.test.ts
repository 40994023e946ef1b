import { describe, expect, it } from 'vitest';
import { expectedBackoffDelays } from '../../../../src/analytic/backoff.js';
import { LARGEST_DRAW, type Stream } from '../../../../src/random/Stream.js';
import { deriveStream } from '../../../../src/random/streams.js';
import type { BackoffSpec } from '../../../../src/scenario/workloadSpec.js';
import { Backoff } from '../../../../src/sim/workload/policies/backoff.js';

const spec = (jitter: BackoffSpec['jitter'], cap = 10): BackoffSpec => ({ base: 1, multiplier: 2, cap, jitter });

/** A stream that returns `value` and counts its calls. */
function counting(value: number): Stream & { calls: number } {
  const s = Object.assign(() => {
    s.calls++;
    return value;
  }, { calls: 0 });
  return s;
}

/** n draws of retry k's delay (a fresh decorrelated chain is walked up to k each time). */
function draws(b: Backoff, k: number, n: number, rng: Stream): { mean: number; se: number; min: number; max: number } {
  let sum = 0;
  let sumSq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    let d = b.base;
    for (let j = 1; j <= k; j++) d = b.delay(j, d, rng);
    sum += d;
    sumSq += d * d;
    min = Math.min(min, d);
    max = Math.max(max, d);
  }
  const mean = sum / n;
  return { mean, se: Math.sqrt((sumSq / n - mean * mean) / n), min, max };
}

describe('Backoff', () => {
  it('none: v_k = 1, 2, 4, 8, 10, 10 with no draw', () => {
    const rng = counting(0.5);
    const b = new Backoff(spec('none'));
    expect([1, 2, 3, 4, 5, 6].map((k) => b.delay(k, 0, rng))).toEqual([1, 2, 4, 8, 10, 10]);
    expect(rng.calls).toBe(0);
  });

  it('full, equal, decorrelated: exactly one draw per delay, and their extremes', () => {
    // U = 0: full 0, equal v/2, decorrelated base; U → 1: full → v, equal → v, decorrelated → min(cap, 3·previous).
    for (const [jitter, low, high] of [
      ['full', 0, 8],
      ['equal', 4, 8],
    ] as const) {
      const zero = counting(0);
      const top = counting(LARGEST_DRAW);
      const b = new Backoff(spec(jitter));
      expect(b.delay(4, 0, zero)).toBe(low);
      expect(b.delay(4, 0, top)).toBeLessThan(high);
      expect(b.delay(4, 0, top)).toBeGreaterThan(high - 1e-8);
      expect(zero.calls + top.calls).toBe(3);
    }
    const d = new Backoff(spec('decorrelated'));
    const zero = counting(0);
    const top = counting(LARGEST_DRAW);
    expect(d.delay(1, 1, zero)).toBe(1);
    expect(d.delay(1, 1, top)).toBeCloseTo(3, 8); // U(base, 3·base) for k = 1 (previous = base)
    expect(d.delay(2, 3, top)).toBeCloseTo(9, 7);
    expect(d.delay(3, 9, top)).toBe(10); // capped
    expect(zero.calls + top.calls).toBe(4);
  });

  it('bounds hold over many draws: full in [0, v), equal in [v/2, v), decorrelated in [base, cap]', () => {
    const rng = deriveStream(7, 0, 'backoff', 'bounds');
    for (let k = 1; k <= 6; k++) {
      const v = Math.min(10, 2 ** (k - 1));
      const f = draws(new Backoff(spec('full')), k, 2000, rng);
      expect(f.min).toBeGreaterThanOrEqual(0);
      expect(f.max).toBeLessThan(v);
      const e = draws(new Backoff(spec('equal')), k, 2000, rng);
      expect(e.min).toBeGreaterThanOrEqual(v / 2);
      expect(e.max).toBeLessThan(v);
      const d = draws(new Backoff(spec('decorrelated')), k, 2000, rng);
      expect(d.min).toBeGreaterThanOrEqual(1);
      expect(d.max).toBeLessThanOrEqual(10);
    }
  });

  it('full jitter: mean v_k/2 within 5 standard errors (σ = v_k/√12)', () => {
    const rng = deriveStream(11, 0, 'backoff', 'full-mean');
    const b = new Backoff(spec('full'));
    const n = 200_000;
    for (const k of [1, 3, 5]) {
      const v = b.ceiling(k);
      expect(Math.abs(draws(b, k, n, rng).mean - v / 2)).toBeLessThan((5 * v) / Math.sqrt(12 * n));
    }
  });

  it('equal jitter: mean 3v_k/4 within 5 standard errors (σ = v_k/√48)', () => {
    const rng = deriveStream(11, 0, 'backoff', 'equal-mean');
    const b = new Backoff(spec('equal'));
    const n = 200_000;
    for (const k of [2, 6]) {
      const v = b.ceiling(k);
      expect(Math.abs(draws(b, k, n, rng).mean - (3 * v) / 4)).toBeLessThan((5 * v) / Math.sqrt(48 * n));
    }
  });

  it('decorrelated jitter: mean base·(2·(3/2)^k − 1) uncapped, and the capped chain of analytic/backoff, within 5 standard errors', () => {
    const rng = deriveStream(11, 0, 'backoff', 'decorrelated-mean');
    const n = 100_000;
    const free = new Backoff(spec('decorrelated', Infinity));
    for (const k of [1, 2, 4]) {
      const s = draws(free, k, n, rng);
      expect(Math.abs(s.mean - (2 * 1.5 ** k - 1))).toBeLessThan(5 * s.se);
    }
    const capped = new Backoff(spec('decorrelated', 10));
    const exact = expectedBackoffDelays(spec('decorrelated', 10), 6);
    for (const k of [3, 6]) {
      const s = draws(capped, k, n, rng);
      expect(Math.abs(s.mean - exact[k - 1]!)).toBeLessThan(5 * s.se);
    }
  });

  it('names the parameter it refuses', () => {
    expect(() => new Backoff({ ...spec('full'), base: -1 })).toThrow(/base/);
    expect(() => new Backoff({ ...spec('full'), multiplier: Number.NaN })).toThrow(/multiplier/);
    expect(() => new Backoff({ ...spec('full'), cap: 0 })).toThrow(/cap/);
    expect(() => new Backoff({ ...spec('full'), jitter: 'half' as BackoffSpec['jitter'] })).toThrow(/jitter/);
  });
});
