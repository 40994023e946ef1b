/** Multi-server Markovian queues: Erlang B and C, M/M/c waiting times, M/M/c/K blocking (bulkheads and executor pools). */

import { invalidParameter, requirePositive } from '../errors.js';

function requireServers(name: string, c: number, min = 1): void {
  if (!(Number.isSafeInteger(c) && c >= min)) invalidParameter(name, `an integer >= ${min}`, c);
}

function requireLoad(a: number): void {
  if (!(Number.isFinite(a) && a >= 0)) invalidParameter('a', 'a finite number >= 0 (offered load λ/μ, erlangs)', a);
}

/**
 * Erlang's loss formula B(c, a) = (a^c/c!)/Σ_{k=0}^{c} a^k/k!: the probability that an arrival
 * finds all c servers busy and is lost (A. K. Erlang, "Solution of some problems in the theory
 * of probabilities of significance in automatic telephone exchanges", Elektroteknikeren 13, 1917;
 * L. Kleinrock, *Queueing Systems* vol. 1, 1975, §3.7, M/M/m/m). Computed by the recursion
 * B(0) = 1, B(k) = a·B(k−1)/(k + a·B(k−1)) (D. L. Jagerman, "Some properties of the Erlang loss
 * function", Bell Syst. Tech. J. 53, 1974), which neither overflows nor cancels.
 *
 * Assumes: Poisson arrivals, no queue (a bulkhead with queue 0 rejects); insensitive to the
 * service-time law beyond its mean (M/G/c/c; Sevastyanov 1957).
 *
 * @param c servers (slots), an integer ≥ 0.
 * @param a offered load λ/μ in erlangs, ≥ 0.
 * @throws FaultlineError (INVALID_PARAMETER) naming `c` or `a`.
 * @example erlangB(10, 8) // 0.12166…
 */
export function erlangB(c: number, a: number): number {
  requireServers('c', c, 0);
  requireLoad(a);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Erlang's delay formula C(c, a) = c·B/(c − a(1 − B)), B = B(c, a): the probability that an
 * arrival must wait in an M/M/c queue (Kleinrock 1975 §3.6, eq. 3.40; D. Gross & C. M. Harris,
 * *Fundamentals of Queueing Theory*, 3rd ed. 1998, §2.5).
 *
 * Assumes: Poisson arrivals, exponential service, c servers, unlimited FIFO queue, a < c (stable).
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `c` or `a` (also when a ≥ c).
 * @example erlangC(2, 1) // 1/3
 */
export function erlangC(c: number, a: number): number {
  requireServers('c', c);
  requireLoad(a);
  if (!(a < c)) invalidParameter('a', `a load < c (${c}) for a stable queue`, a);
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

function requireMmc(lambda: number, mu: number, c: number): number {
  requirePositive('lambda', lambda);
  requirePositive('mu', mu);
  requireServers('c', c);
  if (!(lambda < c * mu)) invalidParameter('lambda', `a rate < c·mu (${c * mu}) for a stable queue`, lambda);
  return erlangC(c, lambda / mu);
}

/**
 * Mean wait in queue of an M/M/c queue, E[W_q] = C(c, λ/μ)/(cμ − λ) (Kleinrock 1975 §3.6;
 * Gross & Harris 1998 §2.5).
 *
 * Assumes: as {@link erlangC}; FIFO (the mean holds for any work-conserving order that ignores service times).
 *
 * @param lambda arrival rate λ > 0.
 * @param mu service rate per server μ > 0 (in the same time unit).
 * @throws FaultlineError (INVALID_PARAMETER) naming `lambda`, `mu` or `c` (also when λ ≥ cμ).
 * @example mmcMeanWait(1, 1, 2) // 1/3
 */
export function mmcMeanWait(lambda: number, mu: number, c: number): number {
  return requireMmc(lambda, mu, c) / (c * mu - lambda);
}

/**
 * P(W_q > t) = C(c, λ/μ)·e^{−(cμ − λ)t}: the probability that an arrival waits in queue longer
 * than t in an M/M/c FIFO queue (Gross & Harris 1998 §2.5; Kleinrock 1975 §3.6). With t a
 * bulkhead's queue timeout d, it is the share of calls whose wait would exceed d if none left
 * the queue: the drop probability of the timeout to first order (abandonment shortens later
 * waits, so the exact M/M/c+D value is lower).
 *
 * Assumes: as {@link erlangC}, FIFO.
 *
 * @param t a wait ≥ 0, in the unit of 1/λ.
 * @throws FaultlineError (INVALID_PARAMETER) naming `lambda`, `mu`, `c` or `t`.
 * @example mmcWaitSurvival(1, 1, 2, Math.LN2) // (1/3)·½
 */
export function mmcWaitSurvival(lambda: number, mu: number, c: number, t: number): number {
  const waits = requireMmc(lambda, mu, c);
  if (!(t >= 0 && t < Infinity)) invalidParameter('t', 'a finite number >= 0', t);
  return waits * Math.exp(-(c * mu - lambda) * t);
}

/**
 * Blocking probability of M/M/c/K (c servers, K − c waiting places): p_K of the birth–death
 * chain with p_n ∝ a^n/n! for n ≤ c and ∝ (a^c/c!)(a/c)^{n−c} for c < n ≤ K (Gross & Harris
 * 1998 §2.6; Kleinrock 1975 §3.6). Computed as 1/Σ_n p_n/p_K, the ratios p_{n−1}/p_n =
 * min(n, c)/a taken backwards from K (no factorials; a sum that overflows means p_K underflows
 * to 0). Any λ/(cμ) is allowed (the chain is finite). K = c gives Erlang B.
 *
 * Assumes: Poisson arrivals, exponential service, an arrival that finds K in the system is lost.
 *
 * @param capacity K, places in the system (in service + waiting), an integer ≥ c.
 * @throws FaultlineError (INVALID_PARAMETER) naming `lambda`, `mu`, `c` or `capacity`.
 * @example mmcKBlocking(1, 1, 1, 2) // M/M/1/2 at ρ = 1: 1/3
 */
export function mmcKBlocking(lambda: number, mu: number, c: number, capacity: number): number {
  requirePositive('lambda', lambda);
  requirePositive('mu', mu);
  requireServers('c', c);
  if (!(Number.isSafeInteger(capacity) && capacity >= c)) invalidParameter('capacity', `an integer >= c (${c})`, capacity);
  const a = lambda / mu;
  let ratio = 1; // p_n/p_K
  let sum = 1;
  for (let n = capacity; n >= 1 && ratio < Infinity; n--) {
    ratio *= Math.min(n, c) / a;
    sum += ratio;
  }
  return 1 / sum;
}
