// k-of-n systems against enumeration over 2^n component states, the full 2^n-state CTMC, and
// textbook values.
import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { absorption } from '../../src/analytic/ctmc/absorption.js';
import { generator, type Generator, type Transition } from '../../src/analytic/ctmc/generator.js';
import { steadyState } from '../../src/analytic/ctmc/steadyState.js';
import { transient } from '../../src/analytic/ctmc/transient.js';
import {
  kOfNMttf,
  kOfNReliability,
  kOfNRepairChain,
  kOfNRepairMttf,
  kOfNRepairReliability,
  kOfNSharedRepairAvailability,
  kOfNSteadyAvailability,
} from '../../src/analytic/kOfN.js';
import { kOfNGroupsUnavailability } from '../../src/analytic/kOfNGroups.js';

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

const popcount = (m: number): number => {
  let c = 0;
  for (let x = m; x > 0; x >>= 1) c += x & 1;
  return c;
};

/** P(at least k of n independent components up), each up with `a` and down with `q`, by enumerating 2^n states. */
function enumerate(n: number, k: number, a: number, q: number): { up: number; down: number } {
  let up = 0;
  let down = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    const ups = popcount(mask);
    const p = a ** ups * q ** (n - ups);
    if (ups >= k) up += p;
    else down += p;
  }
  return { up, down };
}

/**
 * The full chain on 2^n masks of failed components (bit i set = component i down). With c crews
 * the j failed components share them equally (processor sharing, min(j, c)μ/j each): one
 * work-conserving discipline, which for identical exponential components gives the same number-
 * failed process as any other, so this is a second, unlumped derivation of the birth–death model.
 */
function fullChain(n: number, lambda: number, mu: number, crews: number): Generator {
  const t: Transition[] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    const failed = popcount(mask);
    for (let i = 0; i < n; i++) {
      const bit = 1 << i;
      if ((mask & bit) === 0) t.push({ from: mask, to: mask | bit, rate: lambda });
      else t.push({ from: mask, to: mask & ~bit, rate: (Math.min(failed, crews) * mu) / failed });
    }
  }
  return generator(1 << n, t);
}

/** Masks of the full chain with fewer than k components up. */
function failedMasks(n: number, k: number): number[] {
  const out: number[] = [];
  for (let mask = 0; mask < 1 << n; mask++) if (n - popcount(mask) < k) out.push(mask);
  return out;
}

function expectNamed(fn: () => unknown, name: string): void {
  expect(fn).toThrow(FaultlineError);
  expect(fn).toThrow(new RegExp(`^${name}: expected`));
}

describe('k-of-n without repair', () => {
  it('R(t) matches enumeration over 2^n states for n ≤ 6 and every k', () => {
    for (let n = 1; n <= 6; n++) {
      for (let k = 1; k <= n; k++) {
        for (const t of [1e-3, 10, 1000, 20000]) {
          const mttf = 4380;
          const r = kOfNReliability({ count: n, atLeast: k, mttf }, t);
          const e = enumerate(n, k, Math.exp(-t / mttf), -Math.expm1(-t / mttf));
          expect(relErr(r.up, e.up)).toBeLessThan(1e-13);
          expect(relErr(r.down, e.down)).toBeLessThan(1e-13);
        }
      }
    }
  });

  it('TMR (2-of-3): 1 − R(t) keeps relative precision at 3(λt)² ≈ 4e-14', () => {
    const lambdaT = 1e-3 / 8760;
    const r = kOfNReliability({ count: 3, atLeast: 2, mttf: 8760 }, 1e-3);
    // 1 − (3r² − 2r³) with q = 1 − r: 3q² − 2q³ exactly.
    const q = -Math.expm1(-lambdaT);
    expect(relErr(r.down, 3 * q * q - 2 * q ** 3)).toBeLessThan(1e-14);
  });

  it('MTTF: TMR = 5/(6λ) (Trivedi 2002, ch. 4) and Σ 1/(iλ) via absorption on the 2^n chain', () => {
    expect(relErr(kOfNMttf({ count: 3, atLeast: 2, mttf: 8760 }), (5 / 6) * 8760)).toBeLessThan(1e-15);
    for (const [n, k] of [[4, 2], [5, 3], [6, 1], [3, 3]] as const) {
      const lambda = 1 / 100;
      const p0 = new Float64Array(1 << n);
      p0[0] = 1;
      const viaChain = absorption(fullChain(n, lambda, 0, 1), p0, failedMasks(n, k)).meanTime;
      expect(relErr(kOfNMttf({ count: n, atLeast: k, mttf: 100 }), viaChain)).toBeLessThan(1e-13);
    }
  });
});

