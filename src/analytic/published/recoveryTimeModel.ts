/** Seed 000's `RecoveryTimeModel`, as published: normal recovery times and an ad hoc blend of parallel and sequential recovery. */

import { requireProbability } from '../../errors.js';
import { normalCdf } from '../../math/normal.js';
import type { PublishedModelInfo } from './publishedModelInfo.js';

/** Mean and standard deviation of a recovery time, in MINUTES (as in the seed). */
export interface RecoveryScenario {
  readonly meanMinutes: number;
  readonly stdMinutes: number;
}

/** The result of `recovery_time_distribution`. */
export interface RecoveryTimeDistribution {
  readonly meanRecoveryMinutes: number;
  readonly stdDeviation: number;
  /** mean + z·std, z = 1.645 at confidence 0.95 and 1.96 otherwise. */
  readonly confidenceIntervalUpper: number;
  /** The constant 0.68. */
  readonly probabilityWithinMean: number;
  /** Φ((2·mean − mean)/std). */
  readonly probabilityWithin2xMean: number;
}

/** The result of `system_recovery_time`. */
export interface SystemRecoveryTime {
  /** max + 0.3·(sum − max) of the known failures' mean recovery times. */
  readonly estimatedRecoveryMinutes: number;
  readonly bestCaseParallel: number;
  readonly worstCaseSequential: number;
  readonly componentFailures: readonly string[];
}

/**
 * The published object. Times in minutes. Assumes normal (untruncated) recovery times per
 * failure type; unknown types give `null` (Python's None) or are skipped.
 */
export interface RecoveryTimeModel {
  readonly recoveryScenarios: ReadonlyMap<string, RecoveryScenario>;
  /** Summary of one failure type's recovery time; default confidence 0.95; `null` for unknown types. */
  recoveryTimeDistribution(failureType: string, confidenceLevel?: number): RecoveryTimeDistribution | null;
  /** The seed's blend of parallel and sequential recovery of concurrent failures; `null` if none is known. */
  systemRecoveryTime(concurrentFailures: readonly string[]): SystemRecoveryTime | null;
}

const RECOVERY_SCENARIOS: ReadonlyMap<string, RecoveryScenario> = new Map([
  ['coordinator_restart', { meanMinutes: 5, stdMinutes: 2 }],
  ['executor_restart', { meanMinutes: 3, stdMinutes: 1 }],
  ['reflection_rebuild', { meanMinutes: 30, stdMinutes: 15 }],
  ['source_reconnect', { meanMinutes: 2, stdMinutes: 0.5 }],
  ['network_healing', { meanMinutes: 10, stdMinutes: 5 }],
]);

function recoveryTimeDistribution(failureType: string, confidenceLevel = 0.95): RecoveryTimeDistribution | null {
  requireProbability('confidenceLevel', confidenceLevel);
  const params = RECOVERY_SCENARIOS.get(failureType);
  if (params === undefined) return null;
  const mean = params.meanMinutes;
  const std = params.stdMinutes;
  const zScore = confidenceLevel === 0.95 ? 1.645 : 1.96;
  return {
    meanRecoveryMinutes: mean,
    stdDeviation: std,
    confidenceIntervalUpper: mean + zScore * std,
    probabilityWithinMean: 0.68,
    // The seed's `_normal_cdf` is the exact Φ via math.erf; normalCdf agrees to ~1e-16.
    probabilityWithin2xMean: normalCdf((2 * mean - mean) / std),
  };
}

function systemRecoveryTime(concurrentFailures: readonly string[]): SystemRecoveryTime | null {
  const recoveryTimes: number[] = [];
  for (const failureType of concurrentFailures) {
    const params = RECOVERY_SCENARIOS.get(failureType);
    if (params !== undefined) recoveryTimes.push(params.meanMinutes);
  }
  if (recoveryTimes.length === 0) return null;
  const maxRecovery = Math.max(...recoveryTimes);
  const totalRecovery = recoveryTimes.reduce((a, b) => a + b, 0);
  return {
    estimatedRecoveryMinutes: maxRecovery + 0.3 * (totalRecovery - maxRecovery),
    bestCaseParallel: maxRecovery,
    worstCaseSequential: totalRecovery,
    componentFailures: [...concurrentFailures],
  };
}

/**
 * `RecoveryTimeModel()` translated line by line.
 *
 * @example recoveryTimeModel().systemRecoveryTime(['executor_restart', 'source_reconnect'])?.estimatedRecoveryMinutes // 3.6
 */
export function recoveryTimeModel(): RecoveryTimeModel {
  return { recoveryScenarios: RECOVERY_SCENARIOS, recoveryTimeDistribution, systemRecoveryTime };
}

export const recoveryTimeModelInfo: readonly PublishedModelInfo[] = [
  {
    id: 'RecoveryTimeModel.recovery_time_distribution',
    claims: 'the recovery-time distribution of a failure type: mean, std, an upper confidence bound, P(within mean), P(within twice the mean)',
    assumes: ['recovery time ~ Normal(mean, std²) with the tabulated minutes, untruncated'],
    flaws: [
      'a normal recovery time is negative with probability Φ(−mean/std): 2.3 % for reflection_rebuild and network_healing',
      'confidence_interval_upper = mean + 1.645·std is the 95th percentile of one recovery (a prediction bound), not a confidence interval',
      'every confidence level other than exactly 0.95 gets z = 1.96 (commented "99% confidence"; 1.96 is the 97.5th percentile, the 99th is 2.326)',
      'probability_within_mean is the constant 0.68, i.e. P(|T − mean| ≤ std); P(T ≤ mean) is 0.5 for a normal',
    ],
    compareWith: 'the empirical 95th percentile, P(T ≤ mean) and P(T ≤ 2·mean) of simulated recovery times with that mean and std (probability_within_2x_mean = Φ(mean/std) holds for the untruncated normal)',
  },
  {
    id: 'RecoveryTimeModel.system_recovery_time',
    claims: 'the estimated time to recover from several concurrent failures, with best (parallel) and worst (sequential) cases',
    assumes: ['each failure takes its mean recovery time', 'the truth lies 30 % of the way from the longest single recovery to the sum'],
    flaws: [
      'max + 0.3·(sum − max) is ad hoc: the 0.3 has no derivation and no repair-crew model behind it',
      'uses means only: with parallel repair the mean time until all are restored is E[max Tᵢ] ≥ max E[Tᵢ] (Jensen), so best_case_parallel understates even the parallel mean',
      'unknown failure types are silently dropped, and a type listed twice counts twice',
    ],
    compareWith: 'the simulated mean time until every concurrently failed component is restored: E[max Tᵢ] with independent parallel repairs, E[Σ Tᵢ] with one repair crew',
  },
];
