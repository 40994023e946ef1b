/** Seed 000's `ResourceFailureModel`, as published: memory exhaustion as a step function of utilisation. */

import { requirePositive } from '../../errors.js';
import { requireCount, requireNonNegative } from './arguments.js';
import type { PublishedModelInfo } from './publishedModelInfo.js';

/** A query profile: the seed's `{'name': ..., 'memory_gb': ...}`. */
export interface QueryProfile {
  readonly name: string;
  readonly memoryGb: number;
}

/** One combination listed by `concurrent_query_failure_rate`. */
export interface ConcurrentQueryScenario {
  readonly queries: readonly string[];
  readonly totalMemory: number;
  readonly failureProbability: number;
}

/**
 * The published object. Assumes deterministic memory demands, 20 % of memory reserved, and the
 * seed's invented risk levels per utilisation band; no distribution of demand or arrivals.
 */
export interface ResourceFailureModel {
  readonly totalMemoryGb: number;
  /** 0.2, hard-coded. */
  readonly memoryOverhead: number;
  /** `total_memory_gb * (1 - 0.2)`. */
  readonly availableMemory: number;
  /**
   * By utilisation u = Σ demand / available: 0.001 below 0.7, 0.01 below 0.85, 0.1 below 0.95,
   * 0.5 up to 1, and 1.0 when demand exceeds the available memory.
   */
  memoryFailureProbability(queryMemoryRequirements: readonly number[]): number;
  /**
   * Every combination (without repetition, in `itertools.combinations` order) of 1 to
   * min(maxConcurrent, n) profiles, keyed by size; default maxConcurrent 10.
   */
  concurrentQueryFailureRate(queryProfiles: readonly QueryProfile[], maxConcurrent?: number): Map<number, ConcurrentQueryScenario[]>;
}

/** The k-subsets of `items` in lexicographic order of indices, as `itertools.combinations`. */
function combinations<T>(items: readonly T[], k: number): T[][] {
  const out: T[][] = [];
  const pick = (start: number, chosen: T[]): void => {
    if (chosen.length === k) {
      out.push([...chosen]);
      return;
    }
    for (let i = start; i <= items.length - (k - chosen.length); i++) {
      chosen.push(items[i]!);
      pick(i + 1, chosen);
      chosen.pop();
    }
  };
  pick(0, []);
  return out;
}

/**
 * `ResourceFailureModel(total_memory_gb)` translated line by line. Sums run left to right from 0,
 * as Python 3.11's `sum` does (3.12 compensates float sums, which can change the last bit).
 *
 * @example resourceFailureModel(64).memoryFailureProbability([16, 8, 6]) // 0.001
 */
export function resourceFailureModel(totalMemoryGb: number): ResourceFailureModel {
  requirePositive('totalMemoryGb', totalMemoryGb);
  const memoryOverhead = 0.2;
  const availableMemory = totalMemoryGb * (1 - memoryOverhead);

  const memoryFailureProbability = (queryMemoryRequirements: readonly number[]): number => {
    let totalRequired = 0;
    for (const m of queryMemoryRequirements) totalRequired += requireNonNegative('queryMemoryRequirements[]', m);
    if (totalRequired > availableMemory) return 1.0;
    const utilizationRatio = totalRequired / availableMemory;
    if (utilizationRatio < 0.7) return 0.001;
    if (utilizationRatio < 0.85) return 0.01;
    if (utilizationRatio < 0.95) return 0.1;
    return 0.5;
  };
  return {
    totalMemoryGb,
    memoryOverhead,
    availableMemory,
    memoryFailureProbability,
    concurrentQueryFailureRate: (queryProfiles, maxConcurrent = 10) => {
      requireCount('maxConcurrent', maxConcurrent);
      const failureScenarios = new Map<number, ConcurrentQueryScenario[]>();
      for (let comboSize = 1; comboSize < Math.min(maxConcurrent + 1, queryProfiles.length + 1); comboSize++) {
        const scenarios: ConcurrentQueryScenario[] = [];
        for (const combo of combinations(queryProfiles, comboSize)) {
          const memoryReqs = combo.map((q) => q.memoryGb);
          scenarios.push({
            queries: combo.map((q) => q.name),
            totalMemory: memoryReqs.reduce((a, b) => a + b, 0),
            failureProbability: memoryFailureProbability(memoryReqs),
          });
        }
        failureScenarios.set(comboSize, scenarios);
      }
      return failureScenarios;
    },
  };
}

export const resourceFailureModelInfo: readonly PublishedModelInfo[] = [
  {
    id: 'ResourceFailureModel.memory_failure_probability',
    claims: 'probability of memory exhaustion when queries with the given memory requirements run together',
    assumes: ['20 % of memory reserved for the OS (hard-coded)', 'deterministic, additive per-query demands', 'risk levels 0.001 / 0.01 / 0.1 / 0.5 for utilisation below 0.7 / 0.85 / 0.95 / up to 1, and 1.0 above'],
    flaws: [
      'the levels are invented: no distribution of memory use is modelled, so they can be neither derived nor checked',
      'with deterministic demands exhaustion is certain above capacity and impossible below it (probability 0, not 0.001–0.5); a probability in between needs random demand, which the model does not have',
      '1.0 above capacity ignores spilling to disk, which Dremio does for large operators',
    ],
    compareWith: 'with random per-query demands: the simulated probability that the total demand of concurrently running queries exceeds 0.8 × total_memory_gb',
  },
  {
    id: 'ResourceFailureModel.concurrent_query_failure_rate',
    claims: 'failure rates for concurrent query scenarios of up to max_concurrent queries (default 10)',
    assumes: ['as memory_failure_probability', 'each subset of the query catalogue is one scenario'],
    flaws: [
      'not a rate: there is no arrival or duration process, and every subset of the catalogue is listed once, unweighted by how often it actually runs concurrently',
      'a query type never runs concurrently with itself (combinations without repetition)',
      'enumerates Σ C(n, k) subsets, exponential in the number of profiles',
    ],
    compareWith: 'the simulated fraction of time the concurrent memory demand exceeds the available memory under an arrival/duration model (e.g. M/G/∞ occupancy per query type)',
  },
];
