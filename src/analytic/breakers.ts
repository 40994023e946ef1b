/**
 * Circuit breakers under independent failures: the consecutive-failure breaker of seeds 001/003
 * (its mean calls until opening is `expectedCallsUntilOpen` in detectors.ts) and resilience4j's
 * count-window rate breaker.
 */

import { invalidParameter, requirePositive, requireProbability } from '../errors.js';
import { regularizedBeta } from '../math/regularizedBeta.js';
import { expectedCallsUntilOpen } from './detectors.js';

function requireCount(name: string, value: number): void {
  if (!(Number.isSafeInteger(value) && value >= 1)) invalidParameter(name, 'an integer >= 1', value);
}

/**
 * P(a HALF_OPEN visit closes the breaker) = (1 − f)^m: the next m calls all succeed (seed 003:
 * `halfOpenSuccesses` consecutive successes close it, any failure re-opens it).
 *
 * Assumes: calls fail independently with probability f.
 *
 * @param f failure probability of a call.
 * @param m halfOpenSuccesses, an integer ≥ 1.
 * @throws FaultlineError (INVALID_PARAMETER) naming `f` or `m`.
 * @example halfOpenCloseProbability(0.1, 3) // 0.729
 */
export function halfOpenCloseProbability(f: number, m: number): number {
  requireProbability('f', f);
  requireCount('m', m);
  return (1 - f) ** m;
}

/** A consecutive-failure breaker (seed 003) under Poisson calls with independent failures. */
export interface ConsecutiveBreakerLoad {
  /** λ, calls per hour (Poisson). */
  readonly rate: number;
  /** f, P(a call fails). */
  readonly failureProbability: number;
  /** k, consecutive failures that open it. */
  readonly threshold: number;
  /** W, hours OPEN. */
  readonly resetTimeout: number;
  /** m, consecutive HALF_OPEN successes that close it. */
  readonly halfOpenSuccesses: number;
}

interface CycleTerms {
  /** (1 − f)^m: P(a half-open visit closes). */
  readonly q: number;
  /** E[N_k]/λ, the mean CLOSED period (Infinity when f = 0). */
  readonly closed: number;
  /** E[J]/λ, the mean HALF_OPEN time per visit, J = calls in the visit. */
  readonly halfOpen: number;
  readonly open: number;
}

function cycleTerms(b: ConsecutiveBreakerLoad): CycleTerms {
  requirePositive('rate', b.rate);
  requireProbability('failureProbability', b.failureProbability);
  requireCount('threshold', b.threshold);
  requirePositive('resetTimeout', b.resetTimeout);
  requireCount('halfOpenSuccesses', b.halfOpenSuccesses);
  const f = b.failureProbability;
  // E[J] = Σ_{j=0}^{m−1} (1 − f)^j: call j+1 of the visit happens iff the first j succeeded.
  let calls = 0;
  let reach = 1;
  for (let j = 0; j < b.halfOpenSuccesses; j++, reach *= 1 - f) calls += reach;
  return {
    q: reach,
    closed: expectedCallsUntilOpen(f, b.threshold) / b.rate,
    halfOpen: calls / b.rate,
    open: b.resetTimeout,
  };
}

/*
 * The renewal-reward derivation shared by the three functions below (S. M. Ross, *Stochastic
 * Processes*, 2nd ed. 1996, Thm 3.6.1: long-run reward rate = E[reward per cycle]/E[cycle]).
 * A cycle starts when the breaker closes (failure count 0). CLOSED lasts until the k-th
 * consecutive failure: N_k calls, E[N_k] = (1 − f^k)/((1 − f)f^k) (Feller, via
 * expectedCallsUntilOpen), each after an Exp(λ) gap, so E = E[N_k]/λ (Wald). Then V ≥ 1 visits
 * to OPEN-then-HALF_OPEN: OPEN exactly W (its end does not wait for a call); HALF_OPEN from then
 * until the call that decides it, J = min(first failure, m) calls, the first arriving Exp(λ)
 * after W by memorylessness, E[J] = (1 − (1 − f)^m)/f; a visit closes with probability
 * q = (1 − f)^m, independently of the others, so E[V] = 1/q. Hence
 *   E[cycle] = E[N_k]/λ + (W + E[J]/λ)/q,   E[open per cycle] = W/q,
 * and, multiplying through by q (finite at f = 1, where q = 0),
 *   open fraction = W / (q·E[N_k]/λ + W + E[J]/λ).
 * The research notes' approximation (W/(1 − p))/(E[N_k]/λ + W/(1 − p)) is the case m = 1 without
 * the half-open time E[J]/λ.
 * Assumes: Poisson calls at constant rate λ, failing independently with probability f; calls
 * take no time (a result is known at its call's arrival, so no call is in flight across a
 * transition); the breaker of seed 003 with the ≥ timeout of ConsecutiveBreaker (ties have
 * probability 0 here).
 */

/**
 * Long-run fraction of time the breaker is OPEN: W/(q·E[N_k]/λ + W + E[J]/λ) with q = (1 − f)^m,
 * E[N_k] = (1 − f^k)/((1 − f)f^k), E[J] = (1 − (1 − f)^m)/f (derivation above, by renewal reward;
 * Ross 1996 Thm 3.6.1). 0 when f = 0; W/(W + 1/λ) when f = 1 (never closes again).
 *
 * Assumes: see the derivation (Poisson calls, independent failures, instantaneous calls).
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming a field of the load.
 * @example consecutiveBreakerOpenFraction({ rate: 100, failureProbability: 0.5, threshold: 2, resetTimeout: 0.06, halfOpenSuccesses: 1 }) // 0.06/(0.5·0.06 + 0.06 + 0.01) = 0.6
 */
