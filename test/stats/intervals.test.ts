import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { normalQuantile } from '../../src/math/normal.js';
import { clopperPearsonInterval, meanInterval, wilsonInterval } from '../../src/stats/intervals.js';
import { Moments } from '../../src/stats/Moments.js';
import { mulberry32, relErr } from '../support/helpers.js';



/** Half-width of a ±4σ band for an observed coverage over `trials` Bernoulli(level) outcomes. */
function coverageBand(level: number, trials: number): number {
  return 4 * Math.sqrt((level * (1 - level)) / trials);
}

describe('meanInterval', () => {
  it('uses t_{0.975,10} = 2.228138851986274 (16-digit tables) for n = 11', () => {
    const iv = meanInterval({ count: 11, mean: 5, stdDev: 2 }, 0.95, 'student-t');
    const se = 2 / Math.sqrt(11);
    expect(iv.estimate).toBe(5);
    expect(iv.stdError).toBe(se);
    expect(relErr(iv.high - 5, 2.228138851986274 * se)).toBeLessThan(1e-14);
    expect(relErr(5 - iv.low, 2.228138851986274 * se)).toBeLessThan(1e-14);
    expect(iv.confidence).toBe(0.95);
  });

  it('uses Φ⁻¹(0.975) = 1.959963984540054 with the normal method, and accepts a Moments accumulator', () => {
    const w = new Moments();
    for (const x of [1, 2, 3, 4, 5]) w.add(x);
    const iv = meanInterval(w, 0.95, 'normal');
    expect(relErr(iv.high - 3, 1.959963984540054 * w.standardError)).toBeLessThan(1e-14);
  });

  it('covers the true mean of normal data at the nominal rate (seeded simulation)', () => {
    const u = mulberry32(20240601);
    const trials = 4000;
    let covered = 0;
    for (let k = 0; k < trials; k++) {
      const w = new Moments();
      for (let i = 0; i < 5; i++) w.add(10 + 3 * normalQuantile(u() || 0.5));
      const iv = meanInterval(w, 0.9, 'student-t');
      if (iv.low <= 10 && 10 <= iv.high) covered++;
    }
    // The t interval is exact for normal data: coverage 0.9, binomial noise only.
    expect(Math.abs(covered / trials - 0.9)).toBeLessThan(coverageBand(0.9, trials));
  });

  it('throws FaultlineErrors naming confidence, count, stdDev and method', () => {
    const ok = { count: 10, mean: 1, stdDev: 1 };
    for (const bad of [0, 1, -0.5, NaN]) expect(() => meanInterval(ok, bad)).toThrow(/^confidence: expected/);
    expect(() => meanInterval({ count: 1, mean: 1, stdDev: NaN }, 0.95)).toThrow(/^count: expected/);
    expect(() => meanInterval({ count: 5, mean: 1, stdDev: -1 }, 0.95)).toThrow(/^stdDev: expected/);
    // @ts-expect-error: an invalid method from untyped callers must still fail loudly.
    expect(() => meanInterval(ok, 0.95, 'wald')).toThrow(FaultlineError);
  });
});

