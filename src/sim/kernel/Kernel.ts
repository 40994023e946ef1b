/** What a plan's modules share: the engine, the component table, the bus, the services, the metric slots and the grid. */
import { Engine } from '../../engine/Engine.js';
import { BIN_COUNT } from '../../stats/LogHistogram.js';
import type { ReplicationStreams } from '../../random/streams.js';
import type { Scenario } from '../../scenario/validateScenario.js';
import type { Gate, View } from '../gates/Gate.js';
import { ComponentTable } from './ComponentTable.js';
import { MetricRegistry } from './MetricRegistry.js';
import { Services } from './Services.js';
import { StateBus } from './StateBus.js';

/**
 * A module of a plan: a behaviour (failure and repair, shocks, spares) or a measure (service
 * metrics). It changes components only through the table, schedules only its own event kinds,
 * and writes its metrics' slots at the end of each replication.
 */
export interface Module {
  /** At the start of a replication, with its random streams: reset, place components, schedule first events. */
  start(streams: ReplicationStreams): void;
  /** At the end of a replication (`end`: the horizon, or the time of an early stop): close open periods, write the slots it declared. */
  close(end: number, whole: boolean): void;
}

export class Kernel {
  readonly engine = new Engine();
  readonly horizon: number;
  readonly warmup: number;
  /** horizon − warmup, the measured span. */
  readonly span: number;
  readonly grid: Float64Array;
  readonly table: ComponentTable;
  readonly bus: StateBus;
  readonly services: Services;
  readonly registry: MetricRegistry;
  /** The true state the gates read (with the byzantine flags and the partitions' cuts when the scenario has them). */
  readonly view: View;
  /** This replication's value of each quantity slot (after `close`). */
  values = new Float64Array(0);
  /** This replication's 0/1 at each grid time of each curve. */
  curves = new Uint8Array(0);
  /**
   * This replication's bin counts of each histogram (BIN_COUNT per histogram, from the offset
   * `registry.histogram` returned), zeroed at `reset`: a module counts x with
   * `histograms[base + binOf(x)] += 1`.
   */
  histograms = new Float64Array(0);
  /** Set by `stop`: the replication ended before the horizon. */
  stopped = false;

  constructor(
    readonly scenario: Scenario,
    gates: (groupStart: Int32Array) => Gate[],
  ) {
    this.horizon = scenario.horizon;
    this.warmup = scenario.warmup;
    this.span = scenario.horizon - scenario.warmup;
    this.grid = Float64Array.from(scenario.grid);
    this.registry = new MetricRegistry(scenario.grid.length);
    const groupCount = Int32Array.from(scenario.groups, (g) => g.count);
    const groupStart = new Int32Array(groupCount.length);
    for (let g = 1; g < groupCount.length; g++) groupStart[g] = (groupStart[g - 1] as number) + (groupCount[g - 1] as number);
    const gateList = gates(groupStart);
    this.bus = new StateBus(groupCount, gateList);
    this.table = new ComponentTable(scenario, this.engine, this.bus);
    const n = this.table.n;
    this.view = {
      groupUp: this.table.groupUp,
      groupCount: this.table.groupCount,
      state: this.table.state,
      serviceUp: new Uint8Array(scenario.services.length),
      // Only the scenarios that have these fault modes carry (and pay for) their arrays.
      ...(scenario.byzantine === undefined ? {} : { byzantine: new Uint8Array(n) }),
      ...(scenario.partitions === undefined ? {} : { cut: new Uint8Array(n), cutLinks: new Int32Array(1) }),
    };
    this.services = new Services(gateList, this.view);
    this.bus.attach(this.services);
  }

  /** Sizes the slots once every module has declared its metrics. */
  seal(): void {
    this.values = new Float64Array(this.registry.quantities.length);
    this.curves = new Uint8Array(this.registry.curves.length * this.grid.length);
    this.histograms = new Float64Array(this.registry.histograms.length * BIN_COUNT);
  }

  /** At the start of a replication. */
  reset(): void {
    this.engine.reset();
    this.table.reset();
    if (this.histograms.length > 0) this.histograms.fill(0);
    this.stopped = false;
  }

  /** Ends the replication after the event being handled. */
  stop(): void {
    this.stopped = true;
    this.engine.stop();
  }

  /**
   * Runs the engine to the horizon (the grid costs the events nothing: the service measures fill
   * their curves when a service changes). Returns false when it stopped at the `maxEvents` budget
   * with events left before the horizon; it also ends at `stop`.
   */
  runToHorizon(maxEvents: number): boolean {
    const fired = this.engine.runUntil(this.horizon, maxEvents);
    return this.stopped || fired < maxEvents || !(this.engine.peekTime() <= this.horizon);
  }
}
