/** The per-replication metrics of replications.csv: their column names, and their values read off a finished run. */
import type { Scenario } from '../scenario/validateScenario.js';
import type { MetricRegistry } from '../sim/kernel/MetricRegistry.js';
import { histogramQuantile } from '../stats/LogHistogram.js';
import { boundedValue, metricTable } from './metricTable.js';

/**
 * Metric columns after `scenario, seed, rep`: one per metric of the scenario's table but peaks
 * (`metricTable`), each the replication's own value (a share's column is its 0/1 indicator, a
 * ratio's the replication's own scale·x/y, a quantile's the quantile of the replication's own
 * histogram).
 */
export function replicationColumns(scenario: Scenario): string[] {
  return metricTable(scenario).metrics.filter((m) => m.estimator.type !== 'peak').map((m) => m.name);
}

/**
 * Writes the last run's values into `into` from `offset`, in `replicationColumns` order. A ratio
 * whose denominator is 0 and a quantile of an empty histogram are NaN (an empty cell).
 */
export function replicationValues(
  simulation: { readonly registry: MetricRegistry; readonly values: ArrayLike<number>; readonly histograms: ArrayLike<number> },
  into: Float64Array,
  offset: number,
): void {
  const table = simulation.registry;
  const value = (slot: number) => boundedValue(table.quantities[slot] as (typeof table.quantities)[number], simulation.values[slot] as number);
  let i = offset;
  for (const m of table.metrics) {
    const e = m.estimator;
    if (e.type === 'peak') continue;
    if (e.type === 'quantile') {
      const h = table.histograms[e.histogram] as (typeof table.histograms)[number];
      into[i++] = histogramQuantile(simulation.histograms, h.offset, e.p);
      continue;
    }
    if (e.type === 'ratio') {
      const y = value(e.denominator);
      into[i++] = y === 0 ? NaN : (e.scale * value(e.numerator)) / y;
      continue;
    }
    const d = value(m.quantity);
    into[i++] = e.type === 'mean' ? e.offset + e.scale * d : e.of === 'nonzero' ? (d !== 0 ? 1 : 0) : d === 0 ? 1 : 0;
  }
}
