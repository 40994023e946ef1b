// The critical path of a series–parallel reducible DAG (src/analytic/criticalPath.ts) against
// exact laws (exponentials in series: Erlang and hypoexponential CDFs; in parallel: E[max] by
// `expectedMaximumExponential`), against a direct Monte Carlo of 10^6 incidents of the bundled
// seed-000 dependency order, and its refusal of a Wheatstone bridge.
import { describe, expect, it } from 'vitest';
import { criticalPathLaw, type CriticalPathStep, type DurationLaw } from '../../src/analytic/criticalPath.js';
import { expectedMaximumExponential } from '../../src/analytic/parallelRecovery.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { fromSpec } from '../../src/random/distributions/fromSpec.js';

const exponential = (rate: number): DurationLaw => ({
  cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-rate * x)),
  quantile: (p) => -Math.log1p(-p) / rate,
});
const point = (value: number): DurationLaw => ({ cdf: (x) => (x >= value ? 1 : 0), quantile: () => value });
const step = (name: string, law: DurationLaw, after: string[] = []): CriticalPathStep => ({ name, law, after });

/** Hypoexponential CDF of a sum of independent exponentials with distinct rates: 1 − Σ_i Π_{j≠i} λ_j/(λ_j − λ_i) e^{−λ_i x}. */
function hypoexponentialCdf(rates: number[], x: number): number {
  let survival = 0;
  rates.forEach((li, i) => {
    let c = 1;
    rates.forEach((lj, j) => {
      if (j !== i) c *= lj / (lj - li);
    });
    survival += c * Math.exp(-li * x);
  });
  return 1 - survival;
}

