/** Everything a run learns about a scenario, in exact mergeable accumulators: what chunks, workers and shards combine. */
import { FaultlineError, describeValue } from '../errors.js';
import type { Scenario, Simulation } from '../sim/Simulation.js';
import { Moments, type MomentsData } from '../stats/Moments.js';

interface ServiceAccumulator {
  readonly unavailability: Moments;
  readonly downtime: Moments;
  readonly outages: Moments;
  readonly longestOutage: Moments;
  readonly windowUp: Moments[];
  /** Replications in which the service failed by the horizon. */
  failed: number;
  /** Per grid time, replications up at that time. */
  readonly pointUp: Float64Array;
  /** Per grid time, replications not yet failed by then. */
  readonly reliable: Float64Array;
}

export interface ScenarioAccumulatorData {
  readonly replications: number;
  readonly events: number;
  readonly services: readonly {
    readonly unavailability: MomentsData;
    readonly downtime: MomentsData;
    readonly outages: MomentsData;
    readonly longestOutage: MomentsData;
    readonly windowUp: readonly MomentsData[];
    readonly failed: number;
    readonly pointUp: readonly number[];
    readonly reliable: readonly number[];
  }[];
  readonly groups: readonly MomentsData[];
  readonly crews: readonly { readonly utilization: MomentsData; readonly maxQueue: MomentsData; readonly maxBusy: number }[];
}

/**
 * Per service: unavailability, downtime, outages and longest outage (means with intervals),
 * window survival per window length, the number of replications failed by the horizon, and the
 * point-availability and reliability curves as counts per grid time. Per group: the up fraction
 * of its components. Per crew: utilisation, longest queue, most repairers busy. All sums are
 * exact (Moments, integer counts), so merging is exact and order-free: any split of the
 * replications into chunks, workers or shards gives the same bits.
 */
