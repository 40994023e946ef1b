/** Seed 000's `ClusterReliabilityModel`, as published: coordinator-majority and executor k-of-n groups built from no-repair node survival. */

import { requireProbability } from '../../errors.js';
import { requireCount, requireNonNegative } from './arguments.js';
import { nodeReliabilityModel } from './nodeReliabilityModel.js';
import type { PublishedModelInfo } from './publishedModelInfo.js';

/**
 * The published object. Assumes independent nodes with exponential lifetimes (coordinators MTBF
 * 8760 h, executors 4380 h, hard-coded) and NO repair: each node's "up" probability is R(t) =
 * e^{−t/MTBF}, so every method is a k-of-n reliability over [0, t] (Barlow & Proschan 1975, ch. 2),
 * although the seed names them availabilities.
 */
export interface ClusterReliabilityModel {
  readonly coordinatorCount: number;
  readonly executorCount: number;
  /**
   * P(at least ⌊n/2⌋+1 of n coordinators survive [0, t]); n = 1 returns R(t) and n = 3 the
   * seed's own expansion p³ + 3p²(1−p), every other n the binomial sum. Default t = 24 h.
   */
  coordinatorAvailability(timeHours?: number): number;
  /** P(at least `minExecutors` (default 2) of the executors survive [0, t]); default t = 24 h. */
  executorAvailability(timeHours?: number, minExecutors?: number): number;
  /** The seed's `_binomial_reliability`: Σ_{i=k}^{n} C(n,i) p^i (1−p)^{n−i}, summed upward from i = k. */
  binomialReliability(n: number, k: number, p: number): number;
  /** coordinatorAvailability(t) × executorAvailability(t); default t = 24 h. */
  systemAvailability(timeHours?: number): number;
}

/** C(n, k) exactly, as Python's `math.comb` (an int, converted to the nearest double when multiplied). */
function comb(n: number, k: number): bigint {
  const m = Math.min(k, n - k);
  let c = 1n;
  for (let j = 0; j < m; j++) c = (c * BigInt(n - j)) / BigInt(j + 1);
  return c;
}

/**
 * The upper tail summed as the seed sums it (not via kOfNGroups' `binomialLowerTail`): the
 * golden values are the seed's own roundings, which a complementary sum would not reproduce.
 */
function binomialReliability(n: number, k: number, p: number): number {
  requireCount('n', n);
  requireCount('k', k);
  requireProbability('p', p);
  let totalProbability = 0;
  for (let i = k; i <= n; i++) totalProbability += Number(comb(n, i)) * p ** i * (1 - p) ** (n - i);
  return totalProbability;
}

/**
 * `ClusterReliabilityModel(coordinator_count, executor_count)` translated line by line.
 *
 * @example clusterReliabilityModel(3, 6).systemAvailability(8760) // 0.05810602183847394
 */
export function clusterReliabilityModel(coordinatorCount: number, executorCount: number): ClusterReliabilityModel {
  requireCount('coordinatorCount', coordinatorCount);
  requireCount('executorCount', executorCount);
  const coordinatorModel = nodeReliabilityModel(8760);
  const executorModel = nodeReliabilityModel(4380);

  const coordinatorAvailability = (timeHours = 24): number => {
    requireNonNegative('timeHours', timeHours);
    const singleNodeReliability = coordinatorModel.reliabilityAtTime(timeHours);
    if (coordinatorCount === 1) return singleNodeReliability;
    if (coordinatorCount === 3) {
      const p = singleNodeReliability;
      return p ** 3 + 3 * p ** 2 * (1 - p);
    }
    const requiredNodes = Math.floor(coordinatorCount / 2) + 1;
    return binomialReliability(coordinatorCount, requiredNodes, singleNodeReliability);
  };
  const executorAvailability = (timeHours = 24, minExecutors = 2): number => {
    requireNonNegative('timeHours', timeHours);
    requireCount('minExecutors', minExecutors);
    return binomialReliability(executorCount, minExecutors, executorModel.reliabilityAtTime(timeHours));
  };
  return {
    coordinatorCount,
    executorCount,
    coordinatorAvailability,
    executorAvailability,
    binomialReliability,
    systemAvailability: (timeHours = 24) => coordinatorAvailability(timeHours) * executorAvailability(timeHours),
  };
}

const NO_REPAIR =
  'uses the no-repair survival R(t) = e^(−t/MTBF) as each node\'s up probability, so it is the probability that the group survives [0, t] without any repair, not availability: it decays to 0 as t grows';

export const clusterReliabilityModelInfo: readonly PublishedModelInfo[] = [
  {
    id: 'ClusterReliabilityModel.coordinator_availability',
    claims: 'availability of the coordinator cluster ("active-passive with quorum"): a strict majority of coordinators up, over a window of time_hours (default 24)',
    assumes: ['independent coordinators, exponential lifetimes with MTBF 8760 h (hard-coded)', 'no repair', 'the group is up iff at least ⌊n/2⌋ + 1 coordinators are up'],
    flaws: [
      NO_REPAIR,
      'with repair (MTTR 4 h) the steady-state 2-of-3 coordinator availability is ≈ 1 − 6.2e-7; the published value at t = 8760 h is 0.306',
      'the comment says active-passive, but the formula demands a strict majority; an active-passive group is up with any 1 of n',
    ],
    compareWith: 'with repair: the simulated long-run fraction of time at least ⌊n/2⌋+1 coordinators are up (kOfNGroupsUnavailability); the published value instead equals the fraction of no-repair replications whose majority is still up at t',
  },
  {
    id: 'ClusterReliabilityModel.executor_availability',
    claims: 'availability of the executor pool: at least min_executors (default 2) executors up, over time_hours (default 24)',
    assumes: ['independent executors, exponential lifetimes with MTBF 4380 h (hard-coded)', 'no repair', 'the pool is up iff at least min_executors executors are up'],
    flaws: [NO_REPAIR, 'min_executors = 2 is an arbitrary default, unrelated to the workload'],
    compareWith: 'with repair: the simulated long-run fraction of time at least min_executors executors are up (kOfNGroupsUnavailability); the published value instead equals the fraction of no-repair replications with at least min_executors executors never failed by t',
  },
  {
    id: 'ClusterReliabilityModel.system_availability',
    claims: 'overall system availability over time_hours (printed as "24h System Availability" and, at 8760 h, "Annual System Availability")',
    assumes: ['coordinator group and executor pool independent, in series', 'no repair', 'hard-coded MTBFs 8760 h and 4380 h, majority quorum, at least 2 executors'],
    flaws: [
      NO_REPAIR,
      'system_availability(8760) = 0.0581 is the probability that a no-repair cluster survives a whole year, not annual availability; with 4 h repairs the steady-state availability of 3 coordinators (2-of-3) and 6 executors (2-of-6) is 0.99999937525',
    ],
    compareWith: 'the simulated time-average availability of the series (coordinator majority ∧ ≥ 2 executors) with repair, which it will not match; it matches P(system up at t) in a simulation with repair disabled',
  },
];
