// Exact binomial draws (src/random/binomial.ts): edge cases, and the frequency of every value
// against the binomial pmf (computed independently, by log-gamma), within 5 binomial standard errors.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { logGamma } from '../../src/math/gammaFunctions.js';
import { binomialSample } from '../../src/random/binomial.js';

const pmf = (n: number, p: number, k: number) => Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));

describe('binomialSample', () => {
  it('draws nothing for p = 0, n for p = 1, 0 for n = 0', () => {
    const draw = () => {
      throw new Error('no draw expected');
    };
    expect(binomialSample(10, 0, draw)).toBe(0);
    expect(binomialSample(10, 1, draw)).toBe(10);
    expect(binomialSample(0, 0.3, draw)).toBe(0);
  });

  it('a uniform just below 1 gives at most n (the summed CDF may end below 1)', () => {
    expect(binomialSample(7, 0.4, () => 1 - 2 ** -32)).toBeLessThanOrEqual(7);
    expect(binomialSample(7, 0.4, () => 0)).toBe(0);
  });

  it.each([
    [15, 0.9], // seed 004's 90 % errors in an episode (drawn as n − Binomial(n, 0.1))
    [75, 0.01],
    [500, 0.5], // several chunks of 40 trials
    [40, 0.3],
  ])('Binomial(%i, %f): each value\'s frequency within 5 standard errors of its pmf, the mean within 5', (n, p) => {
    const rng = seedrandom.tychei('binomial');
    const draws = 10000;
    const counts = new Float64Array(n + 1);
    let sum = 0;
    for (let i = 0; i < draws; i++) {
      const k = binomialSample(n, p, () => rng());
      expect(Number.isInteger(k) && k >= 0 && k <= n).toBe(true);
      counts[k] = (counts[k] as number) + 1;
      sum += k;
    }
    for (let k = 0; k <= n; k++) {
      const q = pmf(n, p, k);
      const se = Math.sqrt((q * (1 - q)) / draws);
      expect(Math.abs((counts[k] as number) / draws - q)).toBeLessThanOrEqual(5 * se + 1 / draws);
    }
    expect(Math.abs(sum / draws - n * p)).toBeLessThanOrEqual(5 * Math.sqrt((n * p * (1 - p)) / draws));
  });
});