export class ScenarioAccumulator {
  replications = 0;
  events = 0;
  readonly services: ServiceAccumulator[];
  readonly groups: Moments[];
  readonly crewUtilization: Moments[];
  readonly crewMaxQueue: Moments[];
  readonly crewMaxBusy: Int32Array;
  private readonly scenario: Scenario;

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    const G = scenario.grid.length;
    this.services = scenario.services.map(() => ({
      unavailability: new Moments(),
      downtime: new Moments(),
      outages: new Moments(),
      longestOutage: new Moments(),
      windowUp: scenario.windows.map(() => new Moments()),
      failed: 0,
      pointUp: new Float64Array(G),
      reliable: new Float64Array(G),
    }));
    this.groups = scenario.groups.map(() => new Moments());
    this.crewUtilization = scenario.crews.map(() => new Moments());
    this.crewMaxQueue = scenario.crews.map(() => new Moments());
    this.crewMaxBusy = new Int32Array(scenario.crews.length);
  }

  /** Adds the replication `simulation` has just run. */
  add(simulation: Simulation): void {
    const scenario = this.scenario;
    const span = scenario.horizon - scenario.warmup;
    const grid = scenario.grid;
    const G = grid.length;
    const pointUp = simulation.metricPointUp;
    this.replications++;
    this.events += simulation.metricEvents;
    for (let s = 0; s < this.services.length; s++) {
      const acc = this.services[s] as ServiceAccumulator;
      const downtime = simulation.metricDowntime[s] as number;
      acc.unavailability.add(downtime / span);
      acc.downtime.add(downtime);
      acc.outages.add(simulation.metricOutages[s] as number);
      acc.longestOutage.add(simulation.metricLongestOutage[s] as number);
      for (let w = 0; w < acc.windowUp.length; w++) (acc.windowUp[w] as Moments).add(simulation.metricWindowUp(s, w));
      const firstFailure = simulation.metricFirstFailure[s] as number;
      const failed = firstFailure < scenario.horizon;
      if (failed) acc.failed++;
      for (let g = 0; g < G; g++) {
        acc.pointUp[g] = (acc.pointUp[g] as number) + (pointUp[s * G + g] as number);
        if (!failed || firstFailure > (grid[g] as number)) acc.reliable[g] = (acc.reliable[g] as number) + 1;
      }
    }
    const upTime = simulation.metricComponentUpTime;
    let c = 0;
    scenario.groups.forEach((group, gi) => {
      for (let i = 0; i < group.count; i++, c++) (this.groups[gi] as Moments).add((upTime[c] as number) / span);
    });
    scenario.crews.forEach((crew, k) => {
      (this.crewUtilization[k] as Moments).add((simulation.metricCrewBusyTime[k] as number) / (crew.count * span));
      (this.crewMaxQueue[k] as Moments).add(simulation.metricCrewMaxQueue[k] as number);
      this.crewMaxBusy[k] = Math.max(this.crewMaxBusy[k] as number, simulation.metricCrewMaxBusy[k] as number);
    });
  }

  /** Adds another accumulator of the same scenario, exactly. */
  merge(other: ScenarioAccumulator): this {
    this.replications += other.replications;
    this.events += other.events;
    this.services.forEach((acc, s) => {
      const o = other.services[s] as ServiceAccumulator;
      acc.unavailability.merge(o.unavailability);
      acc.downtime.merge(o.downtime);
      acc.outages.merge(o.outages);
      acc.longestOutage.merge(o.longestOutage);
      acc.windowUp.forEach((m, w) => m.merge(o.windowUp[w] as Moments));
      acc.failed += o.failed;
      for (let g = 0; g < acc.pointUp.length; g++) {
        acc.pointUp[g] = (acc.pointUp[g] as number) + (o.pointUp[g] as number);
        acc.reliable[g] = (acc.reliable[g] as number) + (o.reliable[g] as number);
      }
    });
    this.groups.forEach((m, gi) => m.merge(other.groups[gi] as Moments));
    this.crewUtilization.forEach((m, k) => m.merge(other.crewUtilization[k] as Moments));
    this.crewMaxQueue.forEach((m, k) => m.merge(other.crewMaxQueue[k] as Moments));
    for (let k = 0; k < this.crewMaxBusy.length; k++) this.crewMaxBusy[k] = Math.max(this.crewMaxBusy[k] as number, other.crewMaxBusy[k] as number);
    return this;
  }

  /** Every Moments of this accumulator, in a fixed order (for the compact state). */
  private allMoments(): Moments[] {
    return [
      ...this.services.flatMap((s) => [s.unavailability, s.downtime, s.outages, s.longestOutage, ...s.windowUp]),
      ...this.groups,
      ...this.crewUtilization,
      ...this.crewMaxQueue,
    ];
  }

  /**
   * The exact state as one Float64Array: what a worker sends back per chunk. Cheaper than
   * `toJSON` (no BigInt), and transferable between threads without copying.
   */
  toState(): Float64Array {
    const moments = this.allMoments();
    const G = this.scenario.grid.length;
    const state = new Float64Array(2 + moments.length * Moments.STATE_SIZE + this.services.length * (1 + 2 * G) + this.crewMaxBusy.length);
    state[0] = this.replications;
    state[1] = this.events;
    let i = 2;
    for (const m of moments) {
      m.writeState(state, i);
      i += Moments.STATE_SIZE;
    }
    for (const s of this.services) {
      state[i++] = s.failed;
      state.set(s.pointUp, i);
      i += G;
      state.set(s.reliable, i);
      i += G;
    }
    state.set(this.crewMaxBusy, i);
    return state;
  }

  /** Merges a state from `toState` of an accumulator of the same scenario, exactly. */
  mergeState(state: Float64Array): this {
    const moments = this.allMoments();
    const G = this.scenario.grid.length;
    this.replications += state[0] as number;
    this.events += state[1] as number;
    let i = 2;
    for (const m of moments) {
      m.mergeState(state, i);
      i += Moments.STATE_SIZE;
    }
    for (const s of this.services) {
      s.failed += state[i++] as number;
      for (let g = 0; g < G; g++) {
        s.pointUp[g] = (s.pointUp[g] as number) + (state[i + g] as number);
        s.reliable[g] = (s.reliable[g] as number) + (state[i + G + g] as number);
      }
      i += 2 * G;
    }
    for (let k = 0; k < this.crewMaxBusy.length; k++) this.crewMaxBusy[k] = Math.max(this.crewMaxBusy[k] as number, state[i + k] as number);
    return this;
  }

  toJSON(): ScenarioAccumulatorData {
    return {
      replications: this.replications,
      events: this.events,
      services: this.services.map((acc) => ({
        unavailability: acc.unavailability.toJSON(),
        downtime: acc.downtime.toJSON(),
        outages: acc.outages.toJSON(),
        longestOutage: acc.longestOutage.toJSON(),
        windowUp: acc.windowUp.map((m) => m.toJSON()),
        failed: acc.failed,
        pointUp: Array.from(acc.pointUp),
        reliable: Array.from(acc.reliable),
      })),
      groups: this.groups.map((m) => m.toJSON()),
      crews: this.crewUtilization.map((m, k) => ({
        utilization: m.toJSON(),
        maxQueue: (this.crewMaxQueue[k] as Moments).toJSON(),
        maxBusy: this.crewMaxBusy[k] as number,
      })),
    };
  }

  /**
   * Restores an accumulator from `toJSON` output for `scenario`, checked first against the shape
   * of this scenario's own `toJSON` (see `shapeProblem`): the one schema of an accumulator's data,
   * so a field added to `toJSON` is checked with no other edit.
   * @param where how to name `data` in errors (`parts/0/partial.json: accumulator`).
   * @throws FaultlineError INVALID_ARGUMENT naming the path of the first field that does not fit.
   */
  static fromJSON(scenario: Scenario, input: unknown, where = 'accumulator'): ScenarioAccumulator {
    const problem = shapeProblem(new ScenarioAccumulator(scenario).toJSON(), input, where);
    if (problem !== undefined) throw new FaultlineError('INVALID_ARGUMENT', problem);
    const data = input as ScenarioAccumulatorData;
    const acc = new ScenarioAccumulator(scenario);
    acc.replications = data.replications;
    acc.events = data.events;
    data.services.forEach((s, i) => {
      const target = acc.services[i] as ServiceAccumulator;
      target.unavailability.merge(Moments.fromJSON(s.unavailability));
      target.downtime.merge(Moments.fromJSON(s.downtime));
      target.outages.merge(Moments.fromJSON(s.outages));
      target.longestOutage.merge(Moments.fromJSON(s.longestOutage));
      s.windowUp.forEach((m, w) => (target.windowUp[w] as Moments).merge(Moments.fromJSON(m)));
      target.failed = s.failed;
      target.pointUp.set(s.pointUp);
      target.reliable.set(s.reliable);
    });
    data.groups.forEach((m, gi) => (acc.groups[gi] as Moments).merge(Moments.fromJSON(m)));
    data.crews.forEach((k, i) => {
      (acc.crewUtilization[i] as Moments).merge(Moments.fromJSON(k.utilization));
      (acc.crewMaxQueue[i] as Moments).merge(Moments.fromJSON(k.maxQueue));
      acc.crewMaxBusy[i] = k.maxBusy;
    });
    return acc;
  }
}

