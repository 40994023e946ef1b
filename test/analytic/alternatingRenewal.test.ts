import { describe, expect, it } from 'vitest';
import {
  allUpProbability,
  outageWithinWindowProbability,
  someDownProbability,
  upThroughoutWindow,
} from '../../src/analytic/alternatingRenewal.js';

// Seed 000's data sources (availability, MTTR in hours).
const S3 = { availability: 0.9999, mttr: 0.5 };
const SNOWFLAKE = { availability: 0.999, mttr: 2 };
const POSTGRES = { availability: 0.995, mttr: 4 };
const ELASTIC = { availability: 0.99, mttr: 1 };

/** Composite Simpson's rule with `panels` (even) panels. */
function simpson(f: (x: number) => number, a: number, b: number, panels: number): number {
  const h = (b - a) / panels;
  let sum = f(a) + f(b);
  for (let i = 1; i < panels; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

/**
 * (1/(MTTF+MTTR)) ∫_t^∞ P(U > s) ds for Weibull U (shape k, mean MTTF), by Simpson on s = t·e^u,
 * ds = s du, where the integrand is smooth; the scale η comes from Γ(1 + 1/k) (python3: math.gamma).
 */
function residualIntegral(k: number, gamma1k: number, mttf: number, mttr: number, t: number): number {
  const eta = mttf / gamma1k;
  const upper = Math.log((eta * 60 ** (1 / k)) / t); // (s/η)^k = 60 at the top: e^-60 is negligible
  const integral = simpson((u) => t * Math.exp(u) * Math.exp(-(((t * Math.exp(u)) / eta) ** k)), 0, upper, 200_000);
  return integral / (mttf + mttr);
}

describe('steady-state all-up probability', () => {
  it('is the product of availabilities, with a precise complement', () => {
    const sources = [S3, SNOWFLAKE, POSTGRES, ELASTIC];
    expect(allUpProbability(sources)).toBeCloseTo(0.9999 * 0.999 * 0.995 * 0.99, 15);
    // 1 − 0.9999 is exact in doubles (Sterbenz): 9.999999999998899e-5, the model's true unavailability.
    expect(someDownProbability([S3]) / (1 - 0.9999)).toBeCloseTo(1, 15);
    // 1 − (1 − 2^-50)(1 − 2^-51) = 2^-50 + 2^-51 − 2^-101.
    const tiny = [
      { availability: 1 - 2 ** -50, mttr: 1 },
      { availability: 1 - 2 ** -51, mttr: 1 },
    ];
    expect(someDownProbability(tiny) / (2 ** -50 + 2 ** -51)).toBeCloseTo(1, 15);
  });
});

describe('up throughout a window', () => {
  it('is Π A·e^(−t/MTTF) for exponential up times', () => {
    const t = 1;
    const expected = [S3, SNOWFLAKE, POSTGRES, ELASTIC].reduce((prod, s) => {
      const mttf = (s.availability * s.mttr) / (1 - s.availability);
      return prod * s.availability * Math.exp(-t / mttf);
    }, 1);
    expect(upThroughoutWindow([S3, SNOWFLAKE, POSTGRES, ELASTIC], t)).toBeCloseTo(expected, 15);
    expect(outageWithinWindowProbability([S3, SNOWFLAKE, POSTGRES, ELASTIC], t)).toBeCloseTo(1 - expected, 14);
    expect(upThroughoutWindow([S3], 0)).toBe(allUpProbability([S3]));
  });

  it('matches the residual-life integral numerically (exponential and Weibull up times)', () => {
    // Γ(1 + 1/k) from python3 math.gamma: k = 1 → 1; k = 0.7 → 1.2658235060572833; k = 2.5 → 0.8872638175030755.
    for (const [k, g] of [
      [1, 1],
      [0.7, 1.2658235060572833],
      [2.5, 0.8872638175030755],
    ] as const) {
      for (const t of [0.5, 24, 2000]) {
        const source = { availability: 0.995, mttr: 4, upTimeShape: k };
        const mttf = (0.995 * 4) / (1 - 0.995);
        const numeric = residualIntegral(k, g, mttf, 4, t);
        expect(upThroughoutWindow([source], t) / numeric).toBeCloseTo(1, 10);
        expect(outageWithinWindowProbability([source], t) / (1 - numeric)).toBeCloseTo(1, 8);
      }
    }
  });

  it('an outage probability over a short window is the unavailability plus the failure rate times t', () => {
    // For small t: 1 − A·P(R > t) ≈ (1 − A) + t/(MTTF + MTTR) (failures start at rate 1/(MTTF+MTTR)).
    const t = 1e-6;
    const rate = 1 / (0.9999 * 0.5 / 1e-4 + 0.5);
    expect(outageWithinWindowProbability([S3], t) / (1 - 0.9999 + rate * t)).toBeCloseTo(1, 9);
  });

  it('a never-failing source does not constrain the window, and bad input is named', () => {
    expect(upThroughoutWindow([{ availability: 1, mttr: 1 }], 1e6)).toBe(1);
    expect(upThroughoutWindow([{ availability: 1, mttr: 1, upTimeShape: 2 }], 1e6)).toBe(1);
    expect(() => upThroughoutWindow([S3, { availability: 0, mttr: 1 }], 1)).toThrow(/sources\[1\]\.availability/);
    expect(() => upThroughoutWindow([S3], -1)).toThrow(/^t: expected/);
    expect(() => upThroughoutWindow([{ ...S3, upTimeShape: 0 }], 1)).toThrow(/upTimeShape/);
  });
});
