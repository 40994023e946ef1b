// Closed forms of jittered heartbeats (src/analytic/detectors.ts, docs/fault-modes.md "Failure detectors"), each
// against an independent computation, and the simulated detectors against them (fixed seeds,
// tolerances from the intervals the runs give).
import { describe, expect, it } from 'vitest';
import {
  cassandraFalseSuspicionPerCheck,
  jitteredHeartbeatFalseSuspicionPerCheck,
  jitteredHeartbeatMeanDetectionLatency,
  jitteredHeartbeatSuspectedFraction,
  phiFalseSuspicionPerCheck,
} from '../../src/analytic/detectors.js';
import { logGamma } from '../../src/math/gammaFunctions.js';
import { normalQuantile, normalSurvival } from '../../src/math/normal.js';
import { validateScenario } from '../../src/scenario/validateScenario.js';
import { Simulation } from '../../src/sim/Simulation.js';

/** Simpson's rule on [a, b] with n (even) panels. */
function simpson(f: (x: number) => number, a: number, b: number, n = 20000): number {
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

/** The χ²_k density. */
const chiSquare = (k: number) => (v: number) => (v <= 0 ? 0 : Math.exp((k / 2 - 1) * Math.log(v) - v / 2 - (k / 2) * Math.LN2 - logGamma(k / 2)));

describe('phi accrual per-check false-suspicion probability with an estimated window', () => {
  it('P(T_{W−1} > q√((W−1)/(W+1))) equals E_V[Φ̄(q√(V/W)/√(1 + 1/W))], V ~ χ²_{W−1} (the definition, integrated numerically)', () => {
    for (const [W, q] of [
      [5, 1.2816],
      [20, 2.3263],
      [200, 1.2816],
    ] as const) {
      const density = chiSquare(W - 1);
      const direct = simpson((v) => density(v) * normalSurvival((q * Math.sqrt(v / W)) / Math.sqrt(1 + 1 / W)), 0, W + 60 * Math.sqrt(W));
      expect(phiFalseSuspicionPerCheck(q, W)).toBeCloseTo(direct, 8);
    }
  });

  it('tends to 10^{−φ} as the window grows; at W = 1000, φ = 1 the estimation adds 0.37%', () => {
    const z1 = -normalQuantile(0.1);
    expect(phiFalseSuspicionPerCheck(z1, 1000)).toBeCloseTo(0.100374, 5);
    expect(phiFalseSuspicionPerCheck(z1, 10_000_000)).toBeCloseTo(0.1, 6);
    expect(phiFalseSuspicionPerCheck(-normalQuantile(0.01), 1_000_000)).toBeCloseTo(0.01, 6);
  });

  it("Cassandra: (1 + φ ln 10/W)^{−W} = E[e^{−φ ln 10·m̂/μ}], m̂/μ ~ Gamma(W, 1/W) (integrated), → 10^{−φ}", () => {
    const a = Math.LN10;
    for (const W of [3, 50]) {
      const gamma = (x: number) => (x <= 0 ? 0 : Math.exp(W * Math.log(W) + (W - 1) * Math.log(x) - W * x - logGamma(W)));
      expect(cassandraFalseSuspicionPerCheck(1, W)).toBeCloseTo(simpson((x) => gamma(x) * Math.exp(-a * x), 0, 20), 9);
    }
    expect(cassandraFalseSuspicionPerCheck(1, 1000)).toBeCloseTo(0.100265, 6);
    expect(cassandraFalseSuspicionPerCheck(2, 1e9)).toBeCloseTo(0.01, 8);
  });
});

describe('heartbeat detector under jittered heartbeats', () => {
  const h = { mean: 1, sd: 0.2, lossProbability: 0, timeout: 1.5 };

  it('per check: Φ̄((T − μ)/σ) without loss; with loss the geometric mixture, checked against its first terms by hand', () => {
    expect(jitteredHeartbeatFalseSuspicionPerCheck(h)).toBeCloseTo(normalSurvival(2.5), 15);
    const lossy = { ...h, lossProbability: 0.3 };
    const byHand = 0.7 * normalSurvival(2.5) + 0.7 * 0.3 * normalSurvival((1.5 - 2) / (0.2 * Math.SQRT2)) + 0.7 * 0.09 * 1 + 0.7 * 0.027;
    // j ≥ 3 gaps are ≥ 2.4 s apart from T = 1.5 s by 4.5σ√3 or more: Φ̄ ≈ 1, so the tail is ℓ² exactly to 1e-6.
    expect(jitteredHeartbeatFalseSuspicionPerCheck(lossy)).toBeCloseTo(byHand + 0.7 * 0.0081 / 0.7, 5);
  });

  it('suspected fraction σ(φ(z) − zΦ̄(z))/μ = E[(G − T)^+]/μ (integrated); latency → T − (μ² + σ²)/(2μ) far from the tail', () => {
    const excess = simpson((g) => (g - 1.5) * Math.exp(-((g - 1) ** 2) / (2 * 0.04)) / (0.2 * Math.sqrt(2 * Math.PI)), 1.5, 4);
    expect(jitteredHeartbeatSuspectedFraction(h)).toBeCloseTo(excess, 10);
    const survival = (a: number) => normalSurvival((a - 1) / 0.2);
    expect(jitteredHeartbeatMeanDetectionLatency(survival, 1, 5)).toBeCloseTo(5 - (1 + 0.04) / 2, 6);
    // Constant gaps (a step survival): T − μ/2, to within Simpson's O(h) error at the step (2e-3 here).
    expect(jitteredHeartbeatMeanDetectionLatency((a) => (a < 1 ? 1 : 0), 1, 5)).toBeCloseTo(4.5, 2);
  });
});

describe('the simulated detectors against the closed forms (fixed seed, 12 replications, pooled ratio ± 4.5 delta-method standard errors)', () => {
  const gaps = { type: 'truncatedNormal', mean: '1s', sd: '200ms' };
  const scenario = validateScenario({
    name: 'jitter-stats',
    description: 'phi normal at threshold 1 on two nodes that never fail; a heartbeat detector on two that crash',
    horizon: '2h',
    warmup: '0.6h',
    groups: {
      phi: { count: 2, failure: { type: 'deterministic', value: '1000h' }, repair: { type: 'deterministic', value: '1min' } },
      hb: { count: 2, failure: { type: 'exponential', mean: '0.3h' }, repair: { type: 'deterministic', value: '1min' } },
      lossy: { count: 2, failure: { type: 'deterministic', value: '1000h' }, repair: { type: 'deterministic', value: '1min' } },
    },
    services: { 'phi-any': { atLeast: 1, of: 'phi' }, 'hb-any': { atLeast: 1, of: 'hb' }, 'lossy-any': { atLeast: 1, of: 'lossy' } },
    detectors: [
      { group: 'phi', phi: { interval: gaps, threshold: 1, window: 1000, minStdDeviation: '50ms', acceptablePause: 0, variant: 'normal' } },
      { group: 'hb', heartbeat: { interval: gaps, timeout: '1.5s' } },
      { group: 'lossy', heartbeat: { interval: gaps, timeout: '2.5s' }, loss: 0.3 },
    ],
  });
  const reps = 12;
  const sim = new Simulation(scenario);
  const rows: Float64Array[] = [];
  for (let rep = 0; rep < reps; rep++) {
    sim.run(3, rep);
    rows.push(Float64Array.from(sim.values));
  }
  /** A ratio metric pooled over the replications, Σ numerator / Σ denominator, against `expected` within 4.5 delta-method standard errors. */
  const within = (name: string, expected: number) => {
    const m = sim.registry.metrics.find((x) => x.name === name);
    const e = m?.estimator as { type: string; numerator: number; denominator: number; scale: number };
    expect(e.type).toBe('ratio');
    const num = rows.map((v) => e.scale * (v[e.numerator] as number));
    const den = rows.map((v) => v[e.denominator] as number);
    const sumD = den.reduce((a, b) => a + b, 0);
    const ratio = num.reduce((a, b) => a + b, 0) / sumD;
    const residual = num.map((x, i) => x - ratio * (den[i] as number));
    const se = Math.sqrt(residual.reduce((a, b) => a + b * b, 0) / (reps * (reps - 1))) / (sumD / reps);
    expect(se).toBeGreaterThan(0);
    expect(Math.abs(ratio - expected)).toBeLessThan(4.5 * se);
  };

  it('phi (normal, φ = 1, W = 1000): mistakes per hour alive P/μ, P = P(T_999 > z₁√(999/1001)) = 0.10037 per check', () => {
    within('phi.mistakes_per_hour', phiFalseSuspicionPerCheck(-normalQuantile(0.1), 1000) * 3600);
  });

  it('heartbeat (T = 1.5 s): mistakes per hour Φ̄(2.5)/μ, suspected fraction, mean latency (1/μ)∫₀^T (T − a)Ḡ(a) da', () => {
    const h = { mean: 1 / 3600, sd: 0.2 / 3600, lossProbability: 0, timeout: 1.5 / 3600 };
    within('hb.mistakes_per_hour', normalSurvival(2.5) * 3600);
    within('hb.suspected_alive_fraction', jitteredHeartbeatSuspectedFraction(h));
    within('hb.detection_latency', jitteredHeartbeatMeanDetectionLatency((a) => normalSurvival((a - 1) / 0.2), 1, 1.5));
  });

  it('heartbeat with loss 0.3 (T = 2.5 s): mistakes per hour P·(1 − ℓ)/μ, P = Σ_j (1 − ℓ)ℓ^{j−1}Φ̄((T − jμ)/(σ√j))', () => {
    const h = { mean: 1, sd: 0.2, lossProbability: 0.3, timeout: 2.5 };
    within('lossy.mistakes_per_hour', jitteredHeartbeatFalseSuspicionPerCheck(h) * 0.7 * 3600);
  });
});
