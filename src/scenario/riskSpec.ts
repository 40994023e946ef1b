/**
 * Seed 000's composite risk score from simulated inputs (docs/statistics.md, "Seed 000's risk
 * score"): which metric of the scenario feeds each of the score's five inputs.
 */

/** The five inputs of `RiskAssessmentModel.calculate_composite_risk`, in the seed's names. */
export const RISK_INPUTS = ['systemAvailability', 'queryTimeoutRate', 'reflectionFailureRate', 'networkPartitionRisk', 'avgRecoveryMinutes'] as const;
export type RiskInput = (typeof RISK_INPUTS)[number];

/** Per input, the metric of summary.csv that feeds it; an input left out takes the seed's default (and is said to). */
export type RiskSpec = Readonly<Partial<Record<RiskInput, string>>>;
