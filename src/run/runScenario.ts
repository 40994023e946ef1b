/** Runs replications of a scenario one after another and summarises each service in exact, mergeable accumulators. */
import { invalidParameter } from '../errors.js';
import { Simulation, type Scenario } from '../sim/Simulation.js';
import { Moments } from '../stats/Moments.js';

export type { Scenario };

export interface ServiceSummary {
  readonly name: string;
  /** Per-replication fraction of [warmup, horizon] the service was down. */
  readonly unavailability: Moments;
  /** Replications in which the service had at least one outage in [warmup, horizon]. */
  readonly repsWithOutage: number;
}

export interface ScenarioSummary {
  readonly scenario: string;
  readonly seed: number;
  readonly replications: number;
  readonly services: readonly ServiceSummary[];
  readonly events: number;
}

export interface RunOptions {
  readonly seed: number;
  readonly replications: number;
  /** First replication index (default 0), so that a range of a larger run can be run apart. */
  readonly firstRep?: number;
}

/**
 * Replications `firstRep … firstRep + replications − 1`, in order. Unavailability is accumulated
 * rather than availability because it is the small number, whose relative precision matters.
 */
export function runScenario(scenario: Scenario, options: RunOptions): ScenarioSummary {
  const { seed, replications } = options;
  const firstRep = options.firstRep ?? 0;
  if (!Number.isSafeInteger(replications) || replications < 1) invalidParameter('replications', 'an integer >= 1', replications);
  const simulation = new Simulation(scenario);
  const span = scenario.horizon - scenario.warmup;
  const unavailability = scenario.services.map(() => new Moments());
  const repsWithOutage = scenario.services.map(() => 0);
  let events = 0;
  for (let rep = firstRep; rep < firstRep + replications; rep++) {
    simulation.run(seed, rep);
    const downtime = simulation.metricDowntime;
    for (let s = 0; s < unavailability.length; s++) {
      const down = downtime[s] as number;
      (unavailability[s] as Moments).add(down / span);
      if (down > 0) repsWithOutage[s] = (repsWithOutage[s] as number) + 1;
    }
    events += simulation.metricEvents;
  }
  return {
    scenario: scenario.name,
    seed,
    replications,
    services: scenario.services.map((s, i) => ({
      name: s.name,
      unavailability: unavailability[i] as Moments,
      repsWithOutage: repsWithOutage[i] as number,
    })),
    events,
  };
}
