/** Runs a scenario's plan, one replication at a time: the kernel's modules start, the engine runs to the horizon (or a stop), the modules close and write their metrics. */
import { FaultlineError } from '../errors.js';
import { StreamDeriver } from '../random/streams.js';
import type { Scenario } from '../scenario/validateScenario.js';
import type { MetricRegistry } from './kernel/MetricRegistry.js';
import type { Module } from './kernel/Kernel.js';
import { compile, importanceMeter, type Plan } from './kernel/Plan.js';


/** What one replication measured about a service; times in hours. */
export interface ServiceRecord {
  /** Fraction of [warmup, horizon] the service was up (interval availability). */
  readonly availability: number;
  /** Time down within [warmup, horizon]. */
  readonly downtime: number;
  /** Outages (down periods) overlapping [warmup, horizon]. */
  readonly outages: number;
  /** The longest down period, clipped to [warmup, horizon]; 0 with none. */
  readonly longestOutage: number;
  /** Time of the first failure since 0 (0 when it starts down); the horizon when none (censored). */
  readonly firstFailure: number;
  /** Whether it failed at all by the horizon, the horizon itself included (false: `firstFailure` is censored). */
  readonly failed: boolean;
  /** 1 when up at each grid time, else 0 (the point-availability curve). */
  readonly pointUp: readonly number[];
  /** 1 when not yet failed at each grid time, else 0 (the reliability curve). */
  readonly reliable: readonly number[];
  /**
   * For each window length w of the scenario, the fraction of start times s in
   * [warmup, horizon − w] for which the service is up throughout [s, s + w].
   */
  readonly windowUp: readonly number[];
}

export interface ReplicationRecord {
  readonly scenario: string;
  readonly seed: number;
  readonly rep: number;
  readonly events: number;
  /**
   * Per service. With the scenario's `stopAt`, a replication measures first failures only: the
   * other fields are then NaN (availability, downtime, …) or empty (pointUp, windowUp).
   */
  readonly services: Readonly<Record<string, ServiceRecord>>;
  /** Per group, the fraction of [warmup, horizon] each component was up, and the component failures in [warmup, horizon]. */
  readonly groups: Readonly<Record<string, { readonly componentUp: readonly number[]; readonly failures: number }>>;
  /** Per crew pool: most repairers busy at once, longest queue, mean fraction of repairers busy. */
  readonly crews: Readonly<Record<string, { readonly maxBusy: number; readonly maxQueue: number; readonly utilization: number }>>;
}

/** The default of `--max-events`: the most events one replication may process (docs/conventions.md, "Limits"). */
export const DEFAULT_MAX_EVENTS = 10_000_000;

/**
 * A scenario compiled for simulation (`compile`: its gates, behaviours and measures on a kernel).
 * Construction resolves distributions and stream keys and sizes every array once; `run(seed, rep)`
 * then runs one replication reusing them, so nothing is allocated per event. A replication is a
 * pure function of (scenario, seed, rep).
 *
 * Edges: the run covers the closed interval [0, horizon] and every state is right-continuous.
 * An event at exactly the horizon happens: a service that goes down then has failed (first
 * failure at the horizon, R(horizon) = 0), is down at the horizon's grid time, and has an outage
 * of 0 hours. Every measure over [warmup, horizon] (time up, outages, component failures, crew
 * peaks) counts what holds at some time in that interval, warmup included.
 */
