/** Seed 000's `RiskAssessmentModel`, as published: a weighted composite risk score from five system metrics. */

import { requireProbability } from '../../errors.js';
import { requireNonNegative } from './arguments.js';
import type { PublishedModelInfo } from './publishedModelInfo.js';

/** The seed's `system_metrics` dict; a missing field takes the seed's default. */
export interface SystemMetrics {
  /** Default 0.99. */
  readonly systemAvailability?: number;
  /** Default 0.05. */
  readonly queryTimeoutRate?: number;
  /** Default 0.1. */
  readonly reflectionFailureRate?: number;
  /** Default 0.001. */
  readonly networkPartitionRisk?: number;
  /** Default 10. */
  readonly avgRecoveryMinutes?: number;
}

export type RiskLevel = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** The five scores, in the order of the weights. */
export interface RiskBreakdown {
  readonly availabilityRisk: number;
  readonly performanceRisk: number;
  readonly dataIntegrityRisk: number;
  readonly securityRisk: number;
  readonly operationalRisk: number;
}

export interface CompositeRisk {
  readonly compositeRiskScore: number;
  readonly riskBreakdown: RiskBreakdown;
  readonly riskLevel: RiskLevel;
}

/** The published object: invented weights and scalings, no probabilistic meaning. */
export interface RiskAssessmentModel {
  /** availability 0.30, performance 0.25, data integrity 0.25, security 0.10, operational 0.10. */
  readonly riskWeights: RiskBreakdown;
  /**
   * Scores max(0, (0.99 − A)·100), min(timeout·100, 10), min(reflection·50, 10),
   * min(partition·1000, 10), min(minutes/6, 10), weighted and summed in that order.
   */
  calculateCompositeRisk(systemMetrics: SystemMetrics): CompositeRisk;
  /** The seed's `_categorize_risk`: < 2 LOW, < 5 MEDIUM, < 8 HIGH, else CRITICAL. */
  categorizeRisk(score: number): RiskLevel;
}

const RISK_WEIGHTS: RiskBreakdown = Object.freeze({
  availabilityRisk: 0.3,
  performanceRisk: 0.25,
  dataIntegrityRisk: 0.25,
  securityRisk: 0.1,
  operationalRisk: 0.1,
});

function categorizeRisk(score: number): RiskLevel {
  if (score < 2) return 'LOW';
  if (score < 5) return 'MEDIUM';
  if (score < 8) return 'HIGH';
  return 'CRITICAL';
}

function calculateCompositeRisk(systemMetrics: SystemMetrics): CompositeRisk {
  const availability = requireProbability('systemMetrics.systemAvailability', systemMetrics.systemAvailability ?? 0.99);
  const timeoutRate = requireProbability('systemMetrics.queryTimeoutRate', systemMetrics.queryTimeoutRate ?? 0.05);
  const reflectionFailureRate = requireProbability('systemMetrics.reflectionFailureRate', systemMetrics.reflectionFailureRate ?? 0.1);
  const partitionRisk = requireProbability('systemMetrics.networkPartitionRisk', systemMetrics.networkPartitionRisk ?? 0.001);
  const avgRecoveryMinutes = requireNonNegative('systemMetrics.avgRecoveryMinutes', systemMetrics.avgRecoveryMinutes ?? 10);
  const riskBreakdown: RiskBreakdown = {
    availabilityRisk: Math.max(0, (0.99 - availability) * 100),
    performanceRisk: Math.min(timeoutRate * 100, 10),
    dataIntegrityRisk: Math.min(reflectionFailureRate * 50, 10),
    securityRisk: Math.min(partitionRisk * 1000, 10),
    operationalRisk: Math.min(avgRecoveryMinutes / 6, 10),
  };
  // Python's sum() of a generator: left to right from 0, in the weights' insertion order.
  let compositeScore = 0;
  for (const key of Object.keys(RISK_WEIGHTS) as (keyof RiskBreakdown)[]) compositeScore += riskBreakdown[key] * RISK_WEIGHTS[key];
  return { compositeRiskScore: compositeScore, riskBreakdown, riskLevel: categorizeRisk(compositeScore) };
}

/**
 * `RiskAssessmentModel()` translated line by line.
 *
 * @example riskAssessmentModel().calculateCompositeRisk({ systemAvailability: 0.995 }).riskLevel // 'MEDIUM'
 */
export function riskAssessmentModel(): RiskAssessmentModel {
  return { riskWeights: RISK_WEIGHTS, calculateCompositeRisk, categorizeRisk };
}

export const riskAssessmentModelInfo: readonly PublishedModelInfo[] = [
  {
    id: 'RiskAssessmentModel.calculate_composite_risk',
    claims: 'an overall system risk score with its breakdown and a level LOW / MEDIUM / HIGH / CRITICAL',
    assumes: ['five metrics scaled to scores and weighted 0.30 / 0.25 / 0.25 / 0.10 / 0.10', 'missing metrics take defaults (0.99, 0.05, 0.1, 0.001, 10 min)'],
    flaws: [
      'weights, scalings and level thresholds are invented; the score is neither a probability nor an expected loss, so no simulation can confirm it',
      'the availability score (0.99 − A)·100 is not capped at 10 like the others (A = 0.5 scores 49) and is 0 for every A ≥ 0.99, so 0.99 and 0.99999 score alike',
      '"security" risk is computed from the network partition probability and "data integrity" from refresh failures: the labels do not match the inputs',
      'missing metrics silently take defaults, so an empty input scores 2.77, MEDIUM',
    ],
    compareWith: 'nothing: only its inputs (availability, timeout rate, refresh failure rate, partition probability, mean recovery time) can be checked by simulation',
  },
];
