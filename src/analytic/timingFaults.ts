/**
 * Timing faults for queries (docs/fault-modes.md, "Slow periods" and "Link latency"): the closed
 * forms `check` pairs with an isolated class (Poisson arrivals, no service, pool, queue or breaker,
 * no retries), so that each attempt's latency is a function of its own draws and of the state of
 * the slow-period process at its start.
 *
 * - Slow periods. An on/off process, off at time 0, with i.i.d. off times E (`every`) and on times
 *   D (`duration`), is an alternating renewal process: in steady state it is on with probability
 *   s = E[D]/(E[E] + E[D]) (Ross, "Stochastic Processes", 2nd ed., 1996, Thm 3.4.4; for non-lattice
 *   laws). Poisson arrivals see time averages (PASTA; Wolff, Oper. Res. 30, 1982), and the
 *   execution draw is independent of the process, so an attempt's latency is the mixture
 *   (1 − p)·L + p·kL, p the probability that the process is on at its start. With exponential laws
 *   the process is the two-state Markov chain with rates α = 1/E[E] (off → on) and β = 1/E[D]
 *   (on → off), and from off at 0, p(t) = s(1 − e^{−(α+β)t}) exactly (Kolmogorov's forward
 *   equation p' = α(1 − p) − βp, p(0) = 0); averaged over arrivals uniform on [a, b] (a Poisson
 *   process conditioned on its count), p̄ = s − s(e^{−ca} − e^{−cb})/(c(b − a)), c = α + β.
 * - Link latency. The round trip is S = D_req + L + D_resp with independent terms, and an
 *   attempt answers iff S ≤ τ: P(S ≤ τ) = E[F_L(τ − D_req − D_resp)], E[S; S ≤ τ] =
 *   E[D·F_L(τ − D) + E[L; L ≤ τ − D]] with D = D_req + D_resp (conditioning on the delays; Feller,
 *   vol. 2, §V.4). The outer expectations are integrals over the delays' quantiles, by Gauss–Legendre
 *   quadrature on [0, F_D(x)] (the integrand is 0 beyond) with panels graded toward F_D(x), where the
 *   quantile's logarithmic singularity is; a deterministic delay is a shift. The substitution puts the quadrature nodes where the delays' mass is, however narrow.
 */
import { invalidParameter } from '../errors.js';

/** A latency law as the closed forms need it (hours): its mean, CDF and partial mean E[X; X ≤ x]. */
export interface LatencyLaw {
  readonly mean: number;
  cdf(x: number): number;
  partialMean(x: number): number;
}

/** A network delay law: a constant, or a continuous law by its CDF and quantile. */
export type DelayLaw = { readonly type: 'constant'; readonly value: number } | { readonly type: 'continuous'; readonly mean: number; cdf(x: number): number; quantile(u: number): number };

/**
 * The stationary probability that an alternating on/off process is on, s = E[on]/(E[off] + E[on])
 * (Ross 1996, Thm 3.4.4).
 *
 * @throws FaultlineError (INVALID_PARAMETER) unless both means are finite and > 0.
 * @example slowFraction(9, 1) // 0.1
 */
export function slowFraction(meanEvery: number, meanDuration: number): number {
  if (!(meanEvery > 0 && Number.isFinite(meanEvery))) invalidParameter('meanEvery', 'a finite number > 0', meanEvery);
  if (!(meanDuration > 0 && Number.isFinite(meanDuration))) invalidParameter('meanDuration', 'a finite number > 0', meanDuration);
  return meanDuration / (meanEvery + meanDuration);
}

/**
 * For exponential off and on times (means `meanEvery`, `meanDuration`), off at time 0: the
 * probability that the process is on at a time uniform on [from, to], the average of
 * p(t) = s(1 − e^{−(α+β)t}) (the two-state Markov chain; see the module comment). from = to gives p(from).
 *
 * @throws FaultlineError (INVALID_PARAMETER) on non-positive means or 0 ≤ from ≤ to violated.
 * @example meanSlowProbability(1, 1, 0, Infinity) // 0.5
 */
export function meanSlowProbability(meanEvery: number, meanDuration: number, from: number, to: number): number {
  const s = slowFraction(meanEvery, meanDuration);
  if (!(from >= 0 && to >= from)) invalidParameter('from, to', '0 ≤ from ≤ to', [from, to]);
  const c = 1 / meanEvery + 1 / meanDuration;
  if (to === Infinity) return s;
  if (to - from < 1e-12 * Math.max(1, to)) return s * -Math.expm1(-c * from);
  // (e^{−ca} − e^{−cb})/(c(b − a)) = e^{−ca}(1 − e^{−c(b − a)})/(c(b − a)), stable for small c(b − a).
  return s * (1 - (Math.exp(-c * from) * -Math.expm1(-c * (to - from))) / (c * (to - from)));
}

