/** Confidence bounds for a mean from few nonzero observations: Stringer's bound for bounded amounts, Garwood's for counts. */

import { invalidParameter } from '../errors.js';
import { inverseRegularizedGammaP } from '../math/inverseRegularizedGamma.js';
import { inverseBetaPoint } from '../math/inverseRegularizedBeta.js';

/** One-sided bounds at level a on each side: P(mean < low) ≤ a and P(mean > high) ≤ a. */
export type OneSidedBounds = (a: number) => { readonly low: number; readonly high: number };

/** The one-sided (1 − a) Clopper–Pearson upper bound for j successes in n trials. */
function binomialUpper(j: number, n: number, a: number): number {
  if (j >= n) return 1;
  if (j === 0) return -Math.expm1(Math.log(a) / n);
  return inverseBetaPoint(1 - a, a, j + 1, n - j).x;
}

/** The one-sided (1 − a) Clopper–Pearson lower bound for j successes in n trials. */
function binomialLower(j: number, n: number, a: number): number {
  if (j <= 0) return 0;
  if (j >= n) return Math.exp(Math.log(a) / n);
  return inverseBetaPoint(a, 1 - a, j, n - j + 1).x;
}

function checkSample(values: readonly number[], n: number, range: number): void {
  if (!(Number.isSafeInteger(n) && n >= 1)) invalidParameter('n', 'an integer >= 1', n);
  if (!(range > 0 && Number.isFinite(range))) invalidParameter('range', 'a finite number > 0', range);
  if (values.length > n) invalidParameter('values', `at most n = ${n} values`, values.length);
  for (const x of values) if (!(x > 0 && x <= range)) invalidParameter('values', `numbers in (0, ${range}]`, x);
}

/**
 * Bounds on the mean of a variable Y in [0, R] from n independent observations of which only the
 * listed `values` are nonzero, with no assumption about Y's law: Stringer's bound and its mirror.
 *
 * With t₁ ≥ t₂ ≥ … ≥ t_k the nonzero values over R, and p_U(j), p_L(j) the one-sided
 * Clopper–Pearson bounds for j successes in n:
 *
 *   high = R · [p_U(0) + Σ_{j=1..k} (p_U(j) − p_U(j−1)) t_j]
 *   low  = R · Σ_{j=1..k} (p_L(j) − p_L(j−1)) t_j        (p_L(0) = 0)
 *
 * Both integrate an exact binomial band on the survival function P(Y > s) (j observations exceed
 * every s in [t_{j+1}, t_j)), since E[Y] = ∫ P(Y > s) ds. The upper bound charges every replication
 * that might have had an outage unseen with the whole range R, which is what makes it hold however
 * heavy the tail is: with no nonzero value it is R·(1 − a^(1/n)), the exact binomial bound on
 * "a replication had an outage". It reduces to the exact binomial bounds when Y only takes 0 and R.
 *
 * References: K. W. Stringer (1963), "Practical aspects of statistical sampling in auditing",
 * Proc. ASA Business and Economic Statistics Section, 405–411 (the bound on a mean of taints in
 * [0, 1], used in monetary-unit sampling); P. J. Bickel (1992), "Inference and auditing: the
 * Stringer bound", International Statistical Review 60(2), 197–209 (its conservatism); the coverage
 * table of docs/statistics.md (faultline's own measurement on simulated availability).
 *
 * @param values the nonzero observations, each in (0, range].
 * @param n the number of observations, zeros included.
 * @param range R, the largest value one observation can take.
 * @throws FaultlineError (INVALID_PARAMETER) naming `values`, `n` or `range`.
 * @example stringerBounds([], 200, 1)(0.005).high // 1 − 0.005^(1/200) = 0.02614…
 */
