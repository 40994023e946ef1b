/**
 * Seed 000's composite risk score computed from simulated inputs (docs/statistics.md, "Seed
 * 000's risk score"). The score is a weighted index of invented scalings, not a probability:
 * its inputs are metrics the simulation estimates (and `check` checks), the score itself has
 * nothing to be checked against. It is reported with the range it takes over its inputs'
 * intervals, so that one can see how much of it the simulation pins down.
 */
import { riskAssessmentModel, type RiskLevel, type SystemMetrics } from '../analytic/published/riskAssessmentModel.js';
import { FaultlineError, describeValue } from '../errors.js';
import { metricTable } from '../run/metricTable.js';
import type { ScenarioAccumulator } from '../run/ScenarioAccumulator.js';
import { estimateMetric } from '../run/summarize.js';
import { RISK_INPUTS, type RiskInput } from '../scenario/riskSpec.js';
import type { Scenario } from '../scenario/validateScenario.js';

/** The seed's defaults, used for an input the scenario does not map to a metric. */
const DEFAULTS: Readonly<Record<RiskInput, number>> = { systemAvailability: 0.99, queryTimeoutRate: 0.05, reflectionFailureRate: 0.1, networkPartitionRisk: 0.001, avgRecoveryMinutes: 10 };

export interface RiskInputValue {
  readonly input: RiskInput;
  /** The metric that fed it, or null: the seed's default. */
  readonly metric: string | null;
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

export interface RiskReport {
  readonly scenario: string;
  readonly inputs: readonly RiskInputValue[];
  /** The score at the inputs' estimates, exactly as published, and its level. */
  readonly score: number;
  readonly level: RiskLevel;
  /** The score's range over the inputs' intervals (it is monotone in each input). */
  readonly low: number;
  readonly high: number;
}

const PLAIN = "a weighted index of invented scalings (seed 000's RiskAssessmentModel), not a probability: its inputs are checked, the score cannot be";

/** The plain statement reports print beside the score. */
export const RISK_STATEMENT = PLAIN;

/** Minutes per unit of the recovery metric. */
function minutesPer(unit: string): number | undefined {
  return unit === 'h' ? 60 : unit === 's' ? 1 / 60 : undefined;
}

/**
 * Checks, before anything runs, that each mapped metric exists and fits its input: a fraction
 * (or proportion) for the four rates, a duration in hours or seconds for the recovery time.
 * @throws FaultlineError INVALID_SCENARIO naming the scenario, the input and the metric.
 */
export function checkRisk(scenarios: readonly Scenario[]): void {
  const problems: string[] = [];
  for (const s of scenarios) {
    if (s.risk === undefined) continue;
    const metrics = metricTable(s).metrics;
    for (const input of RISK_INPUTS) {
      const name = s.risk[input];
      if (name === undefined) continue;
      const m = metrics.find((x) => x.name === name && x.estimator.type !== 'peak');
      if (m === undefined) problems.push(`${s.name}: risk.${input}: expected a metric of the scenario (as in summary.csv), got ${describeValue(name)}`);
      else if (input === 'avgRecoveryMinutes' ? minutesPer(m.unit) === undefined : !(m.kind === 'fraction' || m.kind === 'proportion')) {
        problems.push(`${s.name}: risk.${input}: expected ${input === 'avgRecoveryMinutes' ? 'a duration metric in hours or seconds' : 'a fraction or proportion metric'}, got ${describeValue(name)} (${m.kind}, unit ${m.unit})`);
      }
    }
  }
  if (problems.length > 0) throw new FaultlineError('INVALID_SCENARIO', problems.join('\n'));
}

/** The risk score of a run of a scenario with a `risk` fragment, or null without one. */
export function riskReport(scenario: Scenario, acc: ScenarioAccumulator, confidence: number): RiskReport | null {
  if (scenario.risk === undefined) return null;
  const metrics = metricTable(scenario).metrics;
  const inputs = RISK_INPUTS.map((input): RiskInputValue => {
    const name = scenario.risk?.[input];
    const m = name === undefined ? undefined : metrics.find((x) => x.name === name && x.estimator.type !== 'peak');
    if (name === undefined || m === undefined) return { input, metric: null, estimate: DEFAULTS[input], low: DEFAULTS[input], high: DEFAULTS[input] };
    const e = estimateMetric(acc, m, confidence);
    const k = input === 'avgRecoveryMinutes' ? (minutesPer(m.unit) as number) : 1;
    const clamp = (x: number) => (input === 'avgRecoveryMinutes' ? Math.max(0, x) : Math.min(1, Math.max(0, x)));
    const estimate = clamp(e.estimate * k);
    return { input, metric: name, estimate, low: Number.isFinite(e.low) ? clamp(e.low * k) : estimate, high: Number.isFinite(e.high) ? clamp(e.high * k) : estimate };
  });
  const model = riskAssessmentModel();
  const at = (pick: (v: RiskInputValue) => number): number => model.calculateCompositeRisk(Object.fromEntries(inputs.map((v) => [v.input, pick(v)])) as SystemMetrics).compositeRiskScore;
  const result = model.calculateCompositeRisk(Object.fromEntries(inputs.map((v) => [v.input, v.estimate])) as SystemMetrics);
  // Lower availability raises the score; every other input raises it too.
  const low = at((v) => (v.input === 'systemAvailability' ? v.high : v.low));
  const high = at((v) => (v.input === 'systemAvailability' ? v.low : v.high));
  return { scenario: scenario.name, inputs, score: result.compositeRiskScore, level: result.riskLevel, low, high };
}

/** The report as Markdown lines (check.md) or plain text. */
export function riskLines(r: RiskReport, fmt: (x: number) => string): string[] {
  return [
    `Seed 000's composite risk score for ${r.scenario}: ${fmt(r.score)} (${r.level}); over the inputs' intervals [${fmt(r.low)}, ${fmt(r.high)}]. It is ${PLAIN}.`,
    ...r.inputs.map((v) => `  - ${v.input}: ${v.metric === null ? `${fmt(v.estimate)} (the seed's default: not simulated)` : `${fmt(v.estimate)} [${fmt(v.low)}, ${fmt(v.high)}] from ${v.metric}`}`),
  ];
}