describe('criticalPathLaw: exact cases', () => {
  it('three unit exponentials in series: Erlang(3, 1), mean 3 and P(T ≤ x) = 1 − e^{−x}(1 + x + x²/2)', () => {
    const law = criticalPathLaw([step('a', exponential(1)), step('b', exponential(1), ['a']), step('c', exponential(1), ['b'])])!;
    expect(law.errorBound).toBeCloseTo((3 * law.step) / 2, 15);
    expect(Math.abs(law.mean - 3)).toBeLessThan(law.errorBound);
    expect(Math.abs(law.mean - 3)).toBeLessThan(1e-6); // midpoint rounding: O(h²) in practice
    for (const x of [0.5, 1, 3, 6, 12]) expect(Math.abs(law.cdf(x) - (1 - Math.exp(-x) * (1 + x + (x * x) / 2)))).toBeLessThan(1e-6);
    // The stated bracket: cdf(x − B − h/2) ≤ F(x) ≤ cdf(x + B + 3h/2).
    for (const x of [0.5, 2, 8]) {
      const exact = 1 - Math.exp(-x) * (1 + x + (x * x) / 2);
      expect(law.cdf(x - law.errorBound - law.step / 2)).toBeLessThanOrEqual(exact + 1e-14);
      expect(law.cdf(x + law.errorBound + (3 * law.step) / 2)).toBeGreaterThanOrEqual(exact - 1e-14);
    }
    // p99 of Erlang(3, 1) is 8.405947...: the root of the CDF above at 0.99.
    expect(law.quantile(0.99)).toBeCloseTo(8.405947, 4);
  });

  it('rates 1, 2, 5 in series: hypoexponential mean 1.7 and CDF, whatever the file order', () => {
    const law = criticalPathLaw([step('c', exponential(5), ['b']), step('a', exponential(1)), step('b', exponential(2), ['a'])])!;
    expect(Math.abs(law.mean - 1.7)).toBeLessThan(1e-6);
    for (const x of [0.2, 1, 2, 5]) expect(Math.abs(law.cdf(x) - hypoexponentialCdf([1, 2, 5], x))).toBeLessThan(1e-6);
  });

  it('rates 1, 2, 3 in parallel: E[max] = expectedMaximumExponential, P(T ≤ x) = Π (1 − e^{−λx})', () => {
    const law = criticalPathLaw([step('a', exponential(1)), step('b', exponential(2)), step('c', exponential(3))])!;
    expect(Math.abs(law.mean - expectedMaximumExponential([1, 2, 3]))).toBeLessThan(1e-6);
    expect(law.errorBound).toBeCloseTo(law.step / 2, 15); // one step on every path
    for (const x of [0.3, 1, 4]) expect(Math.abs(law.cdf(x) - (1 - Math.exp(-x)) * (1 - Math.exp(-2 * x)) * (1 - Math.exp(-3 * x)))).toBeLessThan(1e-6);
  });

  it('a transitive dependency changes nothing: c after a and b, b after a is a + b + c (Erlang(3, 1))', () => {
    const law = criticalPathLaw([step('a', exponential(1)), step('b', exponential(1), ['a']), step('c', exponential(1), ['a', 'b'])])!;
    expect(Math.abs(law.mean - 3)).toBeLessThan(1e-6);
    expect(Math.abs(law.cdf(3) - (1 - Math.exp(-3) * 8.5))).toBeLessThan(1e-6);
  });

  it('a and b before c and d (a complete bipartite order, one junction): max(A, B) + max(C, D)', () => {
    // E[max(A, B)] for rates 1 and 2: 1 + 1/2 − 1/3; for C, D of rates 3 and 4: 1/3 + 1/4 − 1/7.
    const law = criticalPathLaw([step('a', exponential(1)), step('b', exponential(2)), step('c', exponential(3), ['a', 'b']), step('d', exponential(4), ['b', 'a'])])!;
    expect(Math.abs(law.mean - (1 + 1 / 2 - 1 / 3 + 1 / 3 + 1 / 4 - 1 / 7))).toBeLessThan(1e-6);
    expect(law.errorBound).toBeCloseTo(law.step, 15); // two steps on every path
  });

  it('deterministic steps: the hand-worked critical path 10 + 5 + 3 + 30 = 48 (within the lattice bound)', () => {
    const law = criticalPathLaw([
      step('net', point(10)),
      step('coord', point(5), ['net']),
      step('src', point(2), ['net']),
      step('exec', point(3), ['coord']),
      step('refl', point(30), ['exec', 'src']),
    ])!;
    expect(Math.abs(law.mean - 48)).toBeLessThanOrEqual(law.errorBound);
    expect(law.errorBound).toBeCloseTo((4 * law.step) / 2, 12);
  });

  it('a Wheatstone bridge (c after a; d after a and b) is not series–parallel: no law', () => {
    expect(criticalPathLaw([step('a', exponential(1)), step('b', exponential(1)), step('c', exponential(1), ['a']), step('d', exponential(1), ['a', 'b'])])).toBeUndefined();
  });

  it('names an unknown dependency, a law with negative mass and a bad lattice size', () => {
    expect(() => criticalPathLaw([step('a', exponential(1), ['z'])])).toThrow(/steps\.a\.after\[0\].*"z"/);
    expect(() => criticalPathLaw([step('a', { cdf: (x) => (x >= -1 ? 1 : 0), quantile: () => -1 })])).toThrow(/steps\.a\.law/);
    expect(() => criticalPathLaw([step('a', exponential(1))], 3)).toThrow(/points/);
    expect(() => criticalPathLaw([step('a', exponential(1), ['b']), step('b', exponential(1), ['a'])])).toThrow(/steps\.[ab]\.after.*acyclic/);
  });
});

/** E[T] for exponential steps by the Markov chain on the set of finished steps: exact for any DAG (N included). */
function exponentialCriticalPathMean(rates: number[], preds: number[][]): number {
  const n = rates.length;
  const memo = new Float64Array(1 << n).fill(NaN);
  const from = (done: number): number => {
    if (done === (1 << n) - 1) return 0;
    if (!Number.isNaN(memo[done]!)) return memo[done]!;
    let total = 0;
    let weighted = 1;
    for (let i = 0; i < n; i++) {
      if (done & (1 << i) || !preds[i]!.every((p) => done & (1 << p))) continue;
      total += rates[i]!;
      weighted += rates[i]! * from(done | (1 << i));
    }
    return (memo[done] = weighted / total);
  };
  return from(0);
}

/** Whether the order (transitive closure of preds) has an induced N: a < c, a < d, b < d, every other pair of the four incomparable. */
function hasN(preds: number[][]): boolean {
  const n = preds.length;
  const lt = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  for (let v = 0; v < n; v++) for (const u of preds[v]!) lt[u]![v] = true;
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (lt[i]![k] && lt[k]![j]) lt[i]![j] = true;
  const free = (x: number, y: number) => !lt[x]![y] && !lt[y]![x];
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) for (let c = 0; c < n; c++) for (let d = 0; d < n; d++) {
    if (new Set([a, b, c, d]).size < 4) continue;
    if (lt[a]![c] && lt[a]![d] && lt[b]![d] && free(b, c) && free(a, b) && free(c, d)) return true;
  }
  return false;
}

