/** The timing-fault closed forms (src/analytic/timingFaults.ts) against independent computations. */
import { describe, expect, it } from 'vitest';
import { meanSlowProbability, roundTrip, slowFraction, slowMixture, type DelayLaw, type LatencyLaw } from '../../src/analytic/timingFaults.js';
import { normalCdf, normalQuantile } from '../../src/math/normal.js';

const expLaw = (mean: number): LatencyLaw => ({ mean, cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-x / mean)), partialMean: (x) => (x <= 0 ? 0 : mean * -Math.expm1(-x / mean) - x * Math.exp(-x / mean)) });
const expDelay = (mean: number): DelayLaw => ({ type: 'continuous', mean, cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-x / mean)), quantile: (u) => -mean * Math.log1p(-u) });

/** The hypoexponential CDF with distinct rates: 1 − Σ_i Π_{j≠i} λ_j/(λ_j − λ_i) e^{−λ_i x}. */
function hypoCdf(rates: number[], x: number): number {
  let s = 0;
  rates.forEach((li, i) => {
    let c = 1;
    rates.forEach((lj, j) => {
      if (j !== i) c *= lj / (lj - li);
    });
    s += c * Math.exp(-li * x);
  });
  return 1 - s;
}

/** ∫_0^x g by Simpson's rule on n (even) intervals. */
function simpson(g: (u: number) => number, x: number, n = 20000): number {
  const h = x / n;
  let s = g(0) + g(x);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * g(i * h);
  return (s * h) / 3;
}

describe('slow periods: the on/off process', () => {
  it('stationary fraction E[D]/(E[E] + E[D])', () => {
    expect(slowFraction(9, 1)).toBeCloseTo(0.1, 15);
    expect(() => slowFraction(0, 1)).toThrow(/meanEvery/);
  });

  it('the exact mean of p(t) over [a, b] matches the forward equation integrated by RK4 and averaged', () => {
    const E = 0.5;
    const D = 0.1;
    const [a, b] = [0.05, 2];
    const alpha = 1 / E;
    const beta = 1 / D;
    const f = (p: number) => alpha * (1 - p) - beta * p;
    const n = 200000;
    const h = b / n;
    let p = 0;
    let area = 0;
    for (let i = 0; i < n; i++) {
      const t = i * h;
      const k1 = f(p);
      const k2 = f(p + (h / 2) * k1);
      const k3 = f(p + (h / 2) * k2);
      const k4 = f(p + h * k3);
      const next = p + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
      if (t >= a - 1e-12) area += ((p + next) / 2) * h;
      p = next;
    }
    expect(meanSlowProbability(E, D, a, b)).toBeCloseTo(area / (b - a), 8);
    expect(meanSlowProbability(E, D, 0.3, 0.3)).toBeCloseTo((D / (E + D)) * -Math.expm1(-(alpha + beta) * 0.3), 14);
    expect(meanSlowProbability(E, D, 0, Infinity)).toBe(D / (E + D));
  });

  it('the mixture: P(timeout) = (1 − s)P(L > τ) + sP(kL > τ), and its partial mean against quadrature', () => {
    const law = expLaw(1);
    const m = slowMixture(law, 4, 0.2);
    expect(1 - m.cdf(2)).toBeCloseTo(0.8 * Math.exp(-2) + 0.2 * Math.exp(-0.5), 14);
    // E[X; X ≤ x] = x F(x) − ∫_0^x F.
    expect(m.partialMean(2)).toBeCloseTo(2 * m.cdf(2) - simpson((u) => m.cdf(u), 2), 9);
    expect(m.mean).toBeCloseTo(0.8 + 0.2 * 4, 14);
  });
});

describe('link latency: the round trip D_req + L + D_resp', () => {
  it('three exponentials: the hypoexponential CDF, rates far apart too', () => {
    for (const [req, exec, resp] of [
      [0.1, 1, 0.3],
      [0.001, 1, 0.02],
      [0.5, 0.2, 0.05],
    ] as const) {
      const rt = roundTrip(expLaw(exec), [expDelay(req), expDelay(resp)]);
      for (const x of [0.05, 0.5, 1, 3]) expect(rt.cdf(x)).toBeCloseTo(hypoCdf([1 / req, 1 / exec, 1 / resp], x), 10);
      const x = 1.5;
      expect(rt.partialMean(x)).toBeCloseTo(x * hypoCdf([1 / req, 1 / exec, 1 / resp], x) - simpson((u) => hypoCdf([1 / req, 1 / exec, 1 / resp], u), x), 8);
    }
  });

  it('constant delays are shifts; none is the execution law itself', () => {
    const law = expLaw(1);
    const rt = roundTrip(law, [{ type: 'constant', value: 0.1 }, { type: 'constant', value: 0.2 }]);
    expect(rt.cdf(1)).toBeCloseTo(law.cdf(0.7), 15);
    expect(rt.partialMean(1)).toBeCloseTo(0.3 * law.cdf(0.7) + law.partialMean(0.7), 15);
    expect(rt.cdf(0.25)).toBe(0);
    expect(roundTrip(law, []).cdf(1)).toBe(law.cdf(1));
  });

  it('a lognormal execution with a narrow exponential delay: against a Simpson convolution', () => {
    const mu = Math.log(1);
    const sigma = 0.5;
    const lnCdf = (x: number) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma));
    const law: LatencyLaw = { mean: Math.exp(mu + sigma ** 2 / 2), cdf: lnCdf, partialMean: () => NaN };
    const lnQuantileDelay: DelayLaw = { type: 'continuous', mean: 0.01, cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-x / 0.01)), quantile: (u) => -0.01 * Math.log1p(-u) };
    const rt = roundTrip(law, [lnQuantileDelay]);
    const x = 1.8;
    // ∫_0^x f_D(d) F_L(x − d) dd with the delay's density.
    const direct = simpson((d) => (Math.exp(-d / 0.01) / 0.01) * lnCdf(x - d), x, 200000);
    expect(rt.cdf(x)).toBeCloseTo(direct, 9);
    void normalQuantile;
  });
});
