import { describe, expect, it } from 'vitest';
import { backoffCeiling, expectedBackoffDelay, expectedBackoffDelays, expectedTotalBackoff, type BackoffParameters } from '../../src/analytic/backoff.js';
import { deriveStream } from '../../src/random/streams.js';

const of = (jitter: BackoffParameters['jitter'], cap = 10): BackoffParameters => ({ base: 1, multiplier: 2, cap, jitter });

describe('backoff closed forms', () => {
  it('v_k = min(cap, base·multiplier^(k−1)): 1, 2, 4, 8, 10, 10', () => {
    expect([1, 2, 3, 4, 5, 6].map((k) => backoffCeiling(of('none'), k))).toEqual([1, 2, 4, 8, 10, 10]);
  });

  it('none v_k, full v_k/2, equal 3v_k/4 (hand values)', () => {
    expect(expectedBackoffDelay(of('none'), 4)).toBe(8);
    expect(expectedBackoffDelay(of('full'), 4)).toBe(4);
    expect(expectedBackoffDelay(of('equal'), 4)).toBe(6);
    expect(expectedBackoffDelay(of('equal'), 9)).toBe(7.5);
  });

  it('decorrelated without cap: E[d_k] = base·(2·(3/2)^k − 1): 2, 3.5, 5.75, 9.125', () => {
    expect(Array.from(expectedBackoffDelays(of('decorrelated', Infinity), 4))).toEqual([2, 3.5, 5.75, 9.125]);
    // The recursion E[d_k] = (base + 3E[d_{k−1}])/2, by hand: (1 + 3·9.125)/2 = 14.1875.
    expect(expectedBackoffDelay({ base: 1, multiplier: 2, cap: Infinity, jitter: 'decorrelated' }, 5)).toBeCloseTo(14.1875, 12);
  });

  it('decorrelated, cap below 3·base: E[min(C, U(1, 3))] = C − (C − 1)²/4 at k = 1', () => {
    expect(expectedBackoffDelay({ base: 1, multiplier: 2, cap: 2, jitter: 'decorrelated' }, 1)).toBeCloseTo(2 - 1 / 4, 14);
    expect(expectedBackoffDelay({ base: 2, multiplier: 2, cap: 1, jitter: 'decorrelated' }, 3)).toBe(1); // cap < base: always the cap
  });

  it('decorrelated with a binding cap: a finer grid agrees to 1e-6', () => {
    for (const cap of [5, 20, 1000]) {
      const coarse = expectedBackoffDelays(of('decorrelated', cap), 12);
      const fine = expectedBackoffDelays(of('decorrelated', cap), 12, 1 << 18);
      coarse.forEach((x, i) => expect(Math.abs(x - fine[i]!) / fine[i]!).toBeLessThan(1e-6));
      expect(coarse[11]!).toBeLessThan(cap);
    }
  });

  it('decorrelated with a binding cap agrees with a Monte Carlo of the chain (5 standard errors)', () => {
    // The chain d_k = min(cap, base + U·(3d_{k−1} − base)), d_0 = base, simulated directly.
    const cap = 20;
    const n = 100_000;
    const k = 8;
    const rng = deriveStream(2024, 0, 'analytic-backoff', 'decorrelated');
    const sum = new Float64Array(k);
    const sumSq = new Float64Array(k);
    for (let r = 0; r < n; r++) {
      let d = 1;
      for (let j = 0; j < k; j++) {
        d = Math.min(cap, 1 + rng() * (3 * d - 1));
        sum[j]! += d;
        sumSq[j]! += d * d;
      }
    }
    const exact = expectedBackoffDelays(of('decorrelated', cap), k);
    for (let j = 0; j < k; j++) {
      const mean = sum[j]! / n;
      const se = Math.sqrt((sumSq[j]! / n - mean * mean) / n);
      expect(Math.abs(mean - exact[j]!)).toBeLessThan(5 * se);
    }
  });

  it('E[D] = Σ p^k E[d_k] (hand value) and 0 without retries or failures', () => {
    // full jitter, base 1, ×2, cap 10: E[d] = 0.5, 1, 2; p = 0.5: 0.25 + 0.25 + 0.25.
    expect(expectedTotalBackoff(of('full'), 3, 0.5)).toBeCloseTo(0.75, 14);
    expect(expectedTotalBackoff(of('none'), 0, 0.5)).toBe(0);
    expect(expectedTotalBackoff(of('none'), 3, 0)).toBe(0);
    expect(expectedTotalBackoff(of('none'), 2, 1)).toBe(3);
  });

  it('names the parameter it refuses', () => {
    expect(() => backoffCeiling({ ...of('none'), base: 0 }, 1)).toThrow(/base/);
    expect(() => backoffCeiling({ ...of('none'), multiplier: 0.5 }, 1)).toThrow(/multiplier/);
    expect(() => backoffCeiling(of('none'), 0)).toThrow(/k:/);
    expect(() => expectedTotalBackoff(of('none'), 3, 1.5)).toThrow(/p:/);
    expect(() => expectedBackoffDelay(of('decorrelated'), 2, 3)).toThrow(/grid/);
  });
});
