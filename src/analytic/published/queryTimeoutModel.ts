/** Seed 000's `QueryTimeoutModel`, as published: lognormal query durations with a clamped tail and a tabulated "optimal" timeout. */

import { invalidParameter, requirePositive, requireProbability } from '../../errors.js';
import { normalCdf } from '../../math/normal.js';
import type { PublishedModelInfo } from './publishedModelInfo.js';

/** Parameters of ln(duration in seconds) ~ Normal(mu, sigma²). */
export interface LognormalParameters {
  readonly mu: number;
  readonly sigma: number;
}

/** The result of `optimal_timeout_strategy`. */
export interface TimeoutStrategy {
  readonly optimalTimeoutSeconds: number;
  /** The requested target, echoed. */
  readonly expectedSuccessRate: number;
  readonly timeoutProbability: number;
}

/**
 * The published object. Times are in SECONDS here (not hours). Assumes lognormal durations
 * per query type; the survival 1 − Φ(z) is exact for |z| ≤ 3 and clamped beyond.
 */
export interface QueryTimeoutModel {
  readonly queryDistributions: ReadonlyMap<string, LognormalParameters>;
  /**
   * P(duration > timeout): 0.1 for unknown types; z = (ln t − μ)/σ; 0.001 if z > 3, 0.999 if
   * z < −3, else 1 − Φ(z) (the seed's `0.5 * (1 + math.erf(z / math.sqrt(2)))`, here `normalCdf`,
   * equal to ~1e-16).
   */
  timeoutProbability(queryType: string, timeoutSeconds: number): number;
  /**
   * exp(μ + σ·z) with z looked up by exact value in {0.90: 1.282, 0.95: 1.645, 0.99: 2.326,
   * 0.999: 3.090}, and 1.645 for any other target; default target 0.95. Unknown types throw
   * (Python raises KeyError).
   */
  optimalTimeoutStrategy(queryType: string, targetSuccessRate?: number): TimeoutStrategy;
}

const QUERY_DISTRIBUTIONS: ReadonlyMap<string, LognormalParameters> = new Map([
  ['simple_select', { mu: 1.0, sigma: 0.5 }],
  ['complex_join', { mu: 2.3, sigma: 0.8 }],
  ['aggregation', { mu: 1.8, sigma: 0.6 }],
  ['ml_feature', { mu: 3.0, sigma: 1.0 }],
]);

// Python's dict lookup is by float equality; a Map's SameValueZero is the same for these keys.
const Z_VALUES: ReadonlyMap<number, number> = new Map([
  [0.9, 1.282],
  [0.95, 1.645],
  [0.99, 2.326],
  [0.999, 3.09],
]);

function timeoutProbability(queryType: string, timeoutSeconds: number): number {
  requirePositive('timeoutSeconds', timeoutSeconds);
  const params = QUERY_DISTRIBUTIONS.get(queryType);
  if (params === undefined) return 0.1;
  const zScore = (Math.log(timeoutSeconds) - params.mu) / params.sigma;
  if (zScore > 3) return 0.001;
  if (zScore < -3) return 0.999;
  const cdf = normalCdf(zScore);
  return 1 - cdf;
}

function optimalTimeoutStrategy(queryType: string, targetSuccessRate = 0.95): TimeoutStrategy {
  const params = QUERY_DISTRIBUTIONS.get(queryType);
  if (params === undefined) return invalidParameter('queryType', `one of ${[...QUERY_DISTRIBUTIONS.keys()].join(', ')}`, queryType);
  requireProbability('targetSuccessRate', targetSuccessRate);
  const z = Z_VALUES.get(targetSuccessRate) ?? 1.645;
  const optimalTimeout = Math.exp(params.mu + params.sigma * z);
  return {
    optimalTimeoutSeconds: optimalTimeout,
    expectedSuccessRate: targetSuccessRate,
    timeoutProbability: timeoutProbability(queryType, optimalTimeout),
  };
}

/**
 * `QueryTimeoutModel()` translated line by line.
 *
 * @example queryTimeoutModel().optimalTimeoutStrategy('complex_join').optimalTimeoutSeconds // 37.18851585343856
 */
export function queryTimeoutModel(): QueryTimeoutModel {
  return { queryDistributions: QUERY_DISTRIBUTIONS, timeoutProbability, optimalTimeoutStrategy };
}

export const queryTimeoutModelInfo: readonly PublishedModelInfo[] = [
  {
    id: 'QueryTimeoutModel.timeout_probability',
    claims: 'P(query duration > timeout_seconds) for a lognormal duration per query type',
    assumes: ['ln(duration in seconds) ~ Normal(μ, σ²) with the tabulated μ, σ', 'durations do not depend on load'],
    flaws: [
      'clamps the tail: 0.001 for z > 3 (the true tail is 1.35e-3 at z = 3 and falls to 2.9e-7 at z = 5) and 0.999 for z < −3 (the true value tends to 1), with a jump at |z| = 3',
      'unknown query types get 0.1 whatever the timeout',
      'the table\'s comments call e^μ the mean (~2.7 s, ~10 s, ~6 s, ~20 s); e^μ is the median, the means e^(μ+σ²/2) are 3.1 s, 13.7 s, 7.2 s and 33.1 s',
    ],
    compareWith: 'the fraction of simulated lognormal(μ, σ) durations exceeding timeout_seconds; it matches only while |z| ≤ 3',
  },
  {
    id: 'QueryTimeoutModel.optimal_timeout_strategy',
    claims: 'the optimal timeout for a target success rate (default 0.95), its expected success rate and its timeout probability',
    assumes: ['as timeout_probability', 'optimal means the target quantile of the duration distribution'],
    flaws: [
      '"optimal" is only the target quantile: no cost of waiting against retrying or failing is optimised',
      'z comes from a four-entry table matched by exact value; any other target (e.g. 0.975) silently gets 1.645, the 0.95 quantile, while expected_success_rate echoes the requested target',
      'the table rounds z to 3 decimals (1.645 for 1.64485…), so the success rate at the returned timeout is Φ(1.645) = 0.950015, not 0.95 (slight)',
      'timeout_probability is the clamped one: exactly 0.001 for target 0.999 (z = 3.09 > 3)',
    ],
    compareWith: 'the empirical target quantile of simulated lognormal durations, and the simulated fraction of queries that finish within the returned timeout',
  },
];
