import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import {
  allAttemptsTimeOutProbability,
  expectedLatencyGivenSuccess,
  expectedLatencyWithRetries,
  lognormal,
  lognormalFromMeanSd,
  lognormalFromMedianP99,
  lognormalLimitedMean,
  lognormalMean,
  lognormalQuantile,
  lognormalSurvival,
  lognormalUpperQuantile,
} from '../../src/analytic/lognormalLatency.js';

/** Composite Simpson's rule with `panels` (even) panels. */
function simpson(f: (x: number) => number, a: number, b: number, panels: number): number {
  const h = (b - a) / panels;
  let sum = f(a) + f(b);
  for (let i = 1; i < panels; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

const phi = (z: number): number => Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);

/** E[g(X)] for X = e^{μ+σZ}, integrating over z ∈ [−40, 40] split at `kink` (where g is not smooth). */
function expectation(mu: number, sigma: number, g: (x: number) => number, kink = 0): number {
  const f = (z: number): number => g(Math.exp(mu + sigma * z)) * phi(z);
  const k = Math.max(-40, Math.min(40, kink));
  return simpson(f, -40, k, 40_000) + simpson(f, k, 40, 40_000);
}

// Seed 000's query types (seconds): simple_select (1, 0.5), complex_join (2.3, 0.8), ml_feature (3, 1).
const SIMPLE = lognormal(1, 0.5);
const JOIN = lognormal(2.3, 0.8);
const ML = lognormal(3, 1);

describe('lognormal basics', () => {
  it('mean, median, tail and quantiles agree with numerical integration and identities', () => {
    for (const d of [SIMPLE, JOIN, ML]) {
      expect(lognormalMean(d) / expectation(d.mu, d.sigma, (x) => x)).toBeCloseTo(1, 12);
      expect(lognormalQuantile(d, 0.5)).toBeCloseTo(Math.exp(d.mu), 12);
      expect(lognormalSurvival(d, Math.exp(d.mu))).toBeCloseTo(0.5, 15);
      for (const level of [1e-9, 0.05, 0.9, 0.99, 0.999999]) {
        expect(1 - lognormalSurvival(d, lognormalQuantile(d, level))).toBeCloseTo(level, 13);
      }
      expect(lognormalSurvival(d, lognormalUpperQuantile(d, 1e-20)) / 1e-20).toBeCloseTo(1, 12);
    }
    // Seed 000 says simple_select has a "~2.7s mean": e^1 = 2.718 is its median; the mean is e^1.125.
    expect(lognormalMean(SIMPLE)).toBeCloseTo(3.080216848918031, 14);
    expect(lognormalSurvival(SIMPLE, 0)).toBe(1);
  });

  it('the 95% timeout uses the exact z = 1.6448536269514722 (not a table of four values)', () => {
    expect(lognormalQuantile(SIMPLE, 0.95)).toBeCloseTo(Math.exp(1 + 0.5 * 1.6448536269514722), 13);
  });

  it('is constructible from median and p99, and from mean and sd', () => {
    const d = lognormalFromMedianP99(100, 500);
    expect(lognormalQuantile(d, 0.5)).toBeCloseTo(100, 10);
    expect(lognormalQuantile(d, 0.99)).toBeCloseTo(500, 10);
    const e = lognormalFromMeanSd(10, 15);
    expect(lognormalMean(e)).toBeCloseTo(10, 12);
    const second = expectation(e.mu, e.sigma, (x) => x * x);
    expect(Math.sqrt(second - 100)).toBeCloseTo(15, 8);
    expect(() => lognormalFromMedianP99(100, 50)).toThrow(/^p99: expected/);
    expect(() => lognormal(0, 0)).toThrow(FaultlineError);
  });
});

describe('timeouts and retries', () => {
  it('E[min(X, τ)] matches numerical integration', () => {
    for (const d of [SIMPLE, JOIN, ML]) {
      for (const tau of [0.5, 5, 20, 200]) {
        const kink = (Math.log(tau) - d.mu) / d.sigma;
        const numeric = expectation(d.mu, d.sigma, (x) => Math.min(x, tau), kink);
        expect(lognormalLimitedMean(d, tau) / numeric).toBeCloseTo(1, 11);
      }
      expect(lognormalLimitedMean(d, Infinity)).toBe(lognormalMean(d));
    }
  });

  it('expected total latency with retries: geometric sum vs the distribution of the outcome', () => {
    for (const d of [SIMPLE, JOIN, ML]) {
      for (const tau of [2, 10, 30]) {
        const s = lognormalSurvival(d, tau);
        const kink = (Math.log(tau) - d.mu) / d.sigma;
        // E[X; X ≤ τ] by quadrature, then the outcome distribution: success at attempt i + 1
        // (probability s^i(1 − s)) costs iτ + X; total failure (s^{r+1}) costs (r + 1)τ.
        const partial = simpson((z) => Math.exp(d.mu + d.sigma * z) * phi(z), -40, kink, 40_000);
        for (const r of [0, 1, 3]) {
          let total = s ** (r + 1) * (r + 1) * tau;
          let successMass = 0;
          let successTime = 0;
          for (let i = 0; i <= r; i++) {
            total += s ** i * ((1 - s) * i * tau + partial);
            successMass += s ** i * (1 - s);
            successTime += s ** i * ((1 - s) * i * tau + partial);
          }
          expect(expectedLatencyWithRetries(d, tau, r) / total).toBeCloseTo(1, 10);
          expect(allAttemptsTimeOutProbability(d, tau, r)).toBeCloseTo(s ** (r + 1), 15);
          expect(expectedLatencyGivenSuccess(d, tau, r) / (successTime / successMass)).toBeCloseTo(1, 10);
        }
      }
    }
  });

  it('with no timeout a single attempt costs the mean', () => {
    expect(expectedLatencyWithRetries(JOIN, Infinity, 3)).toBe(lognormalMean(JOIN));
    expect(allAttemptsTimeOutProbability(JOIN, Infinity, 3)).toBe(0);
    expect(() => expectedLatencyWithRetries(JOIN, 0, 1)).toThrow(/^timeout: expected/);
    expect(() => expectedLatencyWithRetries(JOIN, 1, 1.5)).toThrow(/^retries: expected/);
  });
});
