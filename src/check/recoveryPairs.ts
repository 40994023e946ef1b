/** Recovery times paired with their closed forms and with seed 000's published `RecoveryTimeModel` (docs/reflections-and-recovery.md, "Recovery times"). */
import { expectedMaximumLognormal } from '../analytic/parallelRecovery.js';
import { normalNegativeProbability } from '../analytic/parallelRecovery.js';
import { criticalPathLaw, type CriticalPathLaw } from '../analytic/criticalPath.js';
import { fromSpec } from '../random/distributions/fromSpec.js';
import type { Distribution } from '../random/distributions/Distribution.js';
import type { Scenario, ScenarioDistribution } from '../scenario/validateScenario.js';
import { seedNormalOf } from '../scenario/resolveRecovery.js';
import type { PipelineClaim } from './pipelinePairs.js';

const MINUTES_PER_HOUR = 60;
/** The assumptions of every correct recovery form. */
const INDEPENDENT = 'each step’s duration an independent draw of its law; every recovery starts at once (no crew limit)';
/** The assumptions of the critical-path form (mode dependencies). */
const CRITICAL_PATH = 'each step’s duration an independent draw of its law (≥ 0); a step starts as soon as every step in its `after` is done (no crew limit); the dependency DAG series–parallel reducible';
/** Seed 000's recovery-time model and what it takes as given. */
const SEED = { source: 'seed 000 RecoveryTimeModel (recovery_time_distribution, system_recovery_time)', assumes: 'recovery times normal with the table’s mean and sd' };
/** A law's own CDF, the source of the per-step correct forms. */
const LAW = (kind: string) => ({ source: `the ${kind} law’s CDF (src/random/distributions)`, assumes: 'each recovery of the step an independent draw of its law' });

/** (μ, σ) of a lognormal law given as { mu, sigma } or { mean, sd } (σ² = ln(1 + sd²/mean²), μ = ln mean − σ²/2). */
function lognormalParameters(d: ScenarioDistribution): { mu: number; sigma: number } | undefined {
  if (d.type !== 'lognormal') return undefined;
  if (typeof d['mu'] === 'number' && typeof d['sigma'] === 'number') return { mu: d['mu'], sigma: d['sigma'] };
  const mean = d['mean'] as number;
  const sd = d['sd'] as number;
  const s2 = Math.log(1 + (sd * sd) / (mean * mean));
  return { mu: Math.log(mean) - s2 / 2, sigma: Math.sqrt(s2) };
}

/**
 * E[max T_i] = ∫_0^U (1 − Π F_i(x)) dx for independent non-negative durations (U the largest
 * 1 − 1e-12 quantile; the tail beyond it is below 1e-12·U per law), by composite Simpson's rule on
 * 20 000 panels: for the smooth CDFs of the bundled laws its error is far below 1e-9 relative.
 * Used where no closed form applies (truncated normals, gammas, …); lognormals use
 * `expectedMaximumLognormal`.
 */
function expectedMaximumByCdf(laws: readonly Distribution[]): number {
  const upper = Math.max(...laws.map((l) => l.quantile(1 - 1e-12)));
  const panels = 20000;
  const h = upper / panels;
  const g = (x: number) => 1 - laws.reduce((p, l) => p * l.cdf(x), 1);
  let sum = g(0) + g(upper);
  for (let i = 1; i < panels; i++) sum += (i % 2 === 1 ? 4 : 2) * g(i * h);
  return (sum * h) / 3;
}

/**
 * Pairs of a scenario's `recovery` (values in minutes, as the metrics):
 * - `recovery.total` in mode parallel: E[max T_i] (correct: `expectedMaximumLognormal` when every
 *   law is lognormal, the integral of 1 − Π F_i otherwise); seed 000's `system_recovery_time`
 *   `best_case_parallel` = max of the means (published: E[max] ≥ max E, Jensen).
 * - `recovery.total` in mode dependencies: E[critical path] (correct: `criticalPathLaw`, exact up
 *   to its lattice bound, given only when that bound is below 1e-3 of the mean) when the order is
 *   series–parallel; no correct pair otherwise, since paths sharing steps that no series or
 *   parallel reduction separates have dependent lengths and the law would need conditioning on
 *   the shared steps.
 * - `recovery.total` in either mode: seed 000's `estimated_recovery_minutes` =
 *   max + 0.3 (sum − max) of the means (published: an invented interpolation).
 * - per step s, from its law (correct) and from seed 000's normal of the same mean and sd
 *   (published): `.negative` 0 against Φ(−mean/sd) (`normalNegativeProbability`); `.within_mean`
 *   F(mean) (Φ(σ/2) for a lognormal) against ½ (mean and sd: `seedNormalOf`); `.over_normal_p99` 1 − F(mean + z₀.₉₉ sd) against
 *   0.01; `.over_p99` 0.01 (the law's own 99th percentile, e^{μ + z₀.₉₉ σ} for a lognormal).
 */
