// The CTMC toolkit against closed forms, detailed balance, residuals and an independent ODE solver.
import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { absorption } from '../../src/analytic/ctmc/absorption.js';
import { expectedTimeIn } from '../../src/analytic/ctmc/expectedTimeIn.js';
import { generator, type Generator, type Transition } from '../../src/analytic/ctmc/generator.js';
import { poissonWindow } from '../../src/analytic/ctmc/poissonWindow.js';
import { steadyState } from '../../src/analytic/ctmc/steadyState.js';
import { transient, transientAt } from '../../src/analytic/ctmc/transient.js';

function twoState(lambda: number, mu: number): Generator {
  return generator(2, [
    { from: 0, to: 1, rate: lambda },
    { from: 1, to: 0, rate: mu },
  ]);
}

/** Birth–death chain on 0…n with birth rates b(j) (j → j+1) and death rates d(j) (j → j−1). */
function birthDeath(n: number, b: (j: number) => number, d: (j: number) => number): Generator {
  const t: Transition[] = [];
  for (let j = 0; j < n; j++) t.push({ from: j, to: j + 1, rate: b(j) }, { from: j + 1, to: j, rate: d(j + 1) });
  return generator(n + 1, t);
}

/** A fixed linear congruential generator (Numerical Recipes' constants), for reproducible chains. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** dp/dt = pQ by classical Runge–Kutta with fixed steps: a second, independent transient solver. */
function rk4(Q: Generator, p0: number[], t: number, steps: number): number[] {
  const n = Q.size;
  const f = (p: number[]): number[] => {
    const out = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j]! += p[i]! * Q.rates[i * n + j]!;
    return out;
  };
  let p = [...p0];
  const h = t / steps;
  for (let s = 0; s < steps; s++) {
    const k1 = f(p);
    const k2 = f(p.map((v, i) => v + (h / 2) * k1[i]!));
    const k3 = f(p.map((v, i) => v + (h / 2) * k2[i]!));
    const k4 = f(p.map((v, i) => v + h * k3[i]!));
    p = p.map((v, i) => v + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
  }
  return p;
}

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

function expectInvalid(fn: () => unknown, name: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FaultlineError);
    expect((e as FaultlineError).message.startsWith(`${name}:`)).toBe(true);
    return;
  }
  throw new Error(`expected a FaultlineError naming ${name}`);
}

describe('generator', () => {
  it('stores off-diagonal rates row-major, adds duplicates, and puts −exit rate on the diagonal', () => {
    const Q = generator(3, [
      { from: 0, to: 1, rate: 2 },
      { from: 0, to: 1, rate: 1 },
      { from: 0, to: 2, rate: 0.5 },
      { from: 2, to: 0, rate: 4 },
    ]);
    expect(Array.from(Q.rates)).toEqual([-3.5, 3, 0.5, 0, 0, 0, 4, 0, -4]);
  });

  it('rejects malformed chains, naming the parameter', () => {
    expectInvalid(() => generator(0, []), 'size');
    expectInvalid(() => generator(2, [{ from: 2, to: 0, rate: 1 }]), 'transitions[0].from');
    expectInvalid(() => generator(2, [{ from: 0, to: 1, rate: 1 }, { from: 1, to: 1, rate: 1 }]), 'transitions[1].to');
    expectInvalid(() => generator(2, [{ from: 0, to: 1, rate: -1 }]), 'transitions[0].rate');
    expectInvalid(() => generator(2, [{ from: 0, to: 1, rate: NaN }]), 'transitions[0].rate');
    expectInvalid(() => steadyState({ size: 2, rates: new Float64Array(3) }), 'Q.rates');
  });
});

