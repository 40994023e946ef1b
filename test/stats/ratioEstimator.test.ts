// The ratio estimator over replications: exact products, its delta-method standard error against
// a direct computation (Cochran 1977, §6.4), and the coverage of its t interval on clustered data.
import { describe, expect, it } from 'vitest';
import { studentTQuantile } from '../../src/math/studentT.js';
import { ExactSum, bigIntQuotientToDouble } from '../../src/stats/ExactSum.js';
import { Moments } from '../../src/stats/Moments.js';
import { ratioStatistics } from '../../src/stats/ratioEstimator.js';
import { mulberry32 } from '../support/helpers.js';

/** x as m·2^e with m, e integers (x a finite double). */
function decompose(x: number): { m: bigint; e: number } {
  if (x === 0) return { m: 0n, e: 0 };
  let e = 0;
  let v = Math.abs(x);
  while (!Number.isInteger(v)) {
    v *= 2;
    e--;
  }
  return { m: BigInt(v) * (x < 0 ? -1n : 1n), e };
}

/** Σx·y exactly, in units of 2^-1074. */
function exactProducts(xs: readonly number[], ys: readonly number[]): bigint {
  let total = 0n;
  xs.forEach((x, i) => {
    const a = decompose(x);
    const b = decompose(ys[i] as number);
    const shift = a.e + b.e + 1074;
    total += shift >= 0 ? (a.m * b.m) << BigInt(shift) : (a.m * b.m) >> BigInt(-shift);
  });
  return total;
}

function sumsOf(xs: readonly number[], ys: readonly number[]) {
  const mx = new Moments();
  const my = new Moments();
  const cross = new ExactSum();
  xs.forEach((x, i) => {
    mx.add(x);
    my.add(ys[i] as number);
    cross.addProduct(x, ys[i] as number);
  });
  return { n: xs.length, sx: mx.exactSum, sy: my.exactSum, sxx: mx.exactSumSquares, syy: my.exactSumSquares, sxy: cross.toBigInt(), unitExponent: -1074 };
}

describe('ExactSum.addProduct', () => {
  it('adds products of doubles exactly (TwoProduct), in any order', () => {
    const u = mulberry32(2);
    const xs = Array.from({ length: 2000 }, () => (u() - 0.3) * 10 ** (12 * u() - 6));
    const ys = Array.from({ length: 2000 }, () => u() * 10 ** (12 * u() - 6));
    const forward = new ExactSum();
    xs.forEach((x, i) => forward.addProduct(x, ys[i] as number));
    const backward = new ExactSum();
    for (let i = xs.length - 1; i >= 0; i--) backward.addProduct(xs[i] as number, ys[i] as number);
    expect(forward.toBigInt()).toBe(exactProducts(xs, ys));
    expect(backward.toBigInt()).toBe(forward.toBigInt());
    expect(() => new ExactSum().addProduct(Infinity, 1)).toThrow(/expected a finite number/);
  });

  it('quotients of BigInts round to the nearest double', () => {
    expect(bigIntQuotientToDouble(1n, 3n, 0)).toBe(1 / 3);
    expect(bigIntQuotientToDouble(22n, 7n, -3)).toBe(22 / 7 / 8);
    expect(bigIntQuotientToDouble(5n, 0n, 0)).toBeNaN();
  });
});

describe('ratioStatistics', () => {
  it("gives Σx/Σy and Cochran's linearisation standard error, as a direct computation does", () => {
    const u = mulberry32(9);
    const ys = Array.from({ length: 500 }, () => Math.floor(5 + 50 * u()));
    const xs = ys.map((y) => 0.37 * y * (u() < 0.1 ? 0.2 : 1) + 1e-3 * u()); // a latency sum: not an integer
    const r = ratioStatistics(sumsOf(xs, ys));
    const n = xs.length;
    const X = xs.reduce((a, b) => a + b, 0);
    const Y = ys.reduce((a, b) => a + b, 0);
    const R = X / Y;
    let ss = 0;
    xs.forEach((x, i) => (ss += (x - R * (ys[i] as number)) ** 2));
    const se = Math.sqrt(ss / (n * (n - 1) * (Y / n) ** 2));
    expect(Math.abs(r.ratio / R - 1)).toBeLessThan(1e-14);
    expect(Math.abs(r.stdError / se - 1)).toBeLessThan(1e-10);
  });

  it('is 0 with no spread and NaN with no replication to spread over', () => {
    expect(ratioStatistics(sumsOf([2, 4, 6], [1, 2, 3]))).toEqual({ ratio: 2, stdError: 0 });
    expect(ratioStatistics(sumsOf([2], [1])).stdError).toBeNaN();
    expect(ratioStatistics(sumsOf([0, 0], [0, 0])).ratio).toBeNaN();
  });

  it('covers the ratio of clustered successes at its confidence, where an independent-query interval does not (400 runs, seed 4)', () => {
    // 100 replications of 20–40 queries; one in ten has an outage failing each query with
    // probability 0.7, the others 0.01: the success ratio is E[p] = 0.9·0.99 + 0.1·0.3 = 0.921.
    const rng = mulberry32(4);
    const runs = 400;
    let covered = 0;
    let naiveCovered = 0;
    const t = -studentTQuantile(0.025, 99);
    for (let run = 0; run < runs; run++) {
      const ys: number[] = [];
      const xs: number[] = [];
      for (let r = 0; r < 100; r++) {
        const y = 20 + Math.floor(21 * rng());
        const p = rng() < 0.1 ? 0.3 : 0.99;
        let x = 0;
        for (let q = 0; q < y; q++) if (rng() < p) x++;
        ys.push(y);
        xs.push(x);
      }
      const s = ratioStatistics(sumsOf(xs, ys));
      if (Math.abs(s.ratio - 0.921) <= t * s.stdError) covered++;
      const N = ys.reduce((a, b) => a + b, 0);
      if (Math.abs(s.ratio - 0.921) <= 1.96 * Math.sqrt((s.ratio * (1 - s.ratio)) / N)) naiveCovered++;
    }
    // Binomial(400, 0.95): within [0.92, 0.975] with > 99% probability; a skewed ratio may lose a point.
    expect(covered / runs).toBeGreaterThanOrEqual(0.91);
    expect(covered / runs).toBeLessThanOrEqual(0.98);
    expect(naiveCovered / runs).toBeLessThan(0.6);
  });
});
