/** The metrics a run reports for a scenario (the registry its plan declares), and the check a replication's value passes before it is accumulated. */
import { FaultlineError } from '../errors.js';
import type { MetricRegistry, Quantity } from '../sim/kernel/MetricRegistry.js';
import type { Scenario } from '../scenario/validateScenario.js';
import { registryOf } from '../sim/Simulation.js';

/** Every metric of a scenario, declared once by the module that measures it (sim/kernel/MetricRegistry). */
export type MetricTable = MetricRegistry;

/** The metric table of a scenario, built once per scenario object. */
export function metricTable(scenario: Scenario): MetricTable {
  return registryOf(scenario);
}

/** A quantity's value, checked: rounding may push it an ulp past its support, a bug much further. */
export function boundedValue(q: Quantity, d: number): number {
  const range = q.support.range;
  if (d >= 0 && d <= range) return d;
  const slack = 1e-9 * (Number.isFinite(range) ? range : Math.max(1, Math.abs(d)));
  if (d < 0 && d > -slack) return 0;
  if (d > range && d < range + slack) return range;
  throw new FaultlineError('INVALID_ARGUMENT', `${q.key}: a replication gave ${d}, outside [0, ${range}]`);
}