export class Simulation {
  readonly scenario: Scenario;
  /** The most events one replication may process; beyond it `run` throws LIMIT (an event storm, not a hang). */
  maxEvents = DEFAULT_MAX_EVENTS;
  private readonly plan: Plan;
  private deriver: StreamDeriver | undefined;
  private outageLog: ReturnType<Plan['outageLog']> | undefined;
  private importanceMeter: ReturnType<typeof importanceMeter> | undefined;

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    this.plan = compile(scenario);
  }

  /** What a replication measures: its quantities' slots (`values`), metrics and curves (`curves`). */
  get registry(): MetricRegistry {
    return this.plan.kernel.registry;
  }

  /** The last run's value of each quantity of the registry, valid until the next run. */
  get values(): Readonly<Float64Array> {
    return this.plan.kernel.values;
  }

  /** The last run's 0/1 at each grid time of each curve of the registry. */
  get curves(): Readonly<Uint8Array> {
    return this.plan.kernel.curves;
  }

  /** The last run's bin counts of each histogram of the registry (`registry.histograms`, BIN_COUNT each). */
  get histograms(): Readonly<Float64Array> {
    return this.plan.kernel.histograms;
  }

  /**
   * Records every outage from the next run on (outages.csv): the log whose `records` hold the last
   * run's outages. A run that does not ask pays nothing for it.
   */
  recordOutages(): ReturnType<Plan['outageLog']> {
    this.outageLog ??= this.plan.outageLog();
    return this.outageLog;
  }

  /** The last run's message ledger, when the scenario has a pipeline (docs/pipelines.md, "Pipelines that must lose nothing"). */
  get ledger() {
    return this.plan.pipeline?.ledger();
  }

  /**
   * Measures the importance of every component and group from the next run on (docs/statistics.md,
   * "Importance measures"): the meter whose arrays hold the last run's hours. A run that does not
   * ask pays nothing for it, and asking changes no random draw.
   * @throws FaultlineError INVALID_ARGUMENT when the scenario's gates are not supported.
   */
  measureImportance(): ReturnType<typeof importanceMeter> {
    this.importanceMeter ??= importanceMeter(this.plan.kernel);
    return this.importanceMeter;
  }

  /** Events of the last run. */
  get metricEvents(): number {
    return this.plan.kernel.engine.eventsProcessed;
  }

  /** Replication `rep` of the run with seed `seed`, as a plain record. */
  replicate(seed: number, rep: number): ReplicationRecord {
    this.run(seed, rep);
    return this.record(seed, rep);
  }

  /**
   * Runs replication `rep` and leaves its metrics in `values` and `curves` (valid until the next
   * run): the allocation-free path for runners that feed accumulators directly.
   * @throws FaultlineError LIMIT when it needs more than `maxEvents` events.
   */
  run(seed: number, rep: number): void {
    if (this.deriver?.seed !== seed) this.deriver = new StreamDeriver(seed);
    const streams = this.deriver.replication(rep);
    const { kernel, modules, serviceMetrics } = this.plan;
    kernel.reset();
    for (let i = 0; i < modules.length; i++) (modules[i] as Module).start(streams);
    this.outageLog?.start();
    this.importanceMeter?.start();
    kernel.services.start();
    const engine = kernel.engine;
    if (!serviceMetrics.done) {
      if (!kernel.runToHorizon(this.maxEvents)) {
        throw new FaultlineError('LIMIT', `more than ${this.maxEvents} events in one replication; raise the limit with --max-events (or lengthen the scenario's failure and repair times)`);
      }
    }
    const whole = !kernel.stopped && !serviceMetrics.done;
    const end = whole ? kernel.horizon : engine.now;
    if (whole) {
      this.importanceMeter?.close(end);
      kernel.table.close(end);
    }
    for (let i = 0; i < modules.length; i++) (modules[i] as Module).close(end, whole);
    this.outageLog?.close(end);
  }

  private record(seed: number, rep: number): ReplicationRecord {
    const { kernel, serviceMetrics: sm, failRepair } = this.plan;
    const { horizon, span, grid } = kernel;
    const whole = this.scenario.stopAt === null;
    const G = grid.length;
    const registry = kernel.registry;
    const curve = (name: string) => {
      const c = registry.curves.find((x) => x.name === name);
      return c === undefined ? [] : Array.from(kernel.curves.subarray(c.offset, c.offset + G));
    };
    const services: Record<string, ServiceRecord> = {};
    this.scenario.services.forEach((spec, s) => {
      const firstFailure = sm.firstFailure[s] as number;
      const failed = firstFailure <= horizon;
      services[spec.name] = {
        availability: whole ? 1 - (sm.downtime[s] as number) / span : NaN,
        downtime: whole ? (sm.downtime[s] as number) : NaN,
        outages: whole ? (sm.outages[s] as number) : NaN,
        longestOutage: whole ? (sm.longest[s] as number) : NaN,
        firstFailure: Math.min(firstFailure, horizon),
        failed,
        pointUp: whole ? curve(`${spec.name}.point_availability`) : [],
        reliable: Array.from(grid, (t) => (failed && firstFailure <= t ? 0 : 1)),
        windowUp: whole ? this.scenario.windows.map((_, w) => sm.windowUp(s, w)) : [],
      };
    });
    const table = kernel.table;
    const groups: Record<string, { componentUp: number[]; failures: number }> = {};
    this.scenario.groups.forEach((g, gi) => {
      const start = table.groupStart[gi] as number;
      groups[g.name] = {
        componentUp: whole ? Array.from(table.upTime.subarray(start, start + g.count), (t) => t / span) : [],
        failures: whole ? (table.groupFailures[gi] as number) : NaN,
      };
    });
    const crewState = failRepair.crews;
    const crews: Record<string, { maxBusy: number; maxQueue: number; utilization: number }> = {};
    this.scenario.crews.forEach((k, ki) => {
      crews[k.name] = {
        maxBusy: whole ? (crewState.maxBusy[ki] as number) : NaN,
        maxQueue: whole ? (crewState.maxQueue[ki] as number) : NaN,
        utilization: whole ? (crewState.busyTime[ki] as number) / (k.count * span) : NaN,
      };
    });
    return { scenario: this.scenario.name, seed, rep, events: kernel.engine.eventsProcessed, services, groups, crews };
  }
}

const compiled = new WeakMap<Scenario, Simulation>();

/**
 * Replication `rep` of `scenario` with seed `seed`: a pure function of its arguments. The compiled
 * simulation is cached per scenario object, so calling this in a loop costs one compilation.
 */
export function runReplication(scenario: Scenario, seed: number, rep: number): ReplicationRecord {
  let simulation = compiled.get(scenario);
  if (simulation === undefined) {
    simulation = new Simulation(scenario);
    compiled.set(scenario, simulation);
  }
  return simulation.replicate(seed, rep);
}

/** The metric registry of a scenario, compiled once per scenario object (for accumulators and writers). */
export function registryOf(scenario: Scenario): MetricRegistry {
  let simulation = compiled.get(scenario);
  if (simulation === undefined) {
    simulation = new Simulation(scenario);
    compiled.set(scenario, simulation);
  }
  return simulation.registry;
}
