/** Lognormal request latency: tails, quantiles, truncated means and the cost of timeouts with retries. */

import { invalidParameter, requireFinite, requirePositive, requireProbability } from '../errors.js';
import { normalCdf, normalQuantile, normalSurvival } from '../math/normal.js';

/** X = e^{μ + σZ}, Z standard normal; μ and σ are those of ln X (units of X: whatever the caller uses). */
export interface Lognormal {
  readonly mu: number;
  readonly sigma: number;
}

/**
 * A lognormal latency from its parameters, checked.
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `mu` or `sigma`.
 */
export function lognormal(mu: number, sigma: number): Lognormal {
  return { mu: requireFinite('mu', mu), sigma: requirePositive('sigma', sigma) };
}

/**
 * The lognormal with the given median and 99th percentile: μ = ln median,
 * σ = (ln p99 − ln median)/Φ⁻¹(0.99).
 *
 * @throws FaultlineError (INVALID_PARAMETER) unless 0 < median < p99.
 * @example lognormalFromMedianP99(100, 500) // {mu: 4.605…, sigma: 0.6918…}
 */
export function lognormalFromMedianP99(median: number, p99: number): Lognormal {
  requirePositive('median', median);
  requirePositive('p99', p99);
  if (!(p99 > median)) invalidParameter('p99', `a number > median (${median})`, p99);
  return lognormal(Math.log(median), Math.log(p99 / median) / normalQuantile(0.99));
}

/**
 * The lognormal with the given mean and standard deviation: σ² = ln(1 + (sd/mean)²),
 * μ = ln mean − σ²/2 (Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions* vol. 1,
 * 2nd ed. 1994, ch. 14).
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `mean` or `sd`.
 */
export function lognormalFromMeanSd(mean: number, sd: number): Lognormal {
  requirePositive('mean', mean);
  requirePositive('sd', sd);
  const variance = Math.log1p((sd / mean) ** 2);
  return lognormal(Math.log(mean) - variance / 2, Math.sqrt(variance));
}

/** (ln x − μ)/σ; −∞ for x ≤ 0. */
function standardize(d: Lognormal, x: number): number {
  return x <= 0 ? -Infinity : (Math.log(x) - d.mu) / d.sigma;
}

/**
 * P(X > x) = Φ̄((ln x − μ)/σ), computed directly (full relative precision deep in the tail).
 *
 * @example lognormalSurvival(lognormal(1, 0.5), Math.E) // 0.5
 */
export function lognormalSurvival(d: Lognormal, x: number): number {
  return normalSurvival(standardize(d, x));
}

/**
 * The level-quantile e^{μ + σΦ⁻¹(level)}, with the exact inverse normal (AS 241). For levels
 * close to 1 (beyond 1 − 1e-16), use {@link lognormalUpperQuantile}.
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `level`.
 * @example lognormalQuantile(lognormal(1, 0.5), 0.95) // e^{1 + 0.5·1.6449} = 6.1945…
 */
export function lognormalQuantile(d: Lognormal, level: number): number {
  requireProbability('level', level);
  return Math.exp(d.mu + d.sigma * normalQuantile(level));
}

/**
 * The x with P(X > x) = exceedance, e^{μ − σΦ⁻¹(exceedance)}: the quantile at level
 * 1 − exceedance, exact even when 1 − exceedance rounds to 1 (e.g. exceedance 1e-20).
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `exceedance`.
 */
export function lognormalUpperQuantile(d: Lognormal, exceedance: number): number {
  requireProbability('exceedance', exceedance);
  return Math.exp(d.mu - d.sigma * normalQuantile(exceedance));
}

/** E[X] = e^{μ + σ²/2}. Note the median is e^μ, below the mean. */
export function lognormalMean(d: Lognormal): number {
  return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
}

/** E[X; X ≤ τ] = e^{μ+σ²/2}·Φ((ln τ − μ − σ²)/σ), the partial expectation. */
function partialMean(d: Lognormal, tau: number): number {
  return lognormalMean(d) * normalCdf(standardize(d, tau) - d.sigma);
}