describe('k-of-n with independent repair, steady state', () => {
  it('matches enumeration, GTH on the 2^n chain, and kOfNGroupsUnavailability', () => {
    for (const [n, k, mttf, mttr] of [[3, 2, 8760, 4], [6, 2, 4380, 4], [5, 3, 10, 3], [4, 4, 100, 1]] as const) {
      const a = kOfNSteadyAvailability({ count: n, atLeast: k, mttf, mttr });
      const e = enumerate(n, k, mttf / (mttf + mttr), mttr / (mttf + mttr));
      expect(relErr(a.up, e.up)).toBeLessThan(1e-14);
      expect(relErr(a.down, e.down)).toBeLessThan(1e-13);
      const pi = steadyState(fullChain(n, 1 / mttf, 1 / mttr, n));
      const downViaChain = failedMasks(n, k).reduce((s, m) => s + pi[m]!, 0);
      expect(relErr(a.down, downViaChain)).toBeLessThan(1e-12);
      expect(relErr(a.down, kOfNGroupsUnavailability([{ count: n, atLeast: k, mttf, mttr }]))).toBeLessThan(1e-14);
    }
  });
});

describe('k-of-n with c shared repair crews, steady state', () => {
  it('reference values computed with python fractions', () => {
    // python3, fractions.Fraction: ρ = 4/8760, U = (6ρ² + 6ρ³)/(1 + 3ρ + 6ρ² + 6ρ³) for 2-of-3, one crew.
    const oneCrew = kOfNSharedRepairAvailability({ count: 3, atLeast: 2, mttf: 8760, mttr: 4, crews: 1 });
    expect(relErr(oneCrew.down, 1.2498739708035864e-6)).toBeLessThan(1e-14);
    // python3, fractions: π_j ∝ Π (5 − i)ρ/min(i + 1, 2), ρ = 1/100; U = Σ_{j≥3} π_j.
    const twoCrews = kOfNSharedRepairAvailability({ count: 5, atLeast: 3, mttf: 1000, mttr: 10, crews: 2 });
    expect(relErr(twoCrews.down, 1.4415348807472936e-5)).toBeLessThan(1e-14);
  });

  it('equals the binomial model when crews ≥ n, and is worse with fewer crews', () => {
    const g = { count: 6, atLeast: 2, mttf: 4380, mttr: 4 };
    const binomial = kOfNSteadyAvailability(g).down;
    expect(relErr(kOfNSharedRepairAvailability(g).down, binomial)).toBeLessThan(1e-13);
    expect(relErr(kOfNSharedRepairAvailability({ ...g, crews: 9 }).down, binomial)).toBeLessThan(1e-13);
    expect(kOfNSharedRepairAvailability({ ...g, crews: 1 }).down).toBeGreaterThan(binomial * 10);
  });

  it('matches GTH on the birth–death chain and on the processor-sharing 2^n chain', () => {
    for (const [n, k, c] of [[4, 2, 1], [4, 3, 2], [5, 1, 1], [5, 3, 3]] as const) {
      const mttf = 30;
      const mttr = 2;
      const model = kOfNSharedRepairAvailability({ count: n, atLeast: k, mttf, mttr, crews: c });
      const t: Transition[] = [];
      for (let j = 0; j < n; j++) t.push({ from: j, to: j + 1, rate: (n - j) / mttf }, { from: j + 1, to: j, rate: Math.min(j + 1, c) / mttr });
      const pi = steadyState(generator(n + 1, t));
      let down = 0;
      for (let j = n - k + 1; j <= n; j++) down += pi[j]!;
      expect(relErr(model.down, down)).toBeLessThan(1e-13);
      const full = steadyState(fullChain(n, 1 / mttf, 1 / mttr, c));
      expect(relErr(model.down, failedMasks(n, k).reduce((s, m) => s + full[m]!, 0))).toBeLessThan(1e-12);
      expect(Math.abs(model.up + model.down - 1)).toBeLessThan(1e-15);
    }
  });
});

