import { describe, expect, it } from 'vitest';
import { lognormal, lognormalMean } from '../../src/analytic/lognormalLatency.js';
import {
  expectedMaximumExponential,
  expectedMaximumIidExponential,
  expectedMaximumLognormal,
  expectedMaximumNormal,
  normalNegativeProbability,
} from '../../src/analytic/parallelRecovery.js';
import { normalCdf, normalPdf } from '../../src/math/normal.js';

describe('expected maximum of normal durations', () => {
  it('reproduces E[max] of n i.i.d. standard normals (Harter 1961 tables; mpmath quad, 30 digits)', () => {
    // n = 2: 1/√π; n = 3: 3/(2√π); n = 4, 5 from mpmath.quad of 1 − Φ^n and Φ^n.
    const known = [0, 1 / Math.sqrt(Math.PI), 3 / (2 * Math.sqrt(Math.PI)), 1.029375373003964, 1.1629644736405196];
    known.forEach((value, i) => {
      const n = i + 1;
      const got = expectedMaximumNormal(Array.from({ length: n }, () => ({ mean: 0, sd: 1 })));
      expect(got).toBeCloseTo(value, 12);
      // Location-scale: E[max(μ + σZ_i)] = μ + σ·E[max Z_i].
      const shifted = expectedMaximumNormal(Array.from({ length: n }, () => ({ mean: 5, sd: 2 })));
      expect(shifted).toBeCloseTo(5 + 2 * value, 11);
    });
  });

  it('agrees with Clark (1961) for two normals with different means and sds', () => {
    for (const [m1, s1, m2, s2] of [
      [5, 2, 3, 1],
      [30, 15, 10, 5],
      [2, 0.5, 30, 15],
      [1, 1e-3, 1, 10],
    ] as const) {
      const theta = Math.hypot(s1, s2);
      const alpha = (m1 - m2) / theta;
      const clark = m1 * normalCdf(alpha) + m2 * normalCdf(-alpha) + theta * normalPdf(alpha);
      const got = expectedMaximumNormal([
        { mean: m1, sd: s1 },
        { mean: m2, sd: s2 },
      ]);
      expect(got / clark).toBeCloseTo(1, 10);
    }
  });

  it('exceeds the largest mean (seed 000\'s "best case parallel") for seed 000\'s recoveries', () => {
    // coordinator_restart (5, 2), reflection_rebuild (30, 15), source_reconnect (2, 0.5) minutes;
    // reference from mpmath.quad at 30 digits: 30.31268655320071.
    const got = expectedMaximumNormal([
      { mean: 5, sd: 2 },
      { mean: 30, sd: 15 },
      { mean: 2, sd: 0.5 },
    ]);
    expect(got / 30.31268655320071).toBeCloseTo(1, 12);
    expect(got).toBeGreaterThan(30);
    expect(expectedMaximumNormal([{ mean: 7, sd: 3 }])).toBeCloseTo(7, 12);
  });

  it('rejects empty lists and non-positive sds', () => {
    expect(() => expectedMaximumNormal([])).toThrow(/^durations: expected/);
    expect(() => expectedMaximumNormal([{ mean: 1, sd: 0 }])).toThrow(/durations\[0\]\.sd/);
  });
});

describe('expected maximum of lognormal durations', () => {
  it('is the mean for one duration', () => {
    for (const d of [lognormal(1, 0.5), lognormal(-2, 2), lognormal(3, 0.01)]) {
      expect(expectedMaximumLognormal([d]) / lognormalMean(d)).toBeCloseTo(1, 12);
    }
  });

  it('matches mpmath quadrature (30 digits, integrated in x and in ln x)', () => {
    const seedQueries = [lognormal(1, 0.5), lognormal(2.3, 0.8), lognormal(3, 1)];
    expect(expectedMaximumLognormal(seedQueries) / 36.685233190165895).toBeCloseTo(1, 11);
    expect(expectedMaximumLognormal([lognormal(0, 1.5), lognormal(0.5, 0.3)]) / 3.8123906707092966).toBeCloseTo(1, 11);
  });

  it('of two i.i.d. lognormals is below twice the mean and above the mean', () => {
    const d = lognormal(0, 1);
    const got = expectedMaximumLognormal([d, d]);
    expect(got).toBeGreaterThan(lognormalMean(d));
    expect(got).toBeLessThan(2 * lognormalMean(d));
  });
});

describe('expected maximum of exponential durations', () => {
  it('is H_n/λ for i.i.d. rates, and the general recursion agrees', () => {
    expect(expectedMaximumIidExponential(1, 2)).toBe(0.5);
    expect(expectedMaximumIidExponential(3, 0.5)).toBeCloseTo((1 + 1 / 2 + 1 / 3) / 0.5, 15);
    expect(expectedMaximumExponential([0.5, 0.5, 0.5])).toBeCloseTo((1 + 1 / 2 + 1 / 3) / 0.5, 14);
    expect(expectedMaximumExponential(Array.from({ length: 12 }, () => 4)) / expectedMaximumIidExponential(12, 4)).toBeCloseTo(
      1,
      14,
    );
  });

  it('matches inclusion–exclusion Σ (−1)^{|S|+1}/Λ_S for distinct rates', () => {
    for (const rates of [[1, 2], [0.1, 1, 10], [0.2, 0.25, 0.5, 1, 3, 12], [12, 20, 60, 30, 6]]) {
      let sum = 0;
      for (let set = 1; set < 2 ** rates.length; set++) {
        let total = 0;
        let size = 0;
        rates.forEach((r, i) => {
          if ((set >> i) & 1) {
            total += r;
            size++;
          }
        });
        sum += (size % 2 === 1 ? 1 : -1) / total;
      }
      expect(expectedMaximumExponential(rates) / sum).toBeCloseTo(1, 12);
    }
    expect(expectedMaximumExponential([1, 2])).toBeCloseTo(1 + 0.5 - 1 / 3, 15);
  });

  it('rejects bad rates', () => {
    expect(() => expectedMaximumExponential([])).toThrow(/^rates: expected/);
    expect(() => expectedMaximumExponential([1, -1])).toThrow(/rates\[1\]/);
    expect(() => expectedMaximumIidExponential(0, 1)).toThrow(/^n: expected/);
  });
});

describe('normalNegativeProbability', () => {
  it('is Φ(−mean/sd) (mpmath ncdf values)', () => {
    expect(normalNegativeProbability(30, 15)).toBeCloseTo(0.022750131948179207, 16); // reflection_rebuild
    expect(normalNegativeProbability(2, 0.5) / 3.167124183311992e-5).toBeCloseTo(1, 14); // source_reconnect
    expect(normalNegativeProbability(5, 2)).toBeCloseTo(0.006209665325776135, 16); // coordinator_restart
    expect(() => normalNegativeProbability(1, 0)).toThrow(/^sd: expected/);
  });
});
