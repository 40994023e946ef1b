import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { normalCdf, normalQuantile } from '../../src/math/normal.js';
import { studentTCdf, studentTQuantile } from '../../src/math/studentT.js';
import { relErr } from '../support/helpers.js';


// [t, df, P(T ≤ t)]; mpmath 1.3.0 at 50 digits via ½ I_{df/(df+t²)}(df/2, ½) (DLMF 8.17.8 series).
const CDF: ReadonlyArray<readonly [number, number, number]> = [
  [-2.228138851986274, 10, 0.025000000000000036],
  [1.0, 1.0, 0.75],
  [-3.0, 2.0, 0.04773298313335456],
  [-40.0, 3.5, 4.38322055468651e-6],
  [-1e10, 1.0, 3.1830988618379065e-11],
  [0.3, 0.5, 0.5775704239347546],
  [-8.0, 30.0, 3.1329112378503795e-9],
  [-5.0, 1e6, 2.866998935445371e-7],
  [2.0, 1e8, 0.9772498667020466],
  [-0.01, 7.0, 0.4961501588218109],
];

// [p, df, t_p]; mpmath 1.3.0 at 50 digits, root of the CDF above by findroot in log t.
const QUANTILE: ReadonlyArray<readonly [number, number, number]> = [
  [0.975, 10, 2.2281388519862744],
  [0.025, 10, -2.228138851986275],
  [0.995, 1, 63.656741162871526],
  [1e-10, 1, -3183098861.837907],
  [1e-300, 1, -3.1830988618379066e299],
  [1e-300, 1.5, -5.219469427344636e199],
  [1e-20, 2.5, -87654378.8227999],
  [0.9, 0.3, 64.78654563709695],
  [0.6, 3, 0.27667066233268983],
  [0.5000001, 4, 2.666666665263091e-7],
  [0.975, 1e6, 1.9599663568141066],
  [1e-12, 1e7, -7.03449270352616],
  [0.999999, 123.456, 4.990322075005679],
];

describe('studentTCdf', () => {
  it('matches mpmath to ~1e-14 relative, for real and very large df', () => {
    for (const [t, df, want] of CDF) {
      expect(relErr(studentTCdf(t, df), want), `F(${t}; ${df})`).toBeLessThan(1e-14);
    }
  });

  it('has closed forms for df = 1 (Cauchy) and df = 2', () => {
    for (const t of [-1e6, -30, -2, -0.1, 0, 0.7, 5]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 15);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 15);
    }
  });

  it('is the normal CDF at df = Infinity and handles infinite t', () => {
    expect(studentTCdf(1.3, Infinity)).toBe(normalCdf(1.3));
    expect(studentTCdf(-Infinity, 4)).toBe(0);
    expect(studentTCdf(Infinity, 4)).toBe(1);
    expect(studentTCdf(0, 4)).toBe(0.5);
  });

  it('throws a FaultlineError naming df', () => {
    for (const bad of [0, -3, NaN]) {
      expect(() => studentTCdf(1, bad)).toThrow(FaultlineError);
      expect(() => studentTCdf(1, bad)).toThrow(/^df: expected/);
    }
  });
});

describe('studentTQuantile', () => {
  it('matches mpmath to ~1e-13 relative, including non-integer and huge df and p = 1e-300', () => {
    for (const [p, df, want] of QUANTILE) {
      expect(relErr(studentTQuantile(p, df), want), `t(${p}; ${df})`).toBeLessThan(1e-13);
    }
    // t_{0.975, 10} = 2.228138851986274 (standard tables, 16 digits).
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 14);
  });

  it('round-trips with studentTCdf', () => {
    for (const df of [0.7, 1, 2.5, 9, 60, 1234.5, 1e6]) {
      for (let e = -100; e <= -1; e += 3) {
        const p = 10 ** e;
        const t = studentTQuantile(p, df);
        // F(t(1+δ)) ≈ p(1 + df·δ) in the polynomial tail, or p(1 + t²δ) when df is large.
        const tol = 1e-14 * (10 + Math.min(df, t * t) + df);
        expect(relErr(studentTCdf(t, df), p), `p=${p} df=${df}`).toBeLessThan(tol);
        // 1 - (1 - p) is exact, so the two tails must mirror bit for bit.
        if (e >= -15) expect(studentTQuantile(1 - p, df)).toBe(-studentTQuantile(1 - (1 - p), df));
      }
    }
  });

  it('is the normal quantile at df = Infinity and ±Infinity at 0 and 1', () => {
    expect(studentTQuantile(0.3, Infinity)).toBe(normalQuantile(0.3));
    expect(studentTQuantile(0, 5)).toBe(-Infinity);
    expect(studentTQuantile(1, 5)).toBe(Infinity);
    expect(studentTQuantile(0.5, 5)).toBe(0);
  });

  it('throws FaultlineErrors naming p or df', () => {
    expect(() => studentTQuantile(1.1, 5)).toThrow(/^p: expected/);
    expect(() => studentTQuantile(NaN, 5)).toThrow(FaultlineError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(/^df: expected/);
  });
});
