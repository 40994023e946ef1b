/** Seed 000's `ReflectionFailureModel`, as published: refresh failure rates and their cascade, with the shared-`visited` bug. */

import { invalidParameter } from '../../errors.js';
import { keyedEntries, requireNonNegative, type Keyed } from './arguments.js';
import type { PublishedModelInfo } from './publishedModelInfo.js';

/** A node of the reflection dependency graph: the seed's `{'refresh_type': ..., 'dependencies': [...]}`. */
export interface ReflectionNode {
  readonly refreshType: string;
  readonly dependencies: readonly string[];
}

/**
 * The published object. Assumes invented base failure rates per refresh type, inflated by 2 % per
 * dependency, and independent failures combined with P(A ∪ B) = a + b − ab.
 */
export interface ReflectionFailureModel {
  /** incremental 0.05, full 0.10, first_time 0.20 (0.15 for other types). */
  readonly refreshFailureRates: ReadonlyMap<string, number>;
  /** `1 - min(base * (1 + dependency_count * 0.02), 0.95)`; default 0 dependencies. */
  refreshSuccessProbability(refreshType: string, dependencyCount?: number): number;
  /**
   * For each reflection in the graph's order: its direct failure combined with its dependencies'
   * cascade failures, capped at 0.99 at every level, reproducing the seed's mutable default
   * `visited=set()`: the set is shared by the top-level calls, so every reflection evaluated
   * earlier counts 0 when it is reached as a dependency. Pass a Map to fix Python's order.
   */
  cascadeFailureAnalysis(reflectionGraph: Keyed<ReflectionNode>): Map<string, number>;
}

const REFRESH_FAILURE_RATES: ReadonlyMap<string, number> = new Map([
  ['incremental', 0.05],
  ['full', 0.1],
  ['first_time', 0.2],
]);

function refreshSuccessProbability(refreshType: string, dependencyCount = 0): number {
  requireNonNegative('dependencyCount', dependencyCount);
  const baseFailureRate = REFRESH_FAILURE_RATES.get(refreshType) ?? 0.15;
  const dependencyFactor = 1 + dependencyCount * 0.02;
  const adjustedFailureRate = baseFailureRate * dependencyFactor;
  return 1 - Math.min(adjustedFailureRate, 0.95);
}

function cascadeFailureAnalysis(reflectionGraph: Keyed<ReflectionNode>): Map<string, number> {
  const graph = keyedEntries(reflectionGraph);
  // Python evaluates `visited=set()` once, when the nested def runs: one set for all top-level calls.
  const sharedDefaultVisited = new Set<string>();

  const calculateCascadeProbability = (reflectionId: string, visited: Set<string>): number => {
    if (visited.has(reflectionId)) return 0;
    visited.add(reflectionId);
    const reflection = graph.get(reflectionId);
    if (reflection === undefined) return invalidParameter('reflectionGraph dependency', 'the id of a reflection in the graph', reflectionId);
    const directFailure = 1 - refreshSuccessProbability(reflection.refreshType, reflection.dependencies.length);
    let cascadeFailure = 0;
    for (const depId of reflection.dependencies) {
      const depFailureProb = calculateCascadeProbability(depId, new Set(visited));
      cascadeFailure = cascadeFailure + depFailureProb - cascadeFailure * depFailureProb;
    }
    const totalFailureProb = directFailure + cascadeFailure - directFailure * cascadeFailure;
    return Math.min(totalFailureProb, 0.99);
  };

  const cascadeProbabilities = new Map<string, number>();
  for (const reflectionId of graph.keys()) {
    cascadeProbabilities.set(reflectionId, calculateCascadeProbability(reflectionId, sharedDefaultVisited));
  }
  return cascadeProbabilities;
}

/**
 * `ReflectionFailureModel()` translated line by line.
 *
 * @example reflectionFailureModel().refreshSuccessProbability('full', 3) // 0.894
 */
export function reflectionFailureModel(): ReflectionFailureModel {
  return { refreshFailureRates: REFRESH_FAILURE_RATES, refreshSuccessProbability, cascadeFailureAnalysis };
}

export const reflectionFailureModelInfo: readonly PublishedModelInfo[] = [
  {
    id: 'ReflectionFailureModel.refresh_success_probability',
    claims: 'probability that a reflection refresh of the given type succeeds, given its number of dependencies',
    assumes: ['per-attempt failure rates 5 % incremental, 10 % full, 20 % first time, 15 % otherwise', 'the failure rate grows by 2 % (relative) per dependency, capped at 95 %'],
    flaws: [
      'the base rates and the +2 % per dependency are invented, not derived from any failure process',
      'the dependency inflation is counted again by cascade_failure_analysis, which adds the dependencies\' own failures on top',
    ],
    compareWith: 'the simulated fraction of failed refreshes when each refresh fails with this probability: an input of the simulation, not a derived quantity',
  },
  {
    id: 'ReflectionFailureModel.cascade_failure_analysis',
    claims: 'per reflection, the total probability that it fails, directly or through a failed dependency',
    assumes: ['refresh failures independent across reflections', 'a reflection fails if it or any transitive dependency fails'],
    flaws: [
      'the mutable default visited=set() is shared by the top-level calls, so a reflection evaluated earlier in dict order counts 0 as a dependency: the example returns daily_sales 0.051 (its own failure) instead of 1 − 0.949·0.95 = 0.09845, and the results change with the dict order',
      'shared upstream reflections are combined as if independent: in a diamond (quarterly_report → monthly_sales → daily_sales and quarterly_report → daily_sales) daily_sales is counted twice',
      'the 0.99 cap is applied at every level, and cycles contribute 0 instead of being rejected',
      'the dependency count already inflates the direct failure, so dependencies are counted twice',
    ],
    compareWith: 'with independent refresh failures: P(the reflection or any transitive dependency fails) = 1 − Π over its transitive closure, itself included, of the refresh success probabilities; simulated by drawing one refresh outcome per reflection per cycle',
  },
];
