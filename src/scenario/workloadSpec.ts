/**
 * The workload fragment of a scenario, resolved: query classes, their arrivals, execution laws,
 * timeouts, retries, breakers, fallbacks, bulkheads, executors as capacity and memory. Every
 * time is in hours (the engine's unit), every rate per hour; indices point into the scenario's
 * `services` and `groups` and into the fragment's own `breakers` and `bulkheads`.
 */
import type { ScenarioDistribution } from './validateScenario.js';

/** Why a query (or one attempt of it) failed; the order is that of the metrics (`lost`: its request or response was lost, the client heard nothing until its timeout). */
export const FAILURE_CAUSES = ['service_down', 'timeout', 'error', 'rejected', 'out_of_memory', 'breaker_open', 'lost'] as const;
export type FailureCause = (typeof FAILURE_CAUSES)[number];

/** Poisson arrivals at a constant rate, or at a piecewise-constant rate (a load spike). */
export type ArrivalSpec =
  | { readonly type: 'poisson'; readonly rate: number }
  /** `steps[i].rate` holds from `steps[i].from` to the next step's `from` (the last to the horizon); `steps[0].from` is 0; `from` strictly increasing; a rate may be 0. */
  | { readonly type: 'profile'; readonly steps: readonly { readonly from: number; readonly rate: number }[] };

/**
 * The delay before retry k (k = 1 for the first retry), with v_k = min(cap, base·multiplier^(k−1)):
 * `none` v_k; `full` U(0, v_k) (AWS "Full Jitter"); `equal` v_k/2 + U(0, v_k/2) (AWS "Equal
 * Jitter"); `decorrelated` min(cap, U(base, 3·d_{k−1})) with d_0 = base (AWS "Decorrelated
 * Jitter"; not Polly's or cockatiel's V2 formula). A `constant` backoff is `exponential` with
 * multiplier 1.
 */
export interface BackoffSpec {
  readonly base: number;
  readonly multiplier: number;
  /** Infinity: no cap. */
  readonly cap: number;
  readonly jitter: 'none' | 'full' | 'equal' | 'decorrelated';
}

/**
 * A token bucket on retries (Brooker 2022; the AWS SDKs' retry quota): it starts full at
 * `capacity` tokens; each first attempt adds `ratio` tokens (up to `capacity`); a retry needs and
 * takes one token, and is not made without one (the query then fails with its last cause).
 * In the long run retries ≤ ratio·requests + capacity.
 */
export interface RetryBudgetSpec {
  readonly ratio: number;
  readonly capacity: number;
}

export interface RetrySpec {
  /** Retries after the first attempt (attempts ≤ maxRetries + 1). */
  readonly maxRetries: number;
  readonly backoff: BackoffSpec;
  /** Causes that are retried; others end the query at once. */
  readonly on: readonly FailureCause[];
  readonly budget: RetryBudgetSpec | null;
}

/**
 * Seed 001/003's consecutive-failure breaker: CLOSED opens after `threshold` consecutive failed
 * calls; OPEN rejects every call for `resetTimeout`, then lets calls through HALF_OPEN; HALF_OPEN
 * closes after `halfOpenSuccesses` consecutive successes, and a failure there re-opens it (seed
 * 003's semantics). A success in CLOSED resets the failure count.
 */
export interface ConsecutiveBreakerSpec {
  readonly type: 'consecutive';
  readonly name: string;
  readonly threshold: number;
  readonly resetTimeout: number;
  readonly halfOpenSuccesses: number;
  /** Causes recorded as a failure (default service_down and timeout); a rejected call is never recorded. */
  readonly failureCauses: readonly FailureCause[];
}

/**
 * resilience4j's CircuitBreaker (resilience4j.readme.io/docs/circuitbreaker): a count window of
 * the last `size` calls, or a time window of `size` hours in one-second buckets; rates are
 * computed once at least min(minimumCalls, size) calls (count) or `minimumCalls` calls (time) are
 * buffered; it opens when the failure rate ≥ `failureRateThreshold` or the slow-call rate ≥
 * `slowCallRateThreshold` (both fractions in (0, 1]), a call being slow when its duration is >
 * `slowCallDuration`; OPEN for `waitInOpen`, then HALF_OPEN permits `permittedInHalfOpen` calls
 * and, when they have all completed, closes if both rates are below their thresholds, else re-opens.
 * Calls not permitted are not recorded.
 */
export interface SlidingWindowBreakerSpec {
  readonly type: 'slidingWindow';
  readonly name: string;
  readonly window: 'count' | 'time';
  /** Calls (count window) or hours (time window; a whole number of seconds). */
  readonly size: number;
  readonly minimumCalls: number;
  readonly failureRateThreshold: number;
  readonly slowCallRateThreshold: number;
  readonly slowCallDuration: number;
  readonly permittedInHalfOpen: number;
  readonly waitInOpen: number;
  readonly failureCauses: readonly FailureCause[];
}

export type BreakerSpec = ConsecutiveBreakerSpec | SlidingWindowBreakerSpec;

