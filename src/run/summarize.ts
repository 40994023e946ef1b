/** Turns a run's accumulators into estimates with intervals: the rows of summary.csv, timeseries.csv and `run --json`. */
import type { SummaryRow, TimeseriesRow } from '../io/csv.js';
import type { Scenario } from '../scenario/validateScenario.js';
import { clopperPearsonInterval } from '../stats/intervals.js';
import { LOW_INFORMATION_COUNT } from '../stats/lowInformation.js';
import { meanEstimate } from '../stats/meanEstimate.js';
import type { Metric } from '../sim/kernel/MetricRegistry.js';
import type { ScenarioAccumulator } from './ScenarioAccumulator.js';

/** One metric's estimate: what a summary row, a JSON entry and a cross-check start from. */
export interface MetricEstimate {
  readonly metric: string;
  readonly unit: string;
  readonly kind: Metric['kind'];
  readonly estimate: number;
  /** NaN where there is none (a peak; fewer than two replications). */
  readonly stdError: number;
  /** NaN where there is no interval (a peak). */
  readonly low: number;
  readonly high: number;
  readonly confidence: number;
  /** The interval is a bound from fewer than 30 replications off the usual value (null: no interval). */
  readonly lowInformation: boolean | null;
  /** How the interval was made: hall, stringer, garwood, clopper-pearson, or none. */
  readonly method: string;
}

/** A proportion of n with its exact (Clopper–Pearson) interval, low-information when the rarer outcome is seen fewer than 30 times. */
export function proportionEstimate(successes: number, n: number, confidence: number) {
  const i = clopperPearsonInterval(successes, n, confidence);
  return { estimate: successes / n, stdError: i.stdError, low: i.low, high: i.high, lowInformation: Math.min(successes, n - successes) < LOW_INFORMATION_COUNT };
}

/** The estimate of one metric of the table. */
export function estimateMetric(acc: ScenarioAccumulator, metric: Metric, confidence: number): MetricEstimate {
  const moments = acc.quantities[metric.quantity];
  const base = { metric: metric.name, unit: metric.unit, kind: metric.kind, confidence };
  const none = { ...base, estimate: NaN, stdError: NaN, low: NaN, high: NaN, lowInformation: null, method: 'none' };
  if (moments === undefined || moments.count === 0) return none;
  const e = metric.estimator;
  if (e.type === 'peak') return { ...none, estimate: moments.max };
  if (e.type === 'share') {
    const n = moments.count;
    const p = proportionEstimate(e.of === 'nonzero' ? moments.nonzero : n - moments.nonzero, n, confidence);
    return { ...base, ...p, method: 'clopper-pearson' };
  }
  const support = (acc.table.quantities[metric.quantity] as (typeof acc.table.quantities)[number]).support;
  const m = meanEstimate(moments, support, confidence);
  const map = (d: number) => e.offset + e.scale * d;
  const [low, high] = e.scale >= 0 ? [map(m.low), map(m.high)] : [map(m.high), map(m.low)];
  return { ...base, estimate: map(m.estimate), stdError: Math.abs(e.scale) * m.stdError, low, high, lowInformation: m.lowInformation, method: m.method };
}

/** Every metric's estimate, in the table's order: services (scenario order), groups, crews. */
export function estimateAll(acc: ScenarioAccumulator, confidence: number): MetricEstimate[] {
  return acc.table.metrics.map((m) => estimateMetric(acc, m, confidence));
}

/** One summary row per metric, in the table's order. */
export function summaryRows(scenario: Scenario, acc: ScenarioAccumulator, seed: number, confidence: number): SummaryRow[] {
  return estimateAll(acc, confidence).map((e) => ({
    scenario: scenario.name,
    seed,
    replications: acc.replications,
    metric: e.metric,
    estimate: e.estimate,
    std_error: e.stdError,
    ci_low: e.low,
    ci_high: e.high,
    confidence: e.lowInformation === null ? undefined : confidence,
    low_information: e.lowInformation === null ? undefined : String(e.lowInformation),
    analytic: undefined,
    z_score: undefined,
    verdict: undefined,
  }));
}

/** Every curve of the table (point availability, reliability) at every grid time, with exact binomial intervals. */
export function timeseriesRows(scenario: Scenario, acc: ScenarioAccumulator, seed: number, confidence: number): TimeseriesRow[] {
  const n = acc.replications;
  return acc.table.curves.flatMap((c) =>
    scenario.grid.map((t, g) => {
      const p = proportionEstimate(acc.curveCounts[c.offset + g] as number, n, confidence);
      return {
        scenario: scenario.name,
        seed,
        t_hours: t,
        metric: c.name,
        estimate: p.estimate,
        ci_low: p.low,
        ci_high: p.high,
        low_information: String(p.lowInformation),
        analytic: undefined,
      };
    }),
  );
}