function requireTimeout(tau: number): void {
  if (!(tau > 0)) invalidParameter('timeout', 'a number > 0 (Infinity for no timeout)', tau);
}

/**
 * E[min(X, τ)] = e^{μ+σ²/2}·Φ((ln τ − μ − σ²)/σ) + τ·Φ̄((ln τ − μ)/σ): the expected time one
 * attempt occupies when it is abandoned at the timeout τ (Johnson, Kotz & Balakrishnan 1994,
 * ch. 14, partial moments).
 *
 * @param timeout τ > 0, in the units of X; Infinity gives the mean.
 * @throws FaultlineError (INVALID_PARAMETER) naming `timeout`.
 */
export function lognormalLimitedMean(d: Lognormal, timeout: number): number {
  requireTimeout(timeout);
  if (timeout === Infinity) return lognormalMean(d);
  return partialMean(d, timeout) + timeout * lognormalSurvival(d, timeout);
}

function requireRetries(retries: number): void {
  if (!(Number.isInteger(retries) && retries >= 0)) invalidParameter('retries', 'an integer >= 0', retries);
}

/**
 * Expected total time a request occupies with timeout τ and up to r retries after timeouts:
 * E[min(X, τ)]·Σ_{i=0}^{r} s^i with s = P(X > τ) (attempt i+1 is made iff the first i timed out).
 * This includes requests that FAIL: with probability s^{r+1} every attempt times out and the
 * request gives up after (r + 1)τ (see {@link allAttemptsTimeOutProbability}).
 *
 * Assumes: attempt durations i.i.d. lognormal (a retry is a fresh draw, independent of the slow
 * attempt: no shared cause such as an overloaded server); a timed-out attempt costs exactly τ
 * and is abandoned (its late answer is ignored); no backoff between attempts; the last attempt
 * also times out at τ.
 *
 * @param timeout τ > 0 (Infinity: no timeout, the mean).
 * @param retries r, an integer ≥ 0.
 * @throws FaultlineError (INVALID_PARAMETER) naming `timeout` or `retries`.
 */
export function expectedLatencyWithRetries(d: Lognormal, timeout: number, retries: number): number {
  requireRetries(retries);
  const perAttempt = lognormalLimitedMean(d, timeout);
  const s = lognormalSurvival(d, timeout);
  let attempts = 0;
  let reach = 1; // P(attempt i + 1 is made)
  for (let i = 0; i <= retries; i++) {
    attempts += reach;
    reach *= s;
  }
  return perAttempt * attempts;
}

/**
 * P(all r + 1 attempts time out) = P(X > τ)^{r+1}: the request fails.
 *
 * Assumes: as {@link expectedLatencyWithRetries}.
 */
export function allAttemptsTimeOutProbability(d: Lognormal, timeout: number, retries: number): number {
  requireTimeout(timeout);
  requireRetries(retries);
  return lognormalSurvival(d, timeout) ** (retries + 1);
}

/**
 * Expected latency of a request that succeeds, E[T | some attempt finishes within τ]: the
 * successful attempt i+1 (probability s^i(1 − s)) costs iτ + E[X | X ≤ τ].
 *
 * Assumes: as {@link expectedLatencyWithRetries}; undefined (NaN) if no attempt can succeed.
 */
export function expectedLatencyGivenSuccess(d: Lognormal, timeout: number, retries: number): number {
  requireTimeout(timeout);
  requireRetries(retries);
  if (timeout === Infinity) return lognormalMean(d);
  const s = lognormalSurvival(d, timeout);
  const success = normalCdf(standardize(d, timeout));
  const conditionalAttempt = partialMean(d, timeout) / success;
  let weight = 0; // Σ s^i
  let timeouts = 0; // Σ i·s^i
  let reach = 1;
  for (let i = 0; i <= retries; i++) {
    weight += reach;
    timeouts += i * reach;
    reach *= s;
  }
  return conditionalAttempt + (timeout * timeouts) / weight;
}
