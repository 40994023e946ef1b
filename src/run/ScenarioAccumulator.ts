/** Everything a run learns about a scenario, in exact mergeable accumulators: what chunks, workers and shards combine. */
import { FaultlineError, describeValue } from '../errors.js';
import type { Quantity } from '../sim/kernel/MetricRegistry.js';
import type { Scenario } from '../scenario/validateScenario.js';
import type { Simulation } from '../sim/Simulation.js';
import { Moments, type MomentsData } from '../stats/Moments.js';
import { boundedValue, metricTable, type MetricTable } from './metricTable.js';

export interface ScenarioAccumulatorData {
  readonly replications: number;
  readonly events: number;
  /** One per quantity of the scenario's metric table, in its order. */
  readonly quantities: readonly MomentsData[];
  /** Per curve of the table (`<service>.point_availability`, `<service>.reliability`): replications at 1, per grid time. */
  readonly curves: Readonly<Record<string, readonly number[]>>;
}

/**
 * One exact `Moments` per quantity of the scenario's metric table (`metricTable`), and per curve
 * the replications at 1 at each grid time. All sums are exact (Moments, integer counts), so
 * merging is exact and order-free: any split of the replications into chunks, workers or shards
 * gives the same bits.
 */
export class ScenarioAccumulator {
  replications = 0;
  events = 0;
  readonly table: MetricTable;
  /** Per quantity of the table. */
  readonly quantities: Moments[];
  /** Per curve × grid time (curve-major, in the table's curve order). */
  readonly curveCounts: Float64Array;
  private readonly scenario: Scenario;

  /** `table`: the scenario's metric table, when the caller has it (a worker's compiled simulation). */
  constructor(scenario: Scenario, table: MetricTable = metricTable(scenario)) {
    this.scenario = scenario;
    this.table = table;
    this.quantities = table.quantities.map(() => new Moments());
    this.curveCounts = new Float64Array(table.curves.length * scenario.grid.length);
  }

  /** The accumulator of the quantity behind metric `name` (as in summary.csv), with the metric. */
  of(name: string): { readonly moments: Moments; readonly metric: MetricTable['metrics'][number] } {
    const i = this.table.indexOf(name);
    if (i === undefined) throw new FaultlineError('INVALID_ARGUMENT', `metric: expected one of ${this.table.metrics.map((m) => m.name).join(', ')}, got ${JSON.stringify(name)}`);
    const metric = this.table.metrics[i] as MetricTable['metrics'][number];
    return { moments: this.quantities[metric.quantity] as Moments, metric };
  }

  /** Whether the table has metric `name`. */
  has(name: string): boolean {
    return this.table.indexOf(name) !== undefined;
  }

  /** The counts of curve `name` per grid time, or undefined when the run does not measure it. */
  curve(name: string): Float64Array | undefined {
    const c = this.table.curves.find((x) => x.name === name);
    return c === undefined ? undefined : this.curveCounts.subarray(c.offset, c.offset + this.scenario.grid.length);
  }

  /** Adds the replication `simulation` has just run. */
  add(simulation: Simulation): void {
    const quantities = this.table.quantities;
    const values = simulation.values;
    this.replications++;
    this.events += simulation.metricEvents;
    for (let q = 0; q < quantities.length; q++) (this.quantities[q] as Moments).add(boundedValue(quantities[q] as Quantity, values[q] as number));
    const curves = simulation.curves;
    for (let i = 0; i < curves.length; i++) this.curveCounts[i] = (this.curveCounts[i] as number) + (curves[i] as number);
  }

  /** Adds another accumulator of the same scenario, exactly. */
  merge(other: ScenarioAccumulator): this {
    this.replications += other.replications;
    this.events += other.events;
    this.quantities.forEach((m, q) => m.merge(other.quantities[q] as Moments));
    for (let i = 0; i < this.curveCounts.length; i++) this.curveCounts[i] = (this.curveCounts[i] as number) + (other.curveCounts[i] as number);
    return this;
  }

  /**
   * The exact state as one Float64Array: what a worker sends back per chunk. Cheaper than
   * `toJSON` (no BigInt), and transferable between threads without copying.
   */
  toState(): Float64Array {
    const state = new Float64Array(2 + this.quantities.length * Moments.STATE_SIZE + this.curveCounts.length);
    state[0] = this.replications;
    state[1] = this.events;
    let i = 2;
    for (const m of this.quantities) {
      m.writeState(state, i);
      i += Moments.STATE_SIZE;
    }
    state.set(this.curveCounts, i);
    return state;
  }

  /** Merges a state from `toState` of an accumulator of the same scenario, exactly. */
  mergeState(state: Float64Array): this {
    this.replications += state[0] as number;
    this.events += state[1] as number;
    let i = 2;
    for (const m of this.quantities) {
      m.mergeState(state, i);
      i += Moments.STATE_SIZE;
    }
    for (let g = 0; g < this.curveCounts.length; g++) this.curveCounts[g] = (this.curveCounts[g] as number) + (state[i + g] as number);
    return this;
  }

  toJSON(): ScenarioAccumulatorData {
    const G = this.scenario.grid.length;
    return {
      replications: this.replications,
      events: this.events,
      quantities: this.quantities.map((m) => m.toJSON()),
      curves: Object.fromEntries(this.table.curves.map((c) => [c.name, Array.from(this.curveCounts.subarray(c.offset, c.offset + G))])),
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
    data.quantities.forEach((m, q) => (acc.quantities[q] as Moments).merge(Moments.fromJSON(m)));
    for (const c of acc.table.curves) acc.curveCounts.set(data.curves[c.name] as readonly number[], c.offset);
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
