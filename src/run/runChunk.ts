/** Runs one chunk of consecutive replications in whichever thread it is given, returning exact accumulators. */
import { FaultlineError } from '../errors.js';
import type { Scenario } from '../scenario/validateScenario.js';
import { DEFAULT_MAX_EVENTS, Simulation } from '../sim/Simulation.js';
import { OUTAGE_WIDTH } from '../sim/metrics/OutageLog.js';
import { ScenarioAccumulator } from './ScenarioAccumulator.js';
import { replicationColumns, replicationValues } from './replicationColumns.js';

export interface ChunkTask {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly firstRep: number;
  readonly count: number;
  /** Also return every replication's values (replicationColumns order), for replications.csv. */
  readonly perRep: boolean;
  /** The most events one replication may process (default DEFAULT_MAX_EVENTS). */
  readonly maxEvents?: number;
  /** Also return every outage (outages.csv). */
  readonly outages?: boolean;
}

export interface ChunkResult {
  readonly firstRep: number;
  readonly count: number;
  /** The chunk's exact accumulators (ScenarioAccumulator.toState). */
  readonly accumulator: Float64Array;
  /** count × replicationColumns(scenario).length values, replication-major; empty unless asked. */
  readonly values: Float64Array;
  /** Every outage of the chunk's replications, in order: the replication, then OUTAGE_WIDTH fields (OutageLog); empty unless asked. */
  readonly outages: Float64Array;
}

// A worker thread keeps the last scenario it compiled: chunks of one run reuse it.
let cached: { key: string; simulation: Simulation } | undefined;

function simulationFor(scenario: Scenario): Simulation {
  const key = JSON.stringify(scenario);
  if (cached?.key !== key) cached = { key, simulation: new Simulation(scenario) };
  return cached.simulation;
}

/**
 * Replications firstRep … firstRep + count − 1 of (scenario, seed). A pure function of the task.
 * @throws FaultlineError WORKER naming the seed and the replication that failed.
 */
export function runChunk(task: ChunkTask): ChunkResult {
  const { scenario, seed, firstRep, count } = task;
  const simulation = simulationFor(scenario);
  simulation.maxEvents = task.maxEvents ?? DEFAULT_MAX_EVENTS;
  const accumulator = new ScenarioAccumulator(scenario, simulation.registry);
  const width = task.perRep ? replicationColumns(scenario).length : 0;
  const values = new Float64Array(count * width);
  const log = task.outages ? simulation.recordOutages() : undefined;
  let outages = new Float64Array(log === undefined ? 0 : 1024);
  let outageLength = 0;
  // A test hook: fail at this replication, to exercise the clean-stop path end to end.
  const failAt = Number(process.env['FAULTLINE_TEST_FAIL_REP'] ?? NaN);
  for (let i = 0; i < count; i++) {
    const rep = firstRep + i;
    try {
      if (rep === failAt) throw new Error('failure injected by FAULTLINE_TEST_FAIL_REP');
      simulation.run(seed, rep);
    } catch (error) {
      // An error crosses from a worker thread as a plain Error: its cause carries the code.
      const code = error instanceof FaultlineError && error.code === 'LIMIT' ? 'LIMIT' : 'WORKER';
      throw new FaultlineError(code, `${scenario.name}: seed ${seed}, rep ${rep}: ${(error as Error).message}`, { cause: { code } });
    }
    accumulator.add(simulation);
    if (width > 0) replicationValues(simulation, values, i * width);
    if (log !== undefined) {
      const records = log.records;
      const need = outageLength + log.count * (OUTAGE_WIDTH + 1);
      if (need > outages.length) {
        const bigger = new Float64Array(Math.max(need, 2 * outages.length));
        bigger.set(outages.subarray(0, outageLength));
        outages = bigger;
      }
      for (let k = 0; k < log.count; k++) {
        outages[outageLength++] = rep;
        outages.set(records.subarray(k * OUTAGE_WIDTH, (k + 1) * OUTAGE_WIDTH), outageLength);
        outageLength += OUTAGE_WIDTH;
      }
    }
  }
  return { firstRep, count, accumulator: accumulator.toState(), values, outages: outages.slice(0, outageLength) };
}