export function recoveryClaims(scenario: Scenario): PipelineClaim[] {
  const spec = scenario.recovery;
  if (spec === undefined) return [];
  const laws = spec.steps.map((s) => fromSpec(s.duration, `recovery.steps.${s.name}.duration`));
  // Seed 000's means: the table's (a truncated normal's parent mean), in minutes.
  const means = spec.steps.map((st, i) => seedNormalOf(st.duration, laws[i] as Distribution).mean * MINUTES_PER_HOUR);
  const max = Math.max(...means);
  const sum = means.reduce((a, b) => a + b, 0);
  const out: PipelineClaim[] = [];
  if (spec.mode === 'parallel') {
    const logs = spec.steps.map((s) => lognormalParameters(s.duration));
    const exact = logs.every((l) => l !== undefined)
      ? expectedMaximumLognormal(logs as { mu: number; sigma: number }[])
      : laws.every((l) => l.cdf(0 - Number.MIN_VALUE) === 0)
        ? expectedMaximumByCdf(laws)
        : NaN;
    const lognormal = logs.every((l) => l !== undefined);
    if (Number.isFinite(exact)) {
      out.push({ metric: 'recovery.total', formula: lognormal ? 'E[max] of independent lognormal recoveries (expectedMaximumLognormal)' : 'E[max] = ∫ (1 − Π F_i(x)) dx of independent recoveries', kind: 'correct', analytic: exact * MINUTES_PER_HOUR, why: '', source: lognormal ? 'E[max] = ∫ (1 − Π F_i(x)) dx of independent durations (expectedMaximumLognormal, src/analytic/parallelRecovery.ts)' : 'E[max] = ∫ (1 − Π F_i(x)) dx of independent non-negative durations, by Simpson’s rule', assumes: INDEPENDENT });
    }
    out.push({ metric: 'recovery.total', formula: 'seed 000 RecoveryTimeModel.system_recovery_time: best_case_parallel = max of the means', kind: 'published', analytic: max, why: 'the mean of a maximum is not the maximum of the means: E[max T_i] ≥ max E[T_i] (Jensen), strictly when the laws overlap', ...SEED });
  }
  if (spec.mode === 'dependencies') {
    // Laws with mass below 0 or an unbounded 1 − 1e-12 quantile are outside the method: no pair.
    const inRange = laws.every((l) => l.cdf(0 - Number.MIN_VALUE) === 0 && Number.isFinite(l.quantile(1 - 1e-12)));
    const steps = spec.steps.map((s, i) => ({ name: s.name, law: laws[i] as Distribution, after: s.after }));
    // The lattice bound must be far below any interval a run can reach: 1e-3 of the mean, on
    // 2^16 points, else 2^19 (a law with a long tail stretches the lattice), else no pair.
    const fine = (l: CriticalPathLaw | undefined) => l !== undefined && l.errorBound <= 1e-3 * l.mean;
    let law = inRange ? criticalPathLaw(steps) : undefined;
    let points = '2^16';
    if (law !== undefined && !fine(law)) {
      law = criticalPathLaw(steps, 1 << 19);
      points = '2^19';
    }
    if (law !== undefined && fine(law)) {
      out.push({ metric: 'recovery.total', formula: 'E[critical path] of independent recoveries along the dependencies, by series–parallel reduction (criticalPathLaw)', kind: 'correct', analytic: law.mean * MINUTES_PER_HOUR, why: '', source: `series–parallel reduction of a stochastic activity network (Martin 1965, Operations Research 13(1)): series = convolution, parallel = product of CDFs, on a lattice of ${points} points, error at most ${(law.errorBound * MINUTES_PER_HOUR).toPrecision(2)} min (criticalPathLaw, src/analytic/criticalPath.ts)`, assumes: CRITICAL_PATH });
    }
  }
  out.push({ metric: 'recovery.total', formula: 'seed 000 RecoveryTimeModel.system_recovery_time: max + 0.3 (sum − max) of the means', kind: 'published', analytic: max + 0.3 * (sum - max), why: 'the 0.3 is invented: the total is the maximum (parallel) or the critical path (dependencies) of random durations, neither a fixed blend of the means', ...SEED });
  spec.steps.forEach((s, i) => {
    const law = laws[i] as Distribution;
    const { mean, sd } = seedNormalOf(s.duration, law);
    const m = (what: string) => `recovery.${s.name}.${what}`;
    out.push({ metric: m('negative'), formula: `P(T < 0) of its ${law.kind} law`, kind: 'correct', analytic: law.cdf(0 - Number.MIN_VALUE), why: '', ...LAW(law.kind) });
    if (sd > 0) {
      out.push({ metric: m('negative'), formula: `seed 000: a normal recovery time of mean ${(mean * MINUTES_PER_HOUR).toPrecision(3)} min, sd ${(sd * MINUTES_PER_HOUR).toPrecision(3)} min, P(T < 0) = Φ(−mean/sd)`, kind: 'published', analytic: normalNegativeProbability(mean, sd), why: 'a recovery time is never negative: the normal model puts Φ(−mean/sd) of its mass below 0', ...SEED });
      out.push({ metric: m('within_mean'), formula: `P(T ≤ mean) of its ${law.kind} law`, kind: 'correct', analytic: law.cdf(mean), why: '', ...LAW(law.kind) });
      out.push({ metric: m('within_mean'), formula: 'seed 000: a normal recovery time, P(T ≤ mean) = ½', kind: 'published', analytic: 0.5, why: 'recovery times are skewed to the right: more than half of them are shorter than the mean', ...SEED });
      out.push({ metric: m('over_normal_p99'), formula: `P(T > mean + z₀.₉₉ sd) of its ${law.kind} law`, kind: 'correct', analytic: 1 - law.cdf(mean + 2.3263478740408408 * sd), why: '', ...LAW(law.kind) });
      out.push({ metric: m('over_normal_p99'), formula: 'seed 000 recovery_time_distribution: the 99th percentile is mean + 2.326 sd (normal)', kind: 'published', analytic: 0.01, why: 'a right-skewed recovery time has a longer tail than the normal of its mean and sd', ...SEED });
    }
    out.push({ metric: m('over_p99'), formula: lognormalParameters(s.duration) !== undefined ? 'P(T > e^{μ + z₀.₉₉ σ}) = 0.01 (the lognormal 99th percentile, closed form)' : `P(T > the 99th percentile of its ${law.kind} law) = 0.01`, kind: 'correct', analytic: 0.01, why: '', ...LAW(law.kind) });
  });
  return out;
}