describe('k-of-n with repair: MTTF and mission reliability', () => {
  it('TMR MTTF with repair = (5λ + μ)/(6λ²) (Trivedi 2002, ch. 8)', () => {
    const lambda = 1 / 8760;
    const mu = 1 / 4;
    const expected = (5 * lambda + mu) / (6 * lambda * lambda);
    for (const crews of [1, 2, 3]) {
      expect(relErr(kOfNRepairMttf({ count: 3, atLeast: 2, mttf: 8760, mttr: 4, crews }), expected)).toBeLessThan(1e-14);
    }
  });

  it('3-of-5 with two crews: 355783.333… h (python fractions, linear solve)', () => {
    expect(relErr(kOfNRepairMttf({ count: 5, atLeast: 3, mttf: 1000, mttr: 10, crews: 2 }), 355783.3333333333)).toBeLessThan(1e-14);
  });

  it('matches absorption on the lumped chain and on the 2^n chain, for several crews', () => {
    for (const [n, k, c] of [[4, 2, 1], [4, 3, 4], [5, 3, 2], [5, 1, 5], [3, 3, 1]] as const) {
      const g = { count: n, atLeast: k, mttf: 20, mttr: 3, crews: c };
      const mttf = kOfNRepairMttf(g);
      const Q = kOfNRepairChain(g);
      const p0 = new Float64Array(Q.size);
      p0[0] = 1;
      expect(relErr(mttf, absorption(Q, p0, [Q.size - 1]).meanTime)).toBeLessThan(1e-13);
      const full = new Float64Array(1 << n);
      full[0] = 1;
      expect(relErr(mttf, absorption(fullChain(n, 1 / 20, 1 / 3, c), full, failedMasks(n, k)).meanTime)).toBeLessThan(1e-12);
    }
  });

  it('TMR mission reliability matches (α₁e^{α₂t} − α₂e^{α₁t})/(α₁ − α₂) (Trivedi 2002, ch. 8)', () => {
    // α₁,₂ = [−(5λ + μ) ± √(λ² + 10λμ + μ²)]/2, the eigenvalues of the 2×2 transient block.
    const lambda = 1 / 100;
    const mu = 1 / 4;
    const root = Math.sqrt(lambda * lambda + 10 * lambda * mu + mu * mu);
    const a1 = (-(5 * lambda + mu) + root) / 2;
    const a2 = (-(5 * lambda + mu) - root) / 2;
    for (const t of [1, 24, 500, 5000]) {
      const exact = (a1 * Math.exp(a2 * t) - a2 * Math.exp(a1 * t)) / (a1 - a2);
      const r = kOfNRepairReliability({ count: 3, atLeast: 2, mttf: 100, mttr: 4 }, t);
      expect(Math.abs(r.up - exact)).toBeLessThan(1e-13);
      expect(Math.abs(r.up + r.down - 1)).toBeLessThan(1e-13);
    }
  });

  it('a tiny unreliability keeps relative precision (2^n chain with a tiny error budget)', () => {
    // 3-of-5, λ = 1e-4/h, MTTR 1 h, 1 h mission: 1 − R ≈ C(5,3)(λt)³/… ≈ 1e-12.
    const g = { count: 5, atLeast: 3, mttf: 1e4, mttr: 1, crews: 5 };
    const r = kOfNRepairReliability(g, 1);
    const Q = fullChain(5, 1e-4, 1, 5);
    // Make the failed masks absorbing by dropping their outgoing transitions.
    const failed = new Set(failedMasks(5, 3));
    const rates = Float64Array.from(Q.rates);
    for (const m of failed) for (let j = 0; j < 32; j++) rates[m * 32 + j] = 0;
    const p0 = new Float64Array(32);
    p0[0] = 1;
    const p = transient({ size: 32, rates }, p0, 1, { epsilon: 1e-40 });
    const down = [...failed].reduce((s, m) => s + p[m]!, 0);
    expect(down).toBeLessThan(1e-10);
    expect(relErr(r.down, down)).toBeLessThan(1e-12);
  });

  it('with negligible repair it is the no-repair reliability', () => {
    const r = kOfNRepairReliability({ count: 4, atLeast: 2, mttf: 100, mttr: 1e20 }, 150);
    const noRepair = kOfNReliability({ count: 4, atLeast: 2, mttf: 100 }, 150);
    expect(relErr(r.up, noRepair.up)).toBeLessThan(1e-12);
    expect(relErr(r.down, noRepair.down)).toBeLessThan(1e-12);
  });
});

describe('k-of-n parameter validation', () => {
  it('names the offending parameter', () => {
    expectNamed(() => kOfNReliability({ count: 0, atLeast: 1, mttf: 1 }, 1), 'count');
    expectNamed(() => kOfNReliability({ count: 3, atLeast: 4, mttf: 1 }, 1), 'atLeast');
    expectNamed(() => kOfNReliability({ count: 3, atLeast: 2, mttf: 1 }, -1), 't');
    expectNamed(() => kOfNMttf({ count: 3, atLeast: 2.5, mttf: 1 }), 'atLeast');
    expectNamed(() => kOfNSteadyAvailability({ count: 3, atLeast: 2, mttf: 1, mttr: 0 }), 'mttr');
    expectNamed(() => kOfNSharedRepairAvailability({ count: 3, atLeast: 2, mttf: 1, mttr: 1, crews: 0 }), 'crews');
    expectNamed(() => kOfNRepairMttf({ count: 3, atLeast: 2, mttf: -1, mttr: 1 }), 'mttf');
    expectNamed(() => kOfNRepairReliability({ count: 3, atLeast: 2, mttf: 1, mttr: 1 }, NaN), 't');
  });
});