/** The fields of a Moments' data: an object with exactly these is checked by Moments.fromJSON, which owns their rules. */
const MOMENTS_KEYS = Object.keys(new Moments().toJSON()).sort().join();

/**
 * Where `value` does not have the shape of `template` (an accumulator's `toJSON` for the same
 * scenario), as `path: expected …, got …`, or undefined. The same fields and array lengths;
 * where the template has a number, a count (a non-negative integer); a string, a decimal
 * integer; null, null or a finite number. A Moments' data (an object with MOMENTS_KEYS) must
 * have exactly its fields, whose values Moments.fromJSON then checks. It recurses on the
 * template, whose depth is fixed, never on the value's.
 */
function shapeProblem(template: unknown, value: unknown, path: string): string | undefined {
  const got = `, got ${describeValue(value)}`;
  if (template === null) return value === null || (typeof value === 'number' && Number.isFinite(value)) ? undefined : `${path}: expected null or a finite number${got}`;
  if (typeof template === 'number') return Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : `${path}: expected a count (an integer >= 0)${got}`;
  if (typeof template === 'string') return typeof value === 'string' && /^-?\d{1,800}$/.test(value) ? undefined : `${path}: expected a decimal integer string${got}`;
  if (Array.isArray(template)) {
    if (!Array.isArray(value) || value.length !== template.length) return `${path}: expected an array of ${template.length} items${got}`;
    for (let i = 0; i < template.length; i++) {
      const problem = shapeProblem(template[i], value[i], `${path}.${i}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${path}: expected an object${got}`;
  const fields = template as Record<string, unknown>;
  const given = value as Record<string, unknown>;
  const unknown = Object.keys(given).find((k) => !Object.hasOwn(fields, k));
  if (unknown !== undefined) return `${path}.${unknown}: unknown field, got ${describeValue(given[unknown])}`;
  const missing = Object.keys(fields).find((k) => !Object.hasOwn(given, k));
  if (missing !== undefined) return `${path}.${missing}: expected a value, got undefined`;
  if (Object.keys(fields).sort().join() === MOMENTS_KEYS) {
    try {
      Moments.fromJSON(given as unknown as MomentsData);
      return undefined;
    } catch (error) {
      return `${path}.${(error as Error).message}`;
    }
  }
  for (const [key, t] of Object.entries(fields)) {
    const problem = shapeProblem(t, given[key], `${path}.${key}`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
