import { describe, expect, it } from 'vitest';
import { inverseRegularizedGammaP } from '../../src/math/inverseRegularizedGamma.js';
import { hallInterval, hallPValue } from '../../src/stats/intervals.js';
import { garwoodBounds, pValueOfBounds, stringerBounds } from '../../src/stats/lowInformationBounds.js';
import { meanEstimate, meanPValue } from '../../src/stats/meanEstimate.js';
import { Moments } from '../../src/stats/Moments.js';
import { mulberry32, relErr } from '../support/helpers.js';

const of = (xs: readonly number[]): Moments => xs.reduce((m, x) => m.add(x), new Moments());
// The Hall fixture: 79 nonzero of 400, mean 0.392, skewness 2.4006 (reference values: scipy 1.17).
const skewed = Array.from({ length: 400 }, (_, i) => (i % 5 === 0 ? ((i * 7919) % 1000) / 250 : 0));

describe('inverseRegularizedGammaP', () => {
  it('matches scipy.stats.gamma.ppf (scipy 1.17) in both tails and the middle', () => {
    const cases: [number, number, number][] = [
      [0.995, 1, 5.298317366548036],
      [0.005, 3, 0.33786338872773336],
      [0.995, 8.5, 17.859232829502304],
      [1e-10, 0.3, 3.2364402266035603e-34],
      [0.975, 5, 10.241588675403694],
      [0.5, 100, 99.66686491931549],
    ];
    for (const [p, a, x] of cases) expect(relErr(inverseRegularizedGammaP(p, a), x)).toBeLessThan(1e-12);
    expect(inverseRegularizedGammaP(0, 2)).toBe(0);
    expect(inverseRegularizedGammaP(1, 2)).toBe(Infinity);
    expect(() => inverseRegularizedGammaP(1.5, 2)).toThrow(/^p: expected a probability/);
  });
});

