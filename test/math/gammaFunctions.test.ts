import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { logGamma, regularizedGammaP, regularizedGammaQ } from '../../src/math/gammaFunctions.js';
import { normalSurvival } from '../../src/math/normal.js';
import { relErr } from '../support/helpers.js';

const EPS = Number.EPSILON;


// [x, lnΓ(x)]; mpmath 1.3.0 loggamma at 60 digits, rounded to double.
const LOG_GAMMA: ReadonlyArray<readonly [number, number]> = [
  [1e-300, 690.7755278982137],
  [1e-10, 23.025850929882736],
  [0.001, 6.907178885383853],
  [0.5, 0.5723649429247001],
  [0.9999999, 5.772157468444193e-8],
  [1.0000001, -5.772155829918507e-8],
  [1.5, -0.12078223763524522],
  [1.9999999, -4.2278430309861296e-8],
  [2.5, 0.2846828704729192],
  [3.0, 0.6931471805599453],
  [7.5, 7.534364236758733],
  [10.0, 12.801827480081469],
  [100.0, 359.1342053695754],
  [1e5, 1051287.7089736569],
  [1e10, 220258509288.81058],
  [1e300, 6.897755278982137e302],
];

// [a, x, P(a, x), Q(a, x)]; mpmath 1.3.0 at 60 digits: P = x^a e^-x / Γ(a+1) · 1F1(1; a+1; x) and
// Q = gammainc(a, x, ∞, regularized=True), independently (they agree to 30+ digits).
const GAMMA_PQ: ReadonlyArray<readonly [number, number, number, number]> = [
  [0.001, 0.01, 0.9959694030335131, 0.0040305969664868446],
  [0.001, 1.5, 0.999899847040343, 0.00010015295965701439],
  [0.1, 0.05, 0.7755386354510305, 0.22446136454896942],
  [0.1, 1.0, 0.9758726562736723, 0.024127343726327778],
  [0.5, 0.25, 0.5204998778130465, 0.4795001221869535],
  [0.5, 2.0, 0.9544997361036416, 0.04550026389635842],
  [0.9, 3.0, 0.9593279040036885, 0.04067209599631154],
  [1.0, 1e-10, 9.999999999500001e-11, 0.9999999999],
  [2.5, 0.5, 0.03743422675270363, 0.9625657732472964],
  [3.0, 20.0, 0.9999995444850495, 4.555149505589213e-7],
  [10.0, 5.0, 0.03182805730620481, 0.9681719426937951],
  [10.0, 10.0, 0.5420702855281478, 0.4579297144718522],
  [10.0, 11.0, 0.6594893575343389, 0.34051064246566104],
  [14.9, 15.0, 0.5447034599285118, 0.4552965400714882],
  [15.0, 15.0, 0.5343462910559904, 0.46565370894400965],
  [50.0, 100.0, 0.9999999882154993, 1.1784500720979422e-8],
  [100.0, 90.0, 0.15822098918643016, 0.8417790108135699],
  [1000.0, 1000.0, 0.5042052441802155, 0.4957947558197845],
  [1000.0, 1100.0, 0.99894067674607, 0.0010593232539299773],
  [1e5, 100300.0, 0.8286363112512076, 0.17136368874879235],
  [1e5, 99000.0, 0.0007574199211747679, 0.9992425800788253],
  [1e6, 1e6, 0.5001329807608725, 0.4998670192391274],
];

describe('logGamma', () => {
  it('matches mpmath to a few ulps, including near its zeros at 1 and 2', () => {
    for (const [x, want] of LOG_GAMMA) {
      expect(relErr(logGamma(x), want), `lnΓ(${x})`).toBeLessThan(5e-15);
    }
    expect(logGamma(1)).toBe(0);
    expect(logGamma(2)).toBe(0);
    expect(logGamma(Infinity)).toBe(Infinity);
  });

  it('satisfies lnΓ(n + 1) = ln n! for small n', () => {
    let logFactorial = 0;
    for (let n = 1; n <= 30; n++) {
      logFactorial += Math.log(n);
      expect(relErr(logGamma(n + 1), logFactorial)).toBeLessThan(1e-14);
    }
  });

  it('throws a FaultlineError naming x for x <= 0 or NaN', () => {
    for (const bad of [0, -1, -0.5, NaN, -Infinity]) {
      expect(() => logGamma(bad)).toThrow(FaultlineError);
      expect(() => logGamma(bad)).toThrow(/^x: expected/);
    }
  });
});

describe('regularizedGammaP / regularizedGammaQ', () => {
  it('match mpmath, each to ~1e-14 relative (Q without cancellation in its tail)', () => {
    for (const [a, x, p, q] of GAMMA_PQ) {
      // Rounding a and x to doubles already moves the result by about |a - x| + a |ln(x/a)| ulps.
      const tol = 8 * EPS * (10 + Math.abs(a - x) + a * Math.abs(Math.log(x / a)));
      expect(relErr(regularizedGammaP(a, x), p), `P(${a}, ${x})`).toBeLessThan(tol);
      expect(relErr(regularizedGammaQ(a, x), q), `Q(${a}, ${x})`).toBeLessThan(tol);
    }
  });

  it('reduce to closed forms: P(1, x) = 1 - e^-x and Q(1/2, x) = erfc(√x) = 2(1 - Φ(√(2x)))', () => {
    for (const x of [1e-8, 0.01, 0.3, 1, 2, 5, 30, 200]) {
      expect(relErr(regularizedGammaP(1, x), -Math.expm1(-x))).toBeLessThan(1e-14);
      expect(relErr(regularizedGammaQ(1, x), Math.exp(-x))).toBeLessThan(1e-14 * (1 + x));
      expect(relErr(regularizedGammaQ(0.5, x), 2 * normalSurvival(Math.sqrt(2 * x)))).toBeLessThan(2e-14 * (1 + x));
    }
  });

  it('agree with the Poisson sum Q(n, x) = Σ_{k<n} e^-x x^k / k! for integer n', () => {
    for (const n of [1, 2, 5, 12]) {
      for (const x of [0.5, 3, 9]) {
        let term = Math.exp(-x);
        let sum = 0;
        for (let k = 0; k < n; k++) {
          sum += term;
          term *= x / (k + 1);
        }
        expect(relErr(regularizedGammaQ(n, x), sum)).toBeLessThan(1e-14);
      }
    }
  });

  it('sum to one and handle the ends of the range', () => {
    for (const a of [0.01, 0.7, 3, 40, 1e4]) {
      for (const f of [0.2, 0.9, 1, 1.1, 3]) {
        const x = a * f;
        expect(Math.abs(regularizedGammaP(a, x) + regularizedGammaQ(a, x) - 1)).toBeLessThan(4 * EPS);
      }
      expect(regularizedGammaP(a, 0)).toBe(0);
      expect(regularizedGammaQ(a, 0)).toBe(1);
      expect(regularizedGammaP(a, Infinity)).toBe(1);
      expect(regularizedGammaQ(a, Infinity)).toBe(0);
    }
  });

  it('throw FaultlineErrors naming a or x', () => {
    for (const badA of [0, -1, NaN, Infinity]) {
      expect(() => regularizedGammaP(badA, 1)).toThrow(/^a: expected/);
      expect(() => regularizedGammaQ(badA, 1)).toThrow(FaultlineError);
    }
    for (const badX of [-1e-300, NaN, -Infinity]) {
      expect(() => regularizedGammaP(1, badX)).toThrow(/^x: expected/);
      expect(() => regularizedGammaQ(1, badX)).toThrow(FaultlineError);
    }
  });
});