/**
 * The latency law of an attempt that is slow (its draw scaled by `factor`) with probability
 * `slowProbability`: CDF (1 − p)F(x) + pF(x/k), partial mean (1 − p)E[L; L ≤ x] + p·k·E[L; L ≤ x/k].
 * P(an attempt times out) is 1 − cdf(τ) = (1 − p)P(L > τ) + pP(kL > τ).
 *
 * @throws FaultlineError (INVALID_PARAMETER) unless factor ≥ 1 and p ∈ [0, 1].
 */
export function slowMixture(law: LatencyLaw, factor: number, slowProbability: number): LatencyLaw {
  if (!(factor >= 1 && Number.isFinite(factor))) invalidParameter('factor', 'a finite number >= 1', factor);
  if (!(slowProbability >= 0 && slowProbability <= 1)) invalidParameter('slowProbability', 'a probability', slowProbability);
  const p = slowProbability;
  const k = factor;
  return {
    mean: (1 - p + p * k) * law.mean,
    cdf: (x) => (1 - p) * law.cdf(x) + p * law.cdf(x / k),
    partialMean: (x) => (1 - p) * law.partialMean(x) + p * k * law.partialMean(x / k),
  };
}

// Gauss–Legendre nodes and weights on [−1, 1] (Newton on P_n from Chebyshev guesses).
const ORDER = 12;
/** Panels graded toward the upper end, where a quantile has its (logarithmic) singularity: [0, b/2], [b/2, 3b/4], …, then the rest. */
const LEVELS = 24;
const GL = (() => {
  const x = new Float64Array(ORDER);
  const w = new Float64Array(ORDER);
  for (let i = 0; i < ORDER; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (ORDER + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let j = 2; j <= ORDER; j++) {
        const p2 = ((2 * j - 1) * z * p1 - (j - 1) * p0) / j;
        p0 = p1;
        p1 = p2;
      }
      dp = (ORDER * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = z;
    w[i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
})();

function panel(g: (u: number) => number, lo: number, hi: number): number {
  const mid = (lo + hi) / 2;
  const half = (hi - lo) / 2;
  let sum = 0;
  for (let i = 0; i < ORDER; i++) sum += (GL.w[i] as number) * g(mid + half * (GL.x[i] as number));
  return half * sum;
}

/** ∫_0^b g(u) du by Gauss–Legendre on panels graded toward b (LEVELS halvings, ORDER nodes each). */
function integrate(g: (u: number) => number, b: number): number {
  if (!(b > 0)) return 0;
  let sum = 0;
  let lo = 0;
  for (let j = 1; j <= LEVELS; j++) {
    const hi = b * (1 - 2 ** -j);
    sum += panel(g, lo, hi);
    lo = hi;
  }
  return sum + panel(g, lo, b);
}

/** E[h(D_1 + … + D_m)] over independent delays, where h(d) = 0 for d > x: nested quadrature over the quantiles, constants as shifts. */
function expectOverDelays(delays: readonly DelayLaw[], x: number, h: (d: number) => number): number {
  const shift = delays.reduce((s, d) => s + (d.type === 'constant' ? d.value : 0), 0);
  const spread = delays.filter((d): d is Extract<DelayLaw, { type: 'continuous' }> => d.type === 'continuous');
  const nest = (i: number, left: number): number => {
    if (left < 0) return 0;
    const d = spread[i];
    if (d === undefined) return h(x - left);
    return integrate((u) => nest(i + 1, left - d.quantile(u)), d.cdf(left));
  };
  return nest(0, x - shift);
}

/**
 * The round-trip law S = D_req + L + D_resp at a point x (hours): P(S ≤ x) and E[S; S ≤ x]
 * (module comment). `delays` are the one-way delays present (none: S = L).
 */
export function roundTrip(law: LatencyLaw, delays: readonly DelayLaw[]): LatencyLaw {
  const delayMean = delays.reduce((s, d) => s + (d.type === 'constant' ? d.value : d.mean), 0);
  return {
    mean: law.mean + delayMean,
    cdf: (x) => (x === Infinity ? 1 : expectOverDelays(delays, x, (d) => law.cdf(x - d))),
    partialMean: (x) => (x === Infinity ? law.mean + delayMean : expectOverDelays(delays, x, (d) => d * law.cdf(x - d) + law.partialMean(x - d))),
  };
}