describe('wilsonInterval', () => {
  // mpmath 50 digits from Wilson's (1927) closed form with z = √2 erfinv(0.95).
  it('matches the closed form and stays inside [0, 1] at 0/10 and 10/10', () => {
    const zero = wilsonInterval(0, 10, 0.95);
    expect(zero.low).toBe(0);
    expect(relErr(zero.high, 0.27753279986288926)).toBeLessThan(1e-14);
    const all = wilsonInterval(10, 10, 0.95);
    expect(all.high).toBe(1);
    expect(relErr(all.low, 0.7224672001371107)).toBeLessThan(1e-14);
    const three = wilsonInterval(3, 10, 0.95);
    expect(relErr(three.low, 0.10779126740630102)).toBeLessThan(1e-14);
    expect(relErr(three.high, 0.6032218525388546)).toBeLessThan(1e-14);
    expect(three.estimate).toBe(0.3);
    const big = wilsonInterval(47, 1000, 0.95);
    expect(relErr(big.low, 0.035527105106384495)).toBeLessThan(1e-13);
    expect(relErr(big.high, 0.06193993808152845)).toBeLessThan(1e-13);
  });

  it('returns the vacuous interval [0, 1] for n = 0', () => {
    const iv = wilsonInterval(0, 0, 0.95);
    expect([iv.low, iv.high]).toEqual([0, 1]);
    expect(iv.estimate).toBeNaN();
  });

  it('throws FaultlineErrors naming successes, n and confidence', () => {
    expect(() => wilsonInterval(11, 10, 0.95)).toThrow(/^successes: expected/);
    expect(() => wilsonInterval(-1, 10, 0.95)).toThrow(/^successes: expected/);
    expect(() => wilsonInterval(1.5, 10, 0.95)).toThrow(/^successes: expected/);
    expect(() => wilsonInterval(1, 10.5, 0.95)).toThrow(/^n: expected/);
    expect(() => wilsonInterval(1, -1, 0.95)).toThrow(/^n: expected/);
    expect(() => wilsonInterval(1, 10, 1)).toThrow(/^confidence: expected/);
  });
});

describe('clopperPearsonInterval', () => {
  it('matches exact beta quantiles (mpmath 50 digits, root of betainc) and R binom.test for 3/10', () => {
    // R: binom.test(3, 10)$conf.int = 0.06673951 0.65245285.
    const cases: ReadonlyArray<readonly [number, number, number, number]> = [
      [3, 10, 0.06673951117773447, 0.6524528500599973],
      [1, 20, 0.0012650894979498036, 0.24873276277202777],
      [47, 1000, 0.03473506226679596, 0.062012630693305155],
      [19, 20, 0.7512672372279722, 0.9987349105020502],
    ];
    for (const [x, n, low, high] of cases) {
      const iv = clopperPearsonInterval(x, n, 0.95);
      expect(relErr(iv.low, low), `low ${x}/${n}`).toBeLessThan(1e-12);
      expect(relErr(iv.high, high), `high ${x}/${n}`).toBeLessThan(1e-12);
    }
  });

  it('has the closed forms at the ends: 0/n gives [0, 1 - (α/2)^(1/n)], n/n gives [(α/2)^(1/n), 1]', () => {
    for (const n of [1, 7, 30, 1000]) {
      const zero = clopperPearsonInterval(0, n, 0.95);
      expect(zero.low).toBe(0);
      expect(relErr(zero.high, 1 - 0.025 ** (1 / n))).toBeLessThan(1e-13);
      const all = clopperPearsonInterval(n, n, 0.95);
      expect(all.high).toBe(1);
      expect(relErr(all.low, 0.025 ** (1 / n))).toBeLessThan(1e-14);
    }
  });

  it('covers at least the nominal level (seeded binomial simulation)', () => {
    const u = mulberry32(99);
    const trials = 3000;
    const n = 40;
    const p = 0.12;
    let covered = 0;
    for (let k = 0; k < trials; k++) {
      let x = 0;
      for (let i = 0; i < n; i++) if (u() < p) x++;
      const iv = clopperPearsonInterval(x, n, 0.9);
      if (iv.low <= p && p <= iv.high) covered++;
    }
    // Clopper–Pearson is conservative: coverage ≥ 0.9, so only the lower side is tested.
    expect(covered / trials).toBeGreaterThan(0.9 - coverageBand(0.9, trials));
  });

  it('throws FaultlineErrors naming successes, n and confidence', () => {
    expect(() => clopperPearsonInterval(3, 2, 0.95)).toThrow(/^successes: expected/);
    expect(() => clopperPearsonInterval(0, NaN, 0.95)).toThrow(/^n: expected/);
    expect(() => clopperPearsonInterval(0, 5, 0)).toThrow(/^confidence: expected/);
  });
});