export function stringerBounds(values: readonly number[], n: number, range: number): OneSidedBounds {
  checkSample(values, n, range);
  const t = values.map((x) => x / range).sort((x, y) => y - x);
  return (a) => {
    let high = binomialUpper(0, n, a);
    let low = 0;
    let upperBefore = high;
    let lowerBefore = 0;
    t.forEach((tj, i) => {
      const upper = binomialUpper(i + 1, n, a);
      const lower = binomialLower(i + 1, n, a);
      high += (upper - upperBefore) * tj;
      low += (lower - lowerBefore) * tj;
      upperBefore = upper;
      lowerBefore = lower;
    });
    return { low: range * low, high: range * Math.min(1, high) };
  };
}

/**
 * Bounds on the mean count per observation from a total of `total` events in n observations:
 * Garwood's exact Poisson interval on the total, widened by the dispersion φ = Σx²/Σx when that
 * exceeds 1 (clustered events: the total is then treated as φ times a Poisson count of total/φ,
 * the quasi-Poisson correction).
 *
 *   high = φ · G⁻¹(1 − a; total/φ + 1) / n,   low = φ · G⁻¹(a; total/φ) / n
 *
 * with G⁻¹(p; s) the p-quantile of a unit-scale gamma law of shape s (Garwood's χ² form halved).
 * With no event, high = −ln(a)/n: the same bound as "an observation had an event" at that count.
 *
 * Assumes the per-observation counts are Poisson, or compound Poisson with cluster sizes that Σx²/Σx
 * estimates; counts have no finite range, so some such assumption is unavoidable.
 *
 * References: F. Garwood (1936), "Fiducial limits for the Poisson distribution", Biometrika 28,
 * 437–442; P. McCullagh & J. A. Nelder (1989), Generalized Linear Models, 2nd ed., §6.2 (the
 * dispersion factor).
 *
 * @param total Σx, a non-negative integer.
 * @param sumSquares Σx² (≥ total for integer counts).
 * @param n the number of observations.
 * @throws FaultlineError (INVALID_PARAMETER) naming `total`, `sumSquares` or `n`.
 * @example garwoodBounds(0, 0, 1000)(0.005).high // −ln(0.005)/1000 = 0.005298…
 */
export function garwoodBounds(total: number, sumSquares: number, n: number): OneSidedBounds {
  if (!(Number.isSafeInteger(n) && n >= 1)) invalidParameter('n', 'an integer >= 1', n);
  if (!(total >= 0 && Number.isFinite(total))) invalidParameter('total', 'a finite number >= 0', total);
  if (!(sumSquares >= 0 && Number.isFinite(sumSquares))) invalidParameter('sumSquares', 'a finite number >= 0', sumSquares);
  const dispersion = total > 0 ? Math.max(1, sumSquares / total) : 1;
  const events = total / dispersion;
  return (a) => ({
    low: events > 0 ? (dispersion * inverseRegularizedGammaP(a, events)) / n : 0,
    high: (dispersion * inverseRegularizedGammaP(1 - a, events + 1)) / n,
  });
}

/**
 * The two-sided p-value of `reference` against a family of bounds: 2a for the level a at which a
 * one-sided bound reaches it (1 when it lies between the bounds at a = ½), found by bisection on
 * log a; consistent with the intervals, which exclude the reference exactly when p < 1 − confidence.
 */
export function pValueOfBounds(bounds: OneSidedBounds, reference: number): number {
  const half = bounds(0.5);
  const above = reference > half.high;
  if (!above && reference >= half.low) return 1;
  const reaches = (a: number): boolean => {
    const b = bounds(a);
    return above ? b.high >= reference : b.low <= reference;
  };
  let lo = -690; // ln a: e^-690 ≈ 1e-300
  let hi = Math.log(0.5);
  if (!reaches(Math.exp(lo))) return 0;
  for (let i = 0; i < 48; i++) {
    const mid = (lo + hi) / 2;
    if (reaches(Math.exp(mid))) lo = mid;
    else hi = mid;
  }
  return Math.min(1, 2 * Math.exp((lo + hi) / 2));
}