describe('criticalPathLaw: random orders of up to 6 exponential steps', () => {
  it('a law exactly when the order is N-free (series–parallel), and then E[T] = the Markov chain’s to 1e-4 (the h² of 2^14 points)', () => {
    let state = 7;
    const uniform = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
    let reducible = 0;
    for (let trial = 0; trial < 60; trial++) {
      const n = 3 + Math.floor(uniform() * 4);
      const rates = Array.from({ length: n }, () => 0.5 + 3 * uniform());
      // Steps in index order; each earlier step a predecessor with probability 0.4.
      const preds = Array.from({ length: n }, (_, v) => Array.from({ length: v }, (_, u) => u).filter(() => uniform() < 0.4));
      const law = criticalPathLaw(rates.map((r, v) => step(`s${v}`, exponential(r), preds[v]!.map((u) => `s${u}`))), 1 << 14);
      expect(law === undefined).toBe(hasN(preds));
      if (law === undefined) continue;
      reducible++;
      const error = Math.abs(law.mean - exponentialCriticalPathMean(rates, preds));
      expect(error).toBeLessThan(law.errorBound);
      expect(error).toBeLessThan(1e-4);
    }
    expect(reducible).toBeGreaterThan(20); // both kinds were drawn
    expect(reducible).toBeLessThan(60);
  });
});

describe('criticalPathLaw: the bundled seed-000 dependency order', () => {
  // network → coordinator → executors → reflections, network → sources → reflections (hours).
  const scenario = loadScenario(bundledScenarioPath('recovery-times-dependencies'));
  const steps = scenario.recovery!.steps.map((s) => ({ name: s.name, law: fromSpec(s.duration, s.name), after: s.after }));
  const lognormal = (name: string) => {
    const d = scenario.recovery!.steps.find((s) => s.name === name)!.duration as unknown as { mean: number; sd: number };
    const s2 = Math.log(1 + (d.sd * d.sd) / (d.mean * d.mean));
    return { mu: Math.log(d.mean) - s2 / 2, sigma: Math.sqrt(s2) };
  };

  it('the scenario is N + max(C + E, S) + R, and the lattice converges (2^12 and 2^16 points agree to 1e-7 h)', () => {
    expect(steps.map((s) => [s.name, s.after])).toEqual([
      ['network_healing', []],
      ['coordinator_restart', ['network_healing']],
      ['executor_restart', ['coordinator_restart']],
      ['source_reconnect', ['network_healing']],
      ['reflection_rebuild', ['executor_restart', 'source_reconnect']],
    ]);
    const fine = criticalPathLaw(steps)!;
    const coarse = criticalPathLaw(steps, 1 << 12)!;
    expect(Math.abs(fine.mean - coarse.mean)).toBeLessThan(1e-7);
    expect(Math.abs(fine.quantile(0.99) - coarse.quantile(0.99))).toBeLessThan(1e-4);
    // At least the sum of the means along the longest chain, 48 min (Jensen: E[max] ≥ max E).
    expect(fine.mean * 60).toBeGreaterThan(48);
    expect(fine.mean * 60).toBeLessThan(48.001);
  });

  it('a direct Monte Carlo of 10^6 incidents of N + max(C + E, S) + R: mean within 5 standard errors, P(T ≤ p99) within 5 binomial ones', () => {
    const law = criticalPathLaw(steps)!;
    const p99 = law.quantile(0.99);
    const [N, C, E, S, R] = ['network_healing', 'coordinator_restart', 'executor_restart', 'source_reconnect', 'reflection_rebuild'].map(lognormal) as { mu: number; sigma: number }[];
    // mulberry32 and Box–Muller: a generator independent of the simulator's streams.
    let state = 20261202;
    const uniform = () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296 + 1 / 8589934592;
    };
    const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const draw = (l: { mu: number; sigma: number }) => Math.exp(l.mu + l.sigma * normal());
    const n = 1_000_000;
    let sum = 0;
    let sq = 0;
    let below = 0;
    for (let i = 0; i < n; i++) {
      const t = draw(N!) + Math.max(draw(C!) + draw(E!), draw(S!)) + draw(R!);
      sum += t;
      sq += t * t;
      if (t <= p99) below++;
    }
    const mean = sum / n;
    const se = Math.sqrt((sq / n - mean * mean) / (n - 1));
    expect(Math.abs(mean - law.mean)).toBeLessThan(5 * se);
    expect(Math.abs(below / n - 0.99)).toBeLessThan(5 * Math.sqrt((0.99 * 0.01) / n));
  });
});
