// The log-spaced bin layout: edges exact and increasing, binOf consistent with them for every
// double, and the quantile of a known sample in the bin of the sample's own quantile.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BIN_COUNT,
  HISTOGRAM_MAX,
  HISTOGRAM_MIN,
  OVERFLOW_BIN,
  SUB_BUCKETS,
  binOf,
  histogramQuantile,
  lowerEdge,
  upperEdge,
  withinBin,
} from '../../src/stats/LogHistogram.js';
import { mulberry32 } from '../support/helpers.js';

describe('LogHistogram layout', () => {
  it('has 16 sub-buckets over 54 powers of two, an underflow and an overflow bin', () => {
    expect(SUB_BUCKETS).toBe(16);
    expect(BIN_COUNT).toBe(2 + 54 * 16);
    expect([lowerEdge(0), upperEdge(0), lowerEdge(1)]).toEqual([0, 2 ** -40, 2 ** -40]);
    expect([lowerEdge(OVERFLOW_BIN), upperEdge(OVERFLOW_BIN)]).toEqual([2 ** 14, Infinity]);
    expect([HISTOGRAM_MIN, HISTOGRAM_MAX]).toEqual([2 ** -40, 2 ** 14]);
  });

  it('has exact edges 2^e·(1 + j/16), increasing, each bin at most 1/16 of its lower edge wide', () => {
    for (let b = 1; b < OVERFLOW_BIN; b++) {
      const k = Math.floor((b - 1) / 16);
      const j = (b - 1) % 16;
      expect(lowerEdge(b)).toBe(2 ** (-40 + k) * (1 + j / 16));
      expect(upperEdge(b)).toBe(lowerEdge(b + 1));
      expect(upperEdge(b)).toBeGreaterThan(lowerEdge(b));
      expect((upperEdge(b) - lowerEdge(b)) / lowerEdge(b)).toBeLessThanOrEqual(1 / 16);
    }
  });

  it('puts every edge in its own bin and the double below it in the bin before', () => {
    for (let b = 1; b <= OVERFLOW_BIN; b++) {
      const edge = lowerEdge(b);
      expect(binOf(edge)).toBe(b);
      const below = edge * (1 - 2 ** -53); // the largest double below a power-of-two multiple
      expect(binOf(below)).toBe(b - 1);
    }
  });

  it('sends negatives to bin 0 and NaN, +∞ to the overflow bin', () => {
    expect([binOf(-1), binOf(0), binOf(-0), binOf(2 ** -1074), binOf(NaN), binOf(Infinity), binOf(1e300)]).toEqual([0, 0, 0, 0, OVERFLOW_BIN, OVERFLOW_BIN, OVERFLOW_BIN]);
  });

  it('property: lowerEdge(binOf(x)) ≤ x < upperEdge(binOf(x)) for every finite x ≥ 0', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), (x) => {
        const b = binOf(x);
        return b >= 0 && b < BIN_COUNT && lowerEdge(b) <= x && x < upperEdge(b);
      }),
      { numRuns: 20_000, seed: 42 },
    );
    // Log-uniform over the layout's range, where fc.double's draws are sparse.
    fc.assert(
      fc.property(fc.double({ min: -42, max: 16, noNaN: true }), (e) => {
        const x = 2 ** e;
        const b = binOf(x);
        return lowerEdge(b) <= x && x < upperEdge(b);
      }),
      { numRuns: 20_000, seed: 43 },
    );
  });

  it('agrees with a logarithm-based reference away from edges', () => {
    const u = mulberry32(5);
    for (let i = 0; i < 10_000; i++) {
      const x = 2 ** (-40 + 54 * u());
      const e = Math.floor(Math.log2(x));
      const j = Math.floor((x / 2 ** e - 1) * 16);
      expect(binOf(x)).toBe(1 + 16 * (e + 40) + j);
    }
  });
});

describe('histogramQuantile', () => {
  it('interpolates geometrically within a bin', () => {
    const counts = new Float64Array(BIN_COUNT);
    const b = binOf(1);
    counts[b] = 4;
    expect(histogramQuantile(counts, 0, 0.5)).toBeCloseTo(Math.sqrt(lowerEdge(b) * upperEdge(b)), 14);
    expect(histogramQuantile(counts, 0, 1e-9)).toBeCloseTo(1, 8);
    expect(withinBin(b, 1)).toBe(upperEdge(b));
    expect(histogramQuantile(new Float64Array(BIN_COUNT), 0, 0.5)).toBeNaN();
  });

  it('puts the quantile of a known sample in the bin of the sample quantile', () => {
    const u = mulberry32(11);
    const n = 5000;
    const sample = Array.from({ length: n }, () => 1e-3 * Math.exp(3 * u() + u()));
    const counts = new Float64Array(BIN_COUNT + 3);
    for (const x of sample) counts[3 + binOf(x)] = (counts[3 + binOf(x)] as number) + 1;
    const sorted = [...sample].sort((a, b) => a - b);
    for (const p of [0.5, 0.9, 0.95, 0.99, 0.999]) {
      const order = sorted[Math.ceil(p * n) - 1] as number; // the smallest x with F_n(x) ≥ p
      const b = binOf(order);
      const q = histogramQuantile(counts, 3, p);
      expect(q).toBeGreaterThanOrEqual(lowerEdge(b));
      expect(q).toBeLessThanOrEqual(upperEdge(b));
      expect(Math.abs(q / order - 1)).toBeLessThan(1 / 16);
    }
  });

  it('reports a quantile in the overflow bin as the largest value, a lower bound', () => {
    const counts = new Float64Array(BIN_COUNT);
    counts[binOf(1)] = 1;
    counts[OVERFLOW_BIN] = 9;
    expect(histogramQuantile(counts, 0, 0.5)).toBe(HISTOGRAM_MAX);
  });
});
