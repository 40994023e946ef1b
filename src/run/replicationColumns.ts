/** The per-replication metrics of replications.csv: their column names, and their values read off a finished run. */
import type { Scenario } from '../scenario/validateScenario.js';
import type { Simulation } from '../sim/Simulation.js';
import { boundedValue, metricTable } from './metricTable.js';

/**
 * Metric columns after `scenario, seed, rep`: one per metric of the scenario's table but peaks
 * (`metricTable`), each the replication's own value (a share's column is its 0/1 indicator).
 */
export function replicationColumns(scenario: Scenario): string[] {
  return metricTable(scenario).metrics.filter((m) => m.estimator.type !== 'peak').map((m) => m.name);
}

/** Writes the last run's values into `into` from `offset`, in `replicationColumns` order. */
export function replicationValues(simulation: Simulation, into: Float64Array, offset: number): void {
  const table = simulation.registry;
  let i = offset;
  for (const m of table.metrics) {
    const e = m.estimator;
    if (e.type === 'peak') continue;
    const q = table.quantities[m.quantity] as (typeof table.quantities)[number];
    const d = boundedValue(q, simulation.values[m.quantity] as number);
    into[i++] = e.type === 'mean' ? e.offset + e.scale * d : e.of === 'nonzero' ? (d !== 0 ? 1 : 0) : d === 0 ? 1 : 0;
  }
}