/** A pool of at most `maxConcurrent` calls in execution; beyond it a call waits in a FIFO queue of at most `queue` (0: none) for at most `queueTimeout` (null: no limit), else it is `rejected`. */
export interface BulkheadSpec {
  readonly name: string;
  readonly maxConcurrent: number;
  readonly queue: number;
  readonly queueTimeout: number | null;
}

/** One level of a fallback chain: answered by `service` (null: always available, a default value) after a draw of `latency`, unless it exceeds `timeout`. */
export interface FallbackSpec {
  readonly name: string;
  readonly service: number | null;
  readonly latency: ScenarioDistribution;
  readonly timeout: number | null;
}

export interface QueryClassSpec {
  readonly name: string;
  readonly arrivals: ArrivalSpec;
  /** The time an attempt executes (once it holds its slot). */
  readonly execution: ScenarioDistribution;
  /** Index into `scenario.services` of the service it needs, or null (needs none). */
  readonly service: number | null;
  /** Per attempt, counted from the attempt's issue (so time queued counts); null: none. */
  readonly timeout: number | null;
  /** Probability that an attempt that executes to its end answers with an error (cause `error`), independently of everything else (Brooker's flaky server); 0: never. */
  readonly errorProbability: number;
  /**
   * Message loss between client and service (omission faults): each attempt's request is lost
   * with probability `request` and, if the attempt executed to its end, its response with
   * `response`, independently. A lost message ends the attempt at its timeout with cause `lost`,
   * retried (and recorded by a breaker) as a timeout is. null: no loss (and no draws).
   */
  readonly loss: { readonly request: number; readonly response: number } | null;
  /**
   * Loss episodes (docs/workloads.md, "Message loss"): an on/off process of the class, off at time
   * 0, `every` drawn from the start or an episode's end; `loss` applies only during an episode (each
   * message's uniform is drawn all the same and compared with the probability in force as it is
   * sent). null: `loss` applies at all times. Needs `loss`.
   */
  readonly lossEpisodes: { readonly every: ScenarioDistribution; readonly duration: ScenarioDistribution } | null;
  /**
   * Slow periods (timing faults; docs/fault-modes.md, "Slow periods"): an on/off process of the
   * class, off at time 0, `every` drawn from the start or an episode's end, `duration` the length
   * of an episode. An attempt whose execution starts during a slow period executes for `factor`
   * (≥ 1) times its draw of the execution law: the latency is fixed at the execution's start.
   * null: none (and no draws).
   */
  readonly slow: { readonly every: ScenarioDistribution; readonly duration: ScenarioDistribution; readonly factor: number } | null;
  /**
   * One-way network delays between client and service (docs/fault-modes.md, "Link latency"): an
   * attempt's request takes a draw of `request` to reach the server (after the bulkhead, before
   * the executors), its response a draw of `response` to come back; the timeout covers the round
   * trip. Each null: no delay (and no draws). null: neither.
   */
  readonly network: { readonly request: ScenarioDistribution | null; readonly response: ScenarioDistribution | null } | null;
  /** GB held while executing (0: none). */
  readonly memory: number;
  readonly retry: RetrySpec | null;
  /** Index into `workload.breakers`, or null. */
  readonly breaker: number | null;
  /** Index into `workload.bulkheads`, or null. */
  readonly bulkhead: number | null;
  /** Tried in order once the primary has failed for good (after its retries), or is rejected by an open breaker. */
  readonly fallbacks: readonly FallbackSpec[];
  /** Whether it takes an executor slot (only with `workload.executors`). */
  readonly usesExecutors: boolean;
}

/**
 * Executors as capacity: `slots` per executor of `group` that is up; a query that finds every
 * slot busy waits FIFO (at most `queueLimit`, else `rejected`; dropped as `timeout` when it has
 * waited `queueTimeout`); a failed executor fails the queries running on it (`service_down`).
 * `cancelOnTimeout`: a client timeout frees the attempt's slot or queue place; false (default):
 * the server finishes the abandoned work, as real servers do (the sustaining effect of a retry storm).
 */
export interface ExecutorsSpec {
  readonly group: number;
  readonly slots: number;
  /** Infinity: unbounded. */
  readonly queueLimit: number;
  readonly queueTimeout: number | null;
  readonly cancelOnTimeout: boolean;
}

/**
 * Memory: usable = capacity·(1 − overhead) GB. `reject`: an attempt whose demand does not fit in
 * what is free fails `out_of_memory`; `none`: every attempt runs, and the metrics measure the time
 * and the attempts for which demand exceeds usable memory (the M/G/∞ picture).
 */
export interface MemorySpec {
  readonly capacity: number;
  readonly overhead: number;
  readonly admission: 'reject' | 'none';
}

export interface WorkloadSpec {
  readonly classes: readonly QueryClassSpec[];
  readonly breakers: readonly BreakerSpec[];
  readonly bulkheads: readonly BulkheadSpec[];
  readonly executors: ExecutorsSpec | null;
  readonly memory: MemorySpec | null;
  /**
   * Queries are measured when they arrive in [warmup, horizon − drain], so that every measured
   * query has ended by the horizon (default: the longest lifetime a query can have, when every
   * class bounds it; required otherwise).
   */
  readonly drain: number;
}
