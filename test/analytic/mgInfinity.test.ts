import { describe, expect, it } from 'vitest';
import {
  meanQueriesRunning,
  memoryExhaustionProbability,
  memoryInUseMean,
  memoryInUseVariance,
} from '../../src/analytic/mgInfinity.js';

/** Poisson(ρ) pmf p_0…p_max by the upward recurrence p_{n} = p_{n−1}·ρ/n, from log p_0 = −ρ (no special functions). */
function poissonPmf(rho: number, max: number): number[] {
  const logs = [-rho];
  for (let n = 1; n <= max; n++) logs.push(logs[n - 1]! + Math.log(rho / n));
  return logs.map(Math.exp);
}

/** P(N ≥ k) summed upward from k (all terms positive, no cancellation). */
function poissonUpperTail(rho: number, k: number): number {
  const pmf = poissonPmf(rho, k + 400 + Math.ceil(10 * rho));
  return pmf.slice(k).reduce((a, b) => a + b, 0);
}

describe('M/G/∞ memory exhaustion', () => {
  it('is the Poisson upper tail P(N ≥ ⌊M/m⌋ + 1), against direct summation', () => {
    for (const [rate, hold, m, capacity] of [
      [10, 0.5, 8, 51.2], // 64 GB with seed 000's 20% overhead, 8 GB queries: K = 6
      [100, 0.02, 4, 51.2], // ρ = 2, K = 12
      [2, 0.25, 16, 51.2], // ρ = 0.5, K = 3
      [3600, 0.01, 1, 120], // ρ = 36, K = 120: about 1e-21
      [50, 1, 3, 3 * 60], // K exactly 60: N·m = M is not exhaustion
    ] as const) {
      const load = { arrivalRate: rate, meanHoldingTime: hold, memoryPerQuery: m };
      const k = Math.floor(capacity / m + 1e-12);
      const exact = poissonUpperTail(rate * hold, k + 1);
      expect(memoryExhaustionProbability(load, capacity) / exact).toBeCloseTo(1, 11);
    }
  });

  it('reproduces a hand value: P(Poisson(5) ≥ 7) = 0.237816537027061 (mpmath)', () => {
    const load = { arrivalRate: 10, meanHoldingTime: 0.5, memoryPerQuery: 8 };
    expect(memoryExhaustionProbability(load, 51.2)).toBeCloseTo(0.237816537027061, 14);
    expect(memoryExhaustionProbability(load, 0)).toBeCloseTo(1 - Math.exp(-5), 15);
  });

  it('mean and variance of memory in use match sums over the Poisson pmf', () => {
    const load = { arrivalRate: 40, meanHoldingTime: 0.1, memoryPerQuery: 6 };
    const pmf = poissonPmf(4, 200);
    const mean = pmf.reduce((s, p, n) => s + p * n * 6, 0);
    const second = pmf.reduce((s, p, n) => s + p * (n * 6) ** 2, 0);
    expect(meanQueriesRunning(load)).toBeCloseTo(4, 14);
    expect(memoryInUseMean(load)).toBeCloseTo(mean, 12);
    expect(memoryInUseVariance(load)).toBeCloseTo(second - mean * mean, 10);
    // Random memory per query with E[m²] = 40 (4 or 8 GB with equal probability, mean 6): λd·E[m²].
    expect(memoryInUseVariance(load, 40)).toBeCloseTo(160, 12);
  });

  it('names bad parameters', () => {
    const load = { arrivalRate: 1, meanHoldingTime: 1, memoryPerQuery: 1 };
    expect(() => memoryExhaustionProbability({ ...load, arrivalRate: 0 }, 10)).toThrow(/^arrivalRate: expected/);
    expect(() => memoryExhaustionProbability(load, -1)).toThrow(/^capacity: expected/);
    expect(() => memoryInUseVariance(load, 0)).toThrow(/^memorySecondMoment: expected/);
  });
});