describe('steadyState (GTH)', () => {
  it('two-state chain: π = (μ, λ)/(λ + μ)', () => {
    const pi = steadyState(twoState(1 / 8760, 1 / 4));
    expect(relErr(pi[0]!, 8760 / 8764)).toBeLessThan(1e-15);
    expect(relErr(pi[1]!, 4 / 8764)).toBeLessThan(1e-14);
  });

  it('keeps relative accuracy for probabilities of 1e-20 and 1e-280 (detailed balance products)', () => {
    // Birth–death: π_j ∝ Π b(i)/d(i+1) exactly (detailed balance), computed here by products.
    for (const ratio of [1e-4, 1e-40]) {
      const n = 7;
      const b = (j: number): number => (n - j) * ratio;
      const d = (j: number): number => Math.min(j, 2);
      const pi = steadyState(birthDeath(n, b, d));
      const w = [1];
      for (let j = 1; j <= n; j++) w.push((w[j - 1]! * b(j - 1)) / d(j));
      const total = w.reduce((s, v) => s + v, 0);
      for (let j = 0; j <= n; j++) expect(relErr(pi[j]!, w[j]! / total)).toBeLessThan(1e-13);
      expect(pi[n]!).toBeLessThan(ratio === 1e-4 ? 1e-24 : 1e-275);
      expect(pi[n]!).toBeGreaterThan(0);
    }
  });

  it('cycle 0 → 1 → 2 → 0 with rates a, b, c: π ∝ (1/a, 1/b, 1/c)', () => {
    const [a, b, c] = [2, 0.5, 7];
    const pi = steadyState(generator(3, [{ from: 0, to: 1, rate: a }, { from: 1, to: 2, rate: b }, { from: 2, to: 0, rate: c }]));
    const z = 1 / a + 1 / b + 1 / c;
    [1 / a, 1 / b, 1 / c].forEach((v, i) => expect(relErr(pi[i]!, v / z)).toBeLessThan(1e-15));
  });

  it('dense 60-state chain: πQ = 0 to rounding, entry by entry', () => {
    const rnd = lcg(12345);
    const n = 60;
    const t: Transition[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && rnd() < 0.3) t.push({ from: i, to: j, rate: 10 ** (-6 * rnd()) });
    for (let i = 0; i < n; i++) t.push({ from: i, to: (i + 1) % n, rate: 1e-3 }); // irreducible
    const Q = generator(n, t);
    const pi = steadyState(Q);
    expect(pi.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    for (let j = 0; j < n; j++) {
      let flowIn = 0;
      for (let i = 0; i < n; i++) if (i !== j) flowIn += pi[i]! * Q.rates[i * n + j]!;
      expect(relErr(flowIn, -pi[j]! * Q.rates[j * n + j]!)).toBeLessThan(1e-12);
    }
  });

  it('reports a chain that is not irreducible', () => {
    const Q = generator(3, [{ from: 0, to: 1, rate: 1 }, { from: 1, to: 0, rate: 1 }, { from: 1, to: 2, rate: 1 }]);
    expect(() => steadyState(Q)).toThrow(/Q: the chain is not irreducible/);
  });
});

describe('poissonWindow', () => {
  it('matches e^{−x} x^k / k! where that does not underflow, and covers all but ~1e-14 of the mass', () => {
    for (const x of [0.001, 1, 30, 700]) {
      const w = poissonWindow(x, 1e-14);
      let logFact = 0;
      for (let k = 0; k <= w.right; k++) {
        if (k > 0) logFact += Math.log(k);
        if (k >= w.left) expect(relErr(w.weights[k - w.left]!, Math.exp(-x + k * Math.log(x) - logFact))).toBeLessThan(1e-11);
      }
    }
  });

  it('stays finite and centred for x = 1e7 (e^{−x} underflows)', () => {
    const w = poissonWindow(1e7, 1e-14);
    expect(w.left).toBeLessThan(1e7 - 20000);
    expect(w.right).toBeGreaterThan(1e7 + 20000);
    expect(w.right - w.left).toBeLessThan(60000); // ±8.2σ for 1e-14/4 at the mode, plus the bound's slack
    expect(w.weights.every(Number.isFinite)).toBe(true);
    expect(w.weights.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });
});

describe('transient (uniformization)', () => {
  const lambda = 1 / 50;
  const mu = 1 / 5;
  const s = lambda + mu;
  const Q = twoState(lambda, mu);
  const downFromUp = (t: number): number => (lambda / s) * -Math.expm1(-s * t); // Trivedi 2002, ch. 8

  it('two-state chain matches q(t) = (λ/s)(1 − e^{−st}) from tiny to huge Λt', () => {
    for (const t of [1e-9, 1e-3, 1, 10, 100, 1e4, 5e6]) {
      const p = transient(Q, [1, 0], t);
      expect(Math.abs(p[1]! - downFromUp(t))).toBeLessThan(2e-14);
      if (t <= 1) expect(relErr(p[1]!, downFromUp(t))).toBeLessThan(1e-12); // small values keep relative precision
      expect(Math.abs(p[0]! + p[1]! - 1)).toBeLessThan(1e-13);
    }
  });

  it('agrees with Runge–Kutta on a stiff-ish 4-state chain', () => {
    const G = generator(4, [
      { from: 0, to: 1, rate: 0.3 },
      { from: 0, to: 2, rate: 0.01 },
      { from: 1, to: 0, rate: 2 },
      { from: 1, to: 3, rate: 0.2 },
      { from: 2, to: 0, rate: 0.5 },
      { from: 3, to: 2, rate: 1.5 },
      { from: 3, to: 1, rate: 0.05 },
    ]);
    const times = [0.5, 3, 20];
    const all = transientAt(G, [0.25, 0.25, 0.25, 0.25], times);
    times.forEach((t, i) => {
      const ref = rk4(G, [0.25, 0.25, 0.25, 0.25], t, 4000);
      ref.forEach((v, j) => expect(Math.abs(all[i]![j]! - v)).toBeLessThan(1e-11));
      const alone = transient(G, [0.25, 0.25, 0.25, 0.25], t);
      alone.forEach((v, j) => expect(v).toBe(all[i]![j]!));
    });
  });

  it('pure-death chain of 400 stages: P(absorbed by t) is the Poisson tail P(N(λt) ≥ 400)', () => {
    const n = 400;
    const t: Transition[] = [];
    for (let j = 0; j < n; j++) t.push({ from: j, to: j + 1, rate: 1 });
    const p0 = new Float64Array(n + 1);
    p0[0] = 1;
    const x = 380;
    const p = transient(generator(n + 1, t), p0, x);
    // Reference: Σ_{k≥400} e^{−x}x^k/k!, summed upward in log space (independent of the window code).
    let tail = 0;
    let logFact = 0;
    for (let k = 1; k < 2000; k++) {
      logFact += Math.log(k);
      if (k >= n) tail += Math.exp(-x + k * Math.log(x) - logFact);
    }
    expect(relErr(p[n]!, tail)).toBeLessThan(1e-11);
  });

  it('a chain with no transitions stays where it starts', () => {
    expect(Array.from(transient(generator(2, []), [0.3, 0.7], 1e9))).toEqual([0.3, 0.7]);
  });

  it('validates p0 and times', () => {
    expectInvalid(() => transient(Q, [0.5, 0.6], 1), 'p0');
    expectInvalid(() => transient(Q, [1], 1), 'p0.length');
    expectInvalid(() => transient(Q, [1, 0], -1), 'times[0]');
    expectInvalid(() => transient(Q, [1, 0], 1, { epsilon: 0 }), 'epsilon');
  });
});

describe('expectedTimeIn (uniformized integral)', () => {
  const lambda = 1 / 50;
  const mu = 1 / 5;
  const s = lambda + mu;
  const Q = twoState(lambda, mu);

  it('two-state chain: ∫₀ᵀ q(t) dt = (λ/s)[T − (1 − e^{−sT})/s] from up, λT/s + μ(1 − e^{−sT})/s² from down', () => {
    for (const T of [1e-6, 0.1, 10, 1000, 1e6]) {
      // Below sT = 1e-3 the closed form cancels; its series (λT²/2)(1 − sT/3 + (sT)²/12) is used.
      const x = s * T;
      const fromUp = x < 1e-3 ? ((lambda * T * T) / 2) * (1 - x / 3 + (x * x) / 12) : (lambda / s) * (T + Math.expm1(-x) / s);
      const fromDown = (lambda * T) / s - (mu * Math.expm1(-s * T)) / (s * s);
      expect(relErr(expectedTimeIn(Q, [1, 0], T, [1]), fromUp)).toBeLessThan(1e-13);
      expect(relErr(expectedTimeIn(Q, [0, 1], T, [1]), fromDown)).toBeLessThan(1e-12);
      expect(relErr(expectedTimeIn(Q, [1, 0], T, [0, 1]), T)).toBeLessThan(1e-13);
    }
  });

  it('matches Simpson integration of transientAt on a 3-state chain', () => {
    const G = generator(3, [{ from: 0, to: 1, rate: 0.4 }, { from: 1, to: 2, rate: 0.9 }, { from: 2, to: 0, rate: 0.25 }, { from: 1, to: 0, rate: 1 }]);
    const T = 12;
    const panels = 400;
    const ps = transientAt(G, [1, 0, 0], Array.from({ length: panels + 1 }, (_, i) => (i * T) / panels));
    let simpson = 0;
    ps.forEach((p, i) => (simpson += (i === 0 || i === panels ? 1 : i % 2 === 1 ? 4 : 2) * (p[1]! + p[2]!)));
    simpson *= T / panels / 3;
    expect(relErr(expectedTimeIn(G, [1, 0, 0], T, [1, 2]), simpson)).toBeLessThan(1e-9);
  });

  it('validates T and states', () => {
    expectInvalid(() => expectedTimeIn(Q, [1, 0], NaN, [1]), 'T');
    expectInvalid(() => expectedTimeIn(Q, [1, 0], 1, [2]), 'states[0]');
  });
});

describe('absorption', () => {
  it('pure-death chain (k-of-n without repair): MTTF = Σ_{i=k}^{n} 1/(iλ)', () => {
    const lambda = 1e-3;
    const n = 5;
    const t: Transition[] = [];
    for (let j = 0; j < n; j++) t.push({ from: j, to: j + 1, rate: (n - j) * lambda });
    const r = absorption(generator(n + 1, t), [1, 0, 0, 0, 0, 0], [3]); // 3-of-5 fails at 3 failed
    expect(relErr(r.meanTime, (1 / 5 + 1 / 4 + 1 / 3) / lambda)).toBeLessThan(1e-15);
    expect(relErr(r.timeIn[1]!, 1 / (4 * lambda))).toBeLessThan(1e-15);
    expect(r.probability[3]).toBeCloseTo(1, 15);
  });

  it('TMR with repair: MTTF = (5λ + μ)/(6λ²) (Trivedi 2002, ch. 8)', () => {
    const lambda = 1 / 8760;
    const mu = 1 / 4;
    const Q = generator(3, [{ from: 0, to: 1, rate: 3 * lambda }, { from: 1, to: 0, rate: mu }, { from: 1, to: 2, rate: 2 * lambda }]);
    const r = absorption(Q, [1, 0, 0], [2]);
    expect(relErr(r.meanTime, (5 * lambda + mu) / (6 * lambda * lambda))).toBeLessThan(1e-13);
  });

  it("gambler's ruin with jump rates p up and q down: ruin probability and duration", () => {
    // Feller, An Introduction to Probability Theory, vol. 1, ch. XIV: with r = q/p,
    // P(reach N before 0 | i) = (1 − r^i)/(1 − r^N), and the expected number of steps is
    // i/(q − p) − (N/(q − p))(1 − r^i)/(1 − r^N); with total rate p + q = 1 steps are hours.
    const [p, q, N] = [0.4, 0.6, 12];
    const t: Transition[] = [];
    for (let j = 1; j < N; j++) t.push({ from: j, to: j + 1, rate: p }, { from: j, to: j - 1, rate: q });
    const Q = generator(N + 1, t);
    const rr = q / p;
    for (const i of [1, 5, 11]) {
      const p0 = new Float64Array(N + 1);
      p0[i] = 1;
      const res = absorption(Q, p0, [0, N]);
      const win = (1 - rr ** i) / (1 - rr ** N);
      expect(relErr(res.probability[N]!, win)).toBeLessThan(1e-13);
      expect(relErr(res.probability[0]!, 1 - win)).toBeLessThan(1e-13);
      expect(relErr(res.meanTime, i / (q - p) - (N / (q - p)) * win)).toBeLessThan(1e-12);
    }
  });

  it('mass starting in an absorbing state is absorbed at once', () => {
    const Q = generator(2, [{ from: 0, to: 1, rate: 2 }]);
    const r = absorption(Q, [0.5, 0.5], [1]);
    expect(r.meanTime).toBeCloseTo(0.25, 15);
    expect(r.probability[1]).toBeCloseTo(1, 15);
  });

  it('rejects absorbing sets that cannot be reached', () => {
    const Q = generator(3, [{ from: 0, to: 1, rate: 1 }, { from: 1, to: 0, rate: 1 }]);
    expect(() => absorption(Q, [1, 0, 0], [2])).toThrow(/absorbing: state [01] cannot reach/);
    expect(() => absorption(Q, [1, 0, 0], [])).toThrow(FaultlineError);
    expectInvalid(() => absorption(Q, [1, 0, 0], [3]), 'absorbing[0]');
  });
});
