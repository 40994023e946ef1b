/** Memory exhaustion under Poisson query arrivals, as the steady state of an M/G/∞ queue. */

import { invalidParameter, requirePositive } from '../errors.js';
import { regularizedGammaP } from '../math/gammaFunctions.js';

/** A stream of queries, each holding the same amount of memory while it runs. */
export interface QueryLoad {
  /** Poisson arrival rate λ, queries per hour. */
  readonly arrivalRate: number;
  /** Mean holding time d of a query, hours (any distribution). */
  readonly meanHoldingTime: number;
  /** Memory m each running query holds (GB, or any unit used for the capacity). */
  readonly memoryPerQuery: number;
}

function checkLoad(load: QueryLoad): void {
  requirePositive('arrivalRate', load.arrivalRate);
  requirePositive('meanHoldingTime', load.meanHoldingTime);
  requirePositive('memoryPerQuery', load.memoryPerQuery);
}

/**
 * Mean number of queries running, ρ = λ·d; in steady state the number running is Poisson(ρ)
 * whatever the holding-time distribution (M/G/∞ insensitivity; L. Takács, *Introduction to the Theory of
 * Queues*, 1962; S. M. Ross, *Stochastic Processes*, 2nd ed. 1996, ch. 2, the infinite-server
 * Poisson queue).
 *
 * Assumes: Poisson arrivals; holding times i.i.d., independent of arrivals, with mean d; no
 * admission control (every query starts at once: infinitely many servers); steady state.
 */
export function meanQueriesRunning(load: QueryLoad): number {
  checkLoad(load);
  return load.arrivalRate * load.meanHoldingTime;
}

/**
 * P(memory in use exceeds the capacity) = P(N·m > M) with N ~ Poisson(λd), i.e. P(N ≥ K + 1)
 * for K = ⌊M/m⌋, computed as the regularized lower incomplete gamma function P(K + 1, λd) (a
 * Poisson upper tail, relatively accurate when it is 1e-30). This is the long-run fraction of
 * time the demand exceeds the memory, and, by PASTA, the probability that an arriving query
 * finds the memory already over-committed.
 *
 * Assumes: as {@link meanQueriesRunning}; every query holds the same memory m for its whole
 * run; exhaustion is demand above capacity (queries are not rejected or queued, so they do not
 * change the load).
 *
 * @param capacity usable memory M ≥ 0 (seed 000: 80% of the total).
 * @throws FaultlineError (INVALID_PARAMETER) naming the offending field or `capacity`.
 * @example memoryExhaustionProbability({arrivalRate: 10, meanHoldingTime: 0.5, memoryPerQuery: 8}, 51.2)
 *          // P(Poisson(5) ≥ 7) = 0.2378…
 */
export function memoryExhaustionProbability(load: QueryLoad, capacity: number): number {
  checkLoad(load);
  if (!(Number.isFinite(capacity) && capacity >= 0)) invalidParameter('capacity', 'a finite number >= 0', capacity);
  const m = load.memoryPerQuery;
  // The largest K with K·m ≤ M as evaluated in doubles, so that the threshold is consistent with N·m > M.
  let k = Math.floor(capacity / m);
  while ((k + 1) * m <= capacity) k++;
  while (k > 0 && k * m > capacity) k--;
  return regularizedGammaP(k + 1, load.arrivalRate * load.meanHoldingTime);
}

/** Mean memory in use, λ·d·m. Assumes: as {@link meanQueriesRunning}. */
export function memoryInUseMean(load: QueryLoad): number {
  return meanQueriesRunning(load) * load.memoryPerQuery;
}

/**
 * Variance of memory in use, λ·d·m² (N·m with N Poisson). With per-query memory drawn i.i.d.
 * independently of the holding time, memory in use is compound Poisson and the variance is
 * λ·d·E[m²]; pass `memorySecondMoment` = E[m²] for that case (default m², constant memory).
 *
 * Assumes: as {@link meanQueriesRunning}.
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming the offending field or `memorySecondMoment`.
 */
export function memoryInUseVariance(load: QueryLoad, memorySecondMoment?: number): number {
  const rho = meanQueriesRunning(load);
  const second = memorySecondMoment ?? load.memoryPerQuery ** 2;
  requirePositive('memorySecondMoment', second);
  return rho * second;
}