describe('Hall interval', () => {
  it('matches an independent computation (numpy/scipy) of Hall 1992 at 99% and 95%', () => {
    const m = of(skewed);
    const i99 = hallInterval(m, 0.99);
    expect(relErr(i99.low, 0.28218033388557506)).toBeLessThan(1e-12);
    expect(relErr(i99.high, 0.5297589756830023)).toBeLessThan(1e-12);
    const i95 = hallInterval(m, 0.95);
    expect(relErr(i95.low, 0.3069219034763974)).toBeLessThan(1e-12);
    expect(relErr(i95.high, 0.49381023798774915)).toBeLessThan(1e-12);
    // Right skew pushes the interval up: further above the mean than below it.
    expect(i99.high - 0.392).toBeGreaterThan(0.392 - i99.low);
    expect(relErr(hallPValue(m, 0.5), 0.03854603388791306)).toBeLessThan(1e-9);
  });

  it('p-value and interval agree: the bound itself has p = 1 − confidence', () => {
    const m = of(skewed);
    const i = hallInterval(m, 0.99);
    expect(hallPValue(m, i.high)).toBeCloseTo(0.01, 10);
    expect(hallPValue(m, i.low)).toBeCloseTo(0.01, 10);
    expect(hallPValue(m, m.mean)).toBeGreaterThan(0.5);
  });

  it('is the normal interval for symmetric data, and a point for constant data', () => {
    const m = of([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const i = hallInterval(m, 0.95);
    const sigma = Math.sqrt(m.m2 / 9);
    expect(relErr(i.high - 5, (1.959963984540054 * sigma) / 3)).toBeLessThan(1e-12);
    expect(hallInterval(of([2, 2, 2]), 0.95)).toMatchObject({ low: 2, high: 2 });
  });
});

describe('Stringer bounds', () => {
  it('match an independent computation (scipy beta quantiles)', () => {
    const b = stringerBounds([0.3, 0.05, 0.12], 200, 1)(0.005);
    expect(relErr(b.low, 0.0001256348568593503)).toBeLessThan(1e-10);
    expect(relErr(b.high, 0.030758830837563898)).toBeLessThan(1e-10);
    const r = stringerBounds([4, 1.5], 1000, 8760)(0.005);
    expect(relErr(r.low, 0.00016784278201401807)).toBeLessThan(1e-10);
    expect(relErr(r.high, 46.30175959513979)).toBeLessThan(1e-10);
  });

  it('with nothing seen: [0, R·(1 − a^(1/n))], the exact binomial bound (rule of three)', () => {
    const b = stringerBounds([], 200, 1)(0.005);
    expect(b.low).toBe(0);
    expect(relErr(b.high, 0.02614376298352128)).toBeLessThan(1e-14);
    expect(relErr(stringerBounds([], 200, 8760)(0.005).high, 8760 * 0.02614376298352128)).toBeLessThan(1e-14);
  });

  it('reduces to Clopper–Pearson when every nonzero value is the range', () => {
    const b = stringerBounds([1, 1, 1, 1], 50, 1)(0.025);
    expect(relErr(b.high, 0.19234278359596277)).toBeLessThan(1e-9); // scipy beta.ppf(0.975, 5, 46)
    expect(relErr(b.low, 0.02222796365492976)).toBeLessThan(1e-9); // scipy beta.ppf(0.025, 4, 47)
  });

  it('refuses values outside (0, R]', () => {
    expect(() => stringerBounds([2], 10, 1)).toThrow(/^values: expected numbers in \(0, 1\], got 2/);
    expect(() => stringerBounds([], 0, 1)).toThrow(/^n:/);
  });
});

describe('Garwood bounds', () => {
  it('match scipy gamma quantiles, with the dispersion factor', () => {
    const b = garwoodBounds(5, 7, 1000)(0.005);
    expect(relErr(b.low, 0.0007263243745380018)).toBeLessThan(1e-10);
    expect(relErr(b.high, 0.016673852868500205)).toBeLessThan(1e-10);
    const none = garwoodBounds(0, 0, 1000)(0.005);
    expect(none.low).toBe(0);
    expect(relErr(none.high, -Math.log(0.005) / 1000)).toBeLessThan(1e-12);
  });
});

describe('pValueOfBounds', () => {
  it('inverts the bounds: p = 1 − confidence exactly at a bound, 1 inside, tiny far out', () => {
    const bounds = stringerBounds([0.3, 0.05, 0.12], 200, 1);
    const at99 = bounds(0.005);
    expect(pValueOfBounds(bounds, at99.high)).toBeCloseTo(0.01, 8);
    expect(pValueOfBounds(bounds, at99.low)).toBeCloseTo(0.01, 8);
    expect(pValueOfBounds(bounds, 0.0024)).toBe(1);
    expect(pValueOfBounds(bounds, 0.5)).toBeLessThan(1e-30);
  });

  it('with nothing seen, equals the exact binomial test of "no replication had an outage"', () => {
    // P(Bin(200, 0.05) = 0) = 0.95^200, doubled for two sides.
    expect(relErr(pValueOfBounds(stringerBounds([], 200, 1), 0.05), 2 * 0.95 ** 200)).toBeLessThan(1e-9);
  });
});

describe('meanEstimate', () => {
  it('uses Stringer below 30 nonzero replications, flagged, never a zero-width interval', () => {
    const zeros = of(new Array<number>(200).fill(0));
    const e = meanEstimate(zeros, { range: 1, kind: 'amount' }, 0.99);
    expect(e).toMatchObject({ estimate: 0, low: 0, lowInformation: true, method: 'stringer', nonzero: 0 });
    expect(relErr(e.high, 0.02614376298352128)).toBeLessThan(1e-14);
    // The example: 8 replications of 200 with an outage.
    const u = mulberry32(3);
    const eight = of(Array.from({ length: 200 }, (_, i) => (i % 25 === 0 ? 4.5e-4 * (0.5 + u()) : 0)));
    const e8 = meanEstimate(eight, { range: 1, kind: 'amount' }, 0.99);
    expect(e8.lowInformation).toBe(true);
    expect(e8.low).toBeGreaterThanOrEqual(0);
    expect(e8.high).toBeLessThanOrEqual(1);
    expect(e8.low).toBeLessThan(e8.estimate);
    expect(e8.high).toBeGreaterThan(e8.estimate);
  });

  it('uses Garwood for counts, and Hall at 30 or more, clipped to the support', () => {
    const counts = of(Array.from({ length: 1000 }, (_, i) => (i === 3 ? 2 : i % 300 === 1 ? 1 : 0)));
    expect(meanEstimate(counts, { range: Infinity, kind: 'count' }, 0.99)).toMatchObject({ method: 'garwood', lowInformation: true, nonzero: 5 });
    const many = meanEstimate(of(skewed), { range: 4, kind: 'amount' }, 0.99);
    expect(many).toMatchObject({ method: 'hall', lowInformation: false, nonzero: 79 });
    // A mean near 0 with a wide spread: Hall's lower bound would go negative; it is clipped to 0.
    const near0 = of(Array.from({ length: 1000 }, (_, i) => (i < 31 ? (i === 0 ? 1 : 1e-9) : 0)));
    expect(meanEstimate(near0, { range: 1, kind: 'amount' }, 0.99).low).toBe(0);
  });

  it('gives p-values by the same method, and refutes values outside the support', () => {
    const m = of(skewed);
    expect(meanPValue(m, { range: 4, kind: 'amount' }, 0.5)).toBe(hallPValue(m, 0.5));
    expect(meanPValue(m, { range: 4, kind: 'amount' }, 5)).toBe(0);
    expect(meanPValue(m, { range: 4, kind: 'amount' }, -1e-20)).toBe(hallPValue(m, 0));
    const zeros = of(new Array<number>(200).fill(0));
    expect(meanPValue(zeros, { range: 1, kind: 'amount' }, 0.1)).toBeLessThan(1e-8); // 2·0.9^200
    expect(meanPValue(zeros, { range: 1, kind: 'amount' }, 1e-6)).toBe(1);
  });
});