export function consecutiveBreakerOpenFraction(b: ConsecutiveBreakerLoad): number {
  const t = cycleTerms(b);
  return t.open / (t.q * t.closed + t.open + t.halfOpen);
}

/**
 * Long-run fraction of time the breaker is HALF_OPEN: (E[J]/λ)/(q·E[N_k]/λ + W + E[J]/λ)
 * (same derivation and assumptions as {@link consecutiveBreakerOpenFraction}).
 */
export function consecutiveBreakerHalfOpenFraction(b: ConsecutiveBreakerLoad): number {
  const t = cycleTerms(b);
  return t.halfOpen / (t.q * t.closed + t.open + t.halfOpen);
}

/**
 * Long-run openings per hour (CLOSED → OPEN and HALF_OPEN → OPEN): E[V]/E[cycle] =
 * 1/(q·E[N_k]/λ + W + E[J]/λ) (same derivation and assumptions as
 * {@link consecutiveBreakerOpenFraction}).
 */
export function consecutiveBreakerOpensPerHour(b: ConsecutiveBreakerLoad): number {
  const t = cycleTerms(b);
  return 1 / (t.q * t.closed + t.open + t.halfOpen);
}

/**
 * The fewest failures among n calls that resilience4j finds at or above the threshold:
 * the least j with `j * 100.0f / n ≥ θ%` in float32 (CircuitBreakerMetrics/SnapshotImpl; see
 * sim/workload/policies/SlidingWindowBreaker.ts), the threshold held as the float fround(100θ).
 * Float32 matters at ties: θ = 0.14, n = 50 gives 7 (0.14·100 is 14.000000000000002 in doubles).
 */
function failuresToTrip(n: number, threshold: number): number {
  const percent = Math.fround(threshold * 100);
  const calls = Math.fround(n);
  for (let j = 0; j <= n; j++) if (Math.fround(Math.fround(j * 100) / calls) >= percent) return j;
  return n + 1;
}

function binomialAtLeast(n: number, f: number, j: number): number {
  if (j <= 0) return 1;
  if (j > n) return 0;
  if (f === 0) return 0;
  if (f === 1) return 1;
  return regularizedBeta(f, j, n - j + 1); // P(Bin(n, f) ≥ j) = I_f(j, n − j + 1)
}

function requireRateBreaker(n: number, f: number, threshold: number): void {
  requireCount('calls', n);
  requireProbability('f', f);
  if (!(threshold > 0 && threshold <= 1)) invalidParameter('threshold', 'a fraction in (0, 1]', threshold);
}

/**
 * P(resilience4j's count-window breaker opens at its first evaluation) = P(Bin(n, f) ≥ j*), j*
 * the fewest failures whose float32 rate `j*100.0f/n` is ≥ the float32 threshold (so
 * ⌈θn⌉ up to float rounding at ties). The first evaluation is at n = min(minimumCalls, size)
 * calls (the research notes' form (c).13; resilience4j CircuitBreakerMetrics). The binomial tail
 * is the regularized incomplete beta I_f(j*, n − j* + 1) (Abramowitz & Stegun 26.5.24).
 *
 * Assumes: calls fail independently with probability f; no slow-call trip (slow rate below its
 * threshold); the window empty at the start (just built, or just closed).
 *
 * @param n calls at the first evaluation, min(minimumCalls, size).
 * @param threshold failureRateThreshold θ in (0, 1].
 * @throws FaultlineError (INVALID_PARAMETER) naming `calls`, `f` or `threshold`.
 * @example rateBreakerTripProbability(10, 0.5, 0.5) // P(Bin(10, ½) ≥ 5) = 0.623046875
 */
export function rateBreakerTripProbability(n: number, f: number, threshold: number): number {
  requireRateBreaker(n, f, threshold);
  return binomialAtLeast(n, f, failuresToTrip(n, threshold));
}

/**
 * P(a HALF_OPEN visit of resilience4j's breaker closes it) = P(Bin(m, f) < j*) (the complement
 * of {@link rateBreakerTripProbability} on the half-open window), with m = min(minimumCalls,
 * permittedInHalfOpen), the results after which HALF_OPEN decides.
 *
 * Assumes: as {@link rateBreakerTripProbability}; only probes' results reach the half-open window.
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `calls`, `f` or `threshold`.
 * @example rateBreakerHalfOpenCloseProbability(10, 0.5, 0.5) // P(Bin(10, ½) ≤ 4) = 0.376953125
 */
export function rateBreakerHalfOpenCloseProbability(m: number, f: number, threshold: number): number {
  requireRateBreaker(m, f, threshold);
  const j = failuresToTrip(m, threshold);
  // P(Bin(m, f) ≤ j − 1) = I_{1−f}(m − j + 1, j), computed directly (no 1 − tail cancellation).
  if (j > m) return 1;
  if (j <= 0 || f === 1) return 0;
  return f === 0 ? 1 : regularizedBeta(1 - f, m - j + 1, j);
}
