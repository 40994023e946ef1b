import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { inverseBetaPoint, inverseRegularizedBeta } from '../../src/math/inverseRegularizedBeta.js';
import { betaIncomplete, regularizedBeta } from '../../src/math/regularizedBeta.js';
import { relErr } from '../support/helpers.js';


// [x, a, b, I_x(a, b), 1 - I_x(a, b)]; mpmath 1.3.0 at 50 digits, from DLMF 8.17.8
// (x^a (1-x)^b / (a B(a, b)) · 2F1(a+b, 1; a+1; x)) on the side of the mean where it converges,
// the other tail as 1 minus it. I_0.5(2, 3) = 11/16 exactly.
const BETA: ReadonlyArray<readonly [number, number, number, number, number]> = [
  [0.5, 2, 3, 0.6875, 0.3125],
  [1e-10, 0.5, 0.5, 6.366197723781917e-6, 0.9999936338022762],
  [0.3, 0.01, 5, 0.9991442234826966, 0.000855776517303349],
  [0.999, 50, 0.5, 0.7523690199653766, 0.2476309800346233],
  [0.2, 100, 300, 0.007994530866879339, 0.9920054691331207],
  [0.25, 1000, 3000, 0.502427980892099, 0.497572019107901],
  [0.9999987074936375, 3018150, 0.5, 0.005218957754652692, 0.9947810422453474],
  [1e-5, 2.5, 1e4, 0.0008863109909989109, 0.9991136890090011],
  [0.7, 0.001, 0.001, 0.5004230378603235, 0.49957696213967645],
];

describe('regularizedBeta', () => {
  it('matches mpmath in both tails, including a = 3e6 with x near 1 (Student t with df = 6e6)', () => {
    for (const [x, a, b, lower, upper] of BETA) {
      expect(relErr(regularizedBeta(x, a, b), lower), `I_${x}(${a}, ${b})`).toBeLessThan(2e-14);
      expect(relErr(betaIncomplete(x, 1 - x, a, b, true), upper), `1 - I_${x}(${a}, ${b})`).toBeLessThan(2e-14);
    }
  });

  it('reduces to closed forms: I_x(a, 1) = x^a and I_x(1, b) = 1 - (1 - x)^b', () => {
    for (const x of [1e-8, 0.1, 0.5, 0.9]) {
      for (const s of [0.3, 1, 4.5, 60]) {
        expect(relErr(regularizedBeta(x, s, 1), x ** s)).toBeLessThan(1e-14);
        expect(relErr(regularizedBeta(x, 1, s), -Math.expm1(s * Math.log1p(-x)))).toBeLessThan(1e-14);
      }
    }
  });

  it('has exact ends and throws FaultlineErrors naming x, a or b', () => {
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
    expect(() => regularizedBeta(1.5, 2, 3)).toThrow(/^x: expected/);
    expect(() => regularizedBeta(NaN, 2, 3)).toThrow(FaultlineError);
    expect(() => regularizedBeta(0.5, 0, 3)).toThrow(/^a: expected/);
    expect(() => regularizedBeta(0.5, 2, -1)).toThrow(/^b: expected/);
    expect(() => regularizedBeta(0.5, 2, Infinity)).toThrow(/^b: expected/);
  });
});

describe('inverseRegularizedBeta', () => {
  it('inverts the mpmath values (the small coordinate to ~1e-13)', () => {
    for (const [x, a, b, lower, upper] of BETA) {
      const point = inverseBetaPoint(lower, upper, a, b);
      const small = x <= 0.5 ? point.x : point.y;
      const want = x <= 0.5 ? x : 1 - x;
      // I_x is flat in x when a or b is tiny, so the root is only as well determined as 1/min(a, b).
      expect(relErr(small, want), `x for I = ${lower}`).toBeLessThan(1e-13 / Math.min(1, a, b));
    }
    expect(inverseRegularizedBeta(0.6875, 2, 3)).toBeCloseTo(0.5, 15);
  });

  it('round-trips with regularizedBeta over a grid of shapes and tail probabilities', () => {
    for (const a of [0.05, 0.5, 1, 3.7, 40, 2000]) {
      for (const b of [0.05, 0.5, 1, 3.7, 40, 2000]) {
        for (const p of [1e-200, 1e-30, 1e-6, 0.01, 0.3, 0.5, 0.8, 0.999]) {
          // Through the point form: a root near 1 is carried by its small complement y.
          const { x, y } = inverseBetaPoint(p, 1 - p, a, b);
          if (x === 0 || y === 0) continue; // beyond the smallest double: nothing to check
          const got = p <= 0.5 ? betaIncomplete(x, y, a, b, false) : betaIncomplete(x, y, a, b, true);
          // Rounding the larger coordinate to a double moves I by up to (a + b) ulps.
          const tol = 1e-12 + 8 * Number.EPSILON * (a + b);
          expect(relErr(got, p <= 0.5 ? p : 1 - p), `p=${p} a=${a} b=${b}`).toBeLessThan(tol);
          expect(inverseRegularizedBeta(p, a, b)).toBe(x);
        }
      }
    }
  });

  it('has exact ends and throws FaultlineErrors naming p, a or b', () => {
    expect(inverseRegularizedBeta(0, 2, 3)).toBe(0);
    expect(inverseRegularizedBeta(1, 2, 3)).toBe(1);
    expect(() => inverseRegularizedBeta(-0.1, 2, 3)).toThrow(/^p: expected/);
    expect(() => inverseRegularizedBeta(NaN, 2, 3)).toThrow(FaultlineError);
    expect(() => inverseRegularizedBeta(0.5, NaN, 3)).toThrow(/^a: expected/);
    expect(() => inverseRegularizedBeta(0.5, 2, 0)).toThrow(/^b: expected/);
  });
});
