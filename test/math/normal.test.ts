import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { normalCdf, normalPdf, normalQuantile, normalSurvival } from '../../src/math/normal.js';
import { relErr } from '../support/helpers.js';

const EPS = Number.EPSILON;


// [x, Φ(x), 1 - Φ(x), φ(x)]; mpmath 1.3.0 at 50 digits (erfc(∓x/√2)/2, exp(-x²/2)/√(2π)), rounded to double.
const CDF_TABLE: ReadonlyArray<readonly [number, number, number, number]> = [
  [-37.5, 4.605353009581955e-308, 1.0, 1.7282337322841054e-306],
  [-37.0, 5.725571222524577e-300, 1.0, 2.1200065515246056e-298],
  [-30.0, 4.906713927148187e-198, 1.0, 1.4736461348785476e-196],
  [-20.0, 2.7536241186062337e-89, 1.0, 5.520948362159764e-88],
  [-10.0, 7.619853024160525e-24, 1.0, 7.694598626706419e-23],
  [-8.0, 6.220960574271784e-16, 0.9999999999999993, 5.052271083536892e-15],
  [-5.656854249492381, 7.708628950139992e-9, 0.999999992291371, 4.489503922787479e-8],
  [-5.0, 2.866515718791939e-7, 0.9999997133484281, 1.4867195147342977e-6],
  [-3.0, 0.0013498980316300946, 0.9986501019683699, 0.0044318484119380075],
  [-1.5, 0.06680720126885807, 0.9331927987311419, 0.12951759566589172],
  [-0.67448975, 0.25000000006231016, 0.7499999999376898, 0.3177765727261345],
  [-0.5, 0.3085375387259869, 0.6914624612740131, 0.35206532676429947],
  [-1e-10, 0.49999999996010575, 0.5000000000398942, 0.3989422804014327],
  [0.0, 0.5, 0.5, 0.3989422804014327],
  [0.3, 0.6179114221889527, 0.3820885778110474, 0.3813878154605241],
  [1.0, 0.8413447460685429, 0.15865525393145705, 0.24197072451914334],
  [2.0, 0.9772498680518208, 0.02275013194817921, 0.05399096651318805],
  [4.0, 0.9999683287581669, 3.1671241833119924e-5, 0.00013383022576488534],
  [6.0, 0.9999999990134123, 9.86587645037698e-10, 6.075882849823285e-9],
  [8.0, 0.9999999999999993, 6.220960574271784e-16, 5.052271083536892e-15],
  [9.0, 1.0, 1.1285884059538405e-19, 1.0279773571668915e-18],
  [10.0, 1.0, 7.619853024160525e-24, 7.694598626706419e-23],
  [20.0, 1.0, 2.7536241186062337e-89, 5.520948362159764e-88],
  [30.0, 1.0, 4.906713927148187e-198, 1.4736461348785476e-196],
  [37.0, 1.0, 5.725571222524577e-300, 2.1200065515246056e-298],
];

// [p, Φ⁻¹(p)]; mpmath 1.3.0 at 50 digits, root of log(erfc(x/√2)/2) = log(min(p, 1-p)) by findroot,
// where p is the exact double shown.
const QUANTILE_TABLE: ReadonlyArray<readonly [number, number]> = [
  [1e-300, -37.0470962993612],
  [1e-200, -30.20559417957964],
  [1e-100, -21.273453560965326],
  [1e-50, -14.933337534788489],
  [1e-20, -9.262340089798407],
  [1e-10, -6.361340902404057],
  [1e-5, -4.264890793922825],
  [0.001, -3.0902323061678136],
  [0.02425, -1.972961051311885],
  [0.075, -1.439531470938456],
  [0.1, -1.2815515655446004],
  [0.3, -0.5244005127080408],
  [0.6, 0.2533471031357997],
  [0.9, 1.2815515655446006],
  [0.975, 1.9599639845400538],
  [0.999, 3.090232306167813],
  [0.99999, 4.264890793923841],
  [0.9999999999, 6.361340889697422],
  [0.999999999999999, 7.941444487415978],
  [0.9999999999999999, 8.209536151601387],
];

