/**
 * Claims of one's own (docs/statistics.md, "Claims of your own"): which claims a scenario's check judges, and
 * the check that each names a metric the scenario measures, made before anything is simulated.
 */
import { FaultlineError, describeValue } from '../errors.js';
import { metricTable } from '../run/metricTable.js';
import type { ClaimSpec } from '../scenario/claimSpec.js';
import type { Scenario } from '../scenario/validateScenario.js';

/** A latency quantile claim (`queries.latency.p99`): the histogram and the level. */
export interface QuantileMetric {
  readonly histogram: string;
  readonly level: number;
}

/** The scenario's own claims, then those of a `--claims` file about it (naming it, or no scenario). */
export function claimsFor(scenario: Scenario, extra: readonly ClaimSpec[] = []): ClaimSpec[] {
  return [...(scenario.claims ?? []), ...extra.filter((c) => c.scenario === undefined || c.scenario === scenario.name)];
}

/** `<histogram>.p<digits>` of one of the scenario's histograms, as summary.csv names its quantiles (p999: 0.999). */
export function quantileMetric(scenario: Scenario, metric: string): QuantileMetric | null {
  const m = /^(.+)\.p(\d+)$/.exec(metric);
  if (m === null) return null;
  const histogram = m[1] as string;
  if (!metricTable(scenario).histograms.some((h) => h.name === histogram)) return null;
  const level = Number(`0.${m[2]}`);
  return level > 0 && level < 1 ? { histogram, level } : null;
}

/**
 * Checks every claim before simulating: a scenario's own claim and a file's claim naming a
 * scenario must name a metric of it (a summary.csv metric that has an estimate per replication,
 * or a latency quantile); a file's claim naming no scenario must be about a metric of at least
 * one, and one naming a scenario must name one of the check.
 * @throws FaultlineError INVALID_SCENARIO naming the claim and the metric.
 */
export function checkClaims(scenarios: readonly Scenario[], extra: readonly ClaimSpec[] = [], extraSource = '--claims'): void {
  const problems: string[] = [];
  const known = (s: Scenario, metric: string) => metricTable(s).metrics.some((m) => m.name === metric && m.estimator.type !== 'peak' && m.estimator.type !== 'quantile') || quantileMetric(s, metric) !== null;
  const hint = (s: Scenario, metric: string) => {
    const stem = metric.split('.')[0] as string;
    const near = metricTable(s).metrics.map((m) => m.name).filter((n) => n.startsWith(`${stem}.`)).slice(0, 6);
    return near.length > 0 ? ` (${s.name} has e.g. ${near.join(', ')})` : ` (see ${s.name}'s summary.csv for its metrics)`;
  };
  for (const s of scenarios) {
    (s.claims ?? []).forEach((c, i) => {
      if (!known(s, c.metric)) problems.push(`${s.name}: claims.${i}.metric: expected a metric of the scenario${hint(s, c.metric)}, got ${describeValue(c.metric)}`);
    });
  }
  extra.forEach((c, i) => {
    if (c.scenario !== undefined) {
      const s = scenarios.find((x) => x.name === c.scenario);
      if (s === undefined) problems.push(`${extraSource}: ${i}.scenario: expected one of the scenarios checked (${scenarios.map((x) => x.name).join(', ')}), got ${describeValue(c.scenario)}`);
      else if (!known(s, c.metric)) problems.push(`${extraSource}: ${i}.metric: expected a metric of ${s.name}${hint(s, c.metric)}, got ${describeValue(c.metric)}`);
    } else if (!scenarios.some((s) => known(s, c.metric))) {
      problems.push(`${extraSource}: ${i}.metric: expected a metric of a scenario checked (${scenarios.map((x) => x.name).join(', ')}), got ${describeValue(c.metric)}`);
    }
  });
  if (problems.length > 0) throw new FaultlineError('INVALID_SCENARIO', problems.length === 1 ? (problems[0] as string) : `${problems.length} problems with claims:\n  ${problems.join('\n  ')}`);
}
