/** Runs replications of a scenario one after another in this thread, into exact accumulators: the serial reference for the pool. */
import { invalidParameter } from '../errors.js';
import { checkScenario } from '../sim/checkScenario.js';
import type { Scenario } from '../scenario/validateScenario.js';
import { Simulation } from '../sim/Simulation.js';
import { ScenarioAccumulator } from './ScenarioAccumulator.js';
import { applySimulationV8Flags } from './v8Tuning.js';


export interface RunOptions {
  readonly seed: number;
  readonly replications: number;
  /** First replication index (default 0), so that a range of a larger run can be run apart. */
  readonly firstRep?: number;
  /** The most events one replication may process (default DEFAULT_MAX_EVENTS). */
  readonly maxEvents?: number;
}

/**
 * Replications `firstRep … firstRep + replications − 1`, in order, in this thread. The result is
 * bit-identical to `runMonteCarlo` over the same replications, whatever its workers and chunks.
 */
export function runScenario(scenario: Scenario, options: RunOptions): ScenarioAccumulator {
  const { seed, replications } = options;
  const firstRep = options.firstRep ?? 0;
  if (!Number.isSafeInteger(replications) || replications < 1) invalidParameter('replications', 'an integer >= 1', replications);
  checkScenario(scenario, scenario.name, options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents });
  applySimulationV8Flags();
  const simulation = new Simulation(scenario);
  if (options.maxEvents !== undefined) simulation.maxEvents = options.maxEvents;
  const accumulator = new ScenarioAccumulator(scenario, simulation.registry);
  for (let rep = firstRep; rep < firstRep + replications; rep++) {
    simulation.run(seed, rep);
    accumulator.add(simulation);
  }
  return accumulator;
}