describe('normalCdf / normalSurvival / normalPdf', () => {
  it('match mpmath to ~1e-15 relative in both tails', () => {
    for (const [x, cdf, sf, pdf] of CDF_TABLE) {
      expect(relErr(normalCdf(x), cdf), `cdf(${x})`).toBeLessThan(1e-15);
      expect(relErr(normalSurvival(x), sf), `sf(${x})`).toBeLessThan(1e-15);
      expect(relErr(normalPdf(x), pdf), `pdf(${x})`).toBeLessThan(1e-15);
    }
  });

  it('are symmetric: Φ(-x) = 1 - Φ(x) exactly as computed, and φ(-x) = φ(x)', () => {
    for (let x = 0; x < 40; x += 0.37) {
      expect(normalSurvival(x)).toBe(normalCdf(-x));
      expect(normalPdf(-x)).toBe(normalPdf(x));
    }
  });

  it('reaches the subnormal range and then 0 without NaN', () => {
    // mpmath 50 digits: Φ(-38) = 2.88542835e-316 (subnormal; only absolute precision is meaningful).
    expect(Math.abs(normalCdf(-38) - 2.88542835e-316)).toBeLessThan(1e-320);
    expect(normalCdf(-39)).toBe(0);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalSurvival(Infinity)).toBe(0);
    expect(normalPdf(Infinity)).toBe(0);
    expect(normalCdf(NaN)).toBeNaN();
    expect(normalPdf(NaN)).toBeNaN();
  });

  it('is monotone across the region boundaries of the approximation', () => {
    const boundaries = [-5.656854249492381, -0.67448975, 0.67448975, 5.656854249492381];
    for (const b of boundaries) {
      let prev = normalCdf(b - 1e-9);
      for (let k = -8; k <= 8; k++) {
        const v = normalCdf(b + k * 1e-10);
        expect(v).toBeGreaterThanOrEqual(prev);
        prev = v;
      }
    }
  });
});

describe('normalQuantile', () => {
  it('matches mpmath to ~1e-15 relative', () => {
    for (const [p, x] of QUANTILE_TABLE) {
      expect(relErr(normalQuantile(p), x), `quantile(${p})`).toBeLessThan(2e-15);
    }
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('reproduces the classical constants', () => {
    // Φ⁻¹(0.975) = 1.959963984540054 and Φ⁻¹(1e-10) = -6.361340902404056 (16-digit tables, e.g. Wichura 1988).
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 15);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 14);
  });

  it('gives ±Infinity at 0 and 1 and finite values at the extreme doubles', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    // mpmath 50 digits: Φ⁻¹(5e-324) = -38.467405617144344, Φ⁻¹(1e-310) = -37.663060331949524.
    expect(relErr(normalQuantile(5e-324), -38.467405617144344)).toBeLessThan(1e-15);
    expect(relErr(normalQuantile(1e-310), -37.663060331949524)).toBeLessThan(1e-15);
  });

  it('round-trips with normalCdf over p in [1e-300, 1 - 1e-16]', () => {
    // Φ(x(1+δ)) = p(1 + x²δ) in the tail, so a quantile correct to the last bit still loses a factor
    // of about 1 + x² in a round trip; the tolerance is that conditioning times a few ulps.
    for (let e = -300; e <= -1; e += 0.25) {
      const p = 10 ** e;
      const x = normalQuantile(p);
      const tol = 8 * EPS * (1 + x * x);
      expect(relErr(normalCdf(x), p), `lower p=${p}`).toBeLessThan(tol);
      // Upper tail, expressed through its complement so that no precision is lost in 1 - p.
      if (e >= -16) {
        const upper = 1 - p;
        const xu = normalQuantile(upper);
        const tolU = 8 * EPS * (1 + xu * xu);
        expect(relErr(normalSurvival(xu), 1 - upper), `upper p=${upper}`).toBeLessThan(tolU);
      }
    }
    for (let p = 0.01; p < 1; p += 0.01) {
      expect(relErr(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-14);
    }
  });

  it('throws a FaultlineError naming p outside [0, 1]', () => {
    for (const bad of [-1e-300, 1.0000000000000002, NaN, Infinity, -Infinity]) {
      expect(() => normalQuantile(bad)).toThrow(FaultlineError);
      expect(() => normalQuantile(bad)).toThrow(/^p: expected/);
    }
  });
});
