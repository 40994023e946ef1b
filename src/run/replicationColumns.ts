/** The per-replication metrics of replications.csv: their column names, and their values read off a finished run. */
import type { Scenario, Simulation } from '../sim/Simulation.js';

/** Metric columns after `scenario, seed, rep`, per service in scenario order. */
export function replicationColumns(scenario: Scenario): string[] {
  return scenario.services.flatMap((s) => [
    `${s.name}.availability`,
    `${s.name}.downtime_hours`,
    `${s.name}.outages`,
    `${s.name}.longest_outage_hours`,
    `${s.name}.first_failure_hours`,
    ...scenario.windows.map((w) => `${s.name}.window_up_${w}h`),
  ]);
}

/** Writes the last run's values into `into` from `offset`, in `replicationColumns` order. */
export function replicationValues(simulation: Simulation, into: Float64Array, offset: number): void {
  const scenario = simulation.scenario;
  const span = scenario.horizon - scenario.warmup;
  let i = offset;
  for (let s = 0; s < scenario.services.length; s++) {
    const downtime = simulation.metricDowntime[s] as number;
    into[i++] = 1 - downtime / span;
    into[i++] = downtime;
    into[i++] = simulation.metricOutages[s] as number;
    into[i++] = simulation.metricLongestOutage[s] as number;
    into[i++] = simulation.metricFirstFailure[s] as number;
    for (let w = 0; w < scenario.windows.length; w++) into[i++] = simulation.metricWindowUp(s, w);
  }
}
