/** Everything a run learns about a scenario, in exact mergeable accumulators: what chunks, workers and shards combine. */
import { FaultlineError, describeValue } from '../errors.js';
import type { Quantity } from '../sim/kernel/MetricRegistry.js';
import type { Scenario } from '../scenario/validateScenario.js';
import { ExactSum } from '../stats/ExactSum.js';
import { HistogramAccumulator, type HistogramData } from '../stats/HistogramAccumulator.js';
import { Moments, type MomentsData } from '../stats/Moments.js';
import { boundedValue, metricTable, type MetricTable } from './metricTable.js';

export interface ScenarioAccumulatorData {
  readonly replications: number;
  readonly events: number;
  /** One per quantity of the scenario's metric table, in its order. */
  readonly quantities: readonly MomentsData[];
  /** Per curve of the table (`<service>.point_availability`, `<service>.reliability`): replications at 1, per grid time. */
  readonly curves: Readonly<Record<string, readonly number[]>>;
  /** Per ratio metric (present when the table has any): Σ_r x_r·y_r in units of 2^-1074, as a decimal integer. */
  readonly ratios?: Readonly<Record<string, string>>;
  /** Per histogram (present when the table has any): its exact accumulator. */
  readonly histograms?: Readonly<Record<string, HistogramData>>;
}

/** What `ScenarioAccumulator.add` reads of a finished replication (a `Simulation` is one). */
export interface ReplicationOutput {
  /** Each quantity slot's value. */
  readonly values: ArrayLike<number>;
  /** 0/1 per curve × grid time. */
  readonly curves: ArrayLike<number>;
  /** Bin counts per histogram (BIN_COUNT each). */
  readonly histograms: ArrayLike<number>;
  readonly metricEvents: number;
}

/**
 * One exact `Moments` per quantity of the scenario's metric table (`metricTable`), and per curve
 * the replications at 1 at each grid time; per ratio metric the exact cross sum Σ_r x_r·y_r of its
 * numerator and denominator (each product added exactly, `ExactSum.addProduct`), which with their
 * Moments gives the ratio estimator's variance; per histogram a `HistogramAccumulator`. All sums
 * are exact (Moments, ExactSum, integer counts), so merging is exact and order-free: any split of
 * the replications into chunks, workers or shards gives the same bits.
 */
export class ScenarioAccumulator {
  replications = 0;
  events = 0;
  readonly table: MetricTable;
  /** Per quantity of the table. */
  readonly quantities: Moments[];
  /** Per curve × grid time (curve-major, in the table's curve order). */
  readonly curveCounts: Float64Array;
  /** The indices in the table's `metrics` of its ratio metrics, in order. */
  readonly ratioMetrics: readonly number[];
  /** Per ratio metric (`ratioMetrics` order): Σ_r x_r·y_r, exactly. */
  readonly crossSums: ExactSum[];
  /** Per histogram of the table, in its order. */
  readonly histograms: HistogramAccumulator[];
  private readonly scenario: Scenario;

  /** `table`: the scenario's metric table, when the caller has it (a worker's compiled simulation). */
  constructor(scenario: Scenario, table: MetricTable = metricTable(scenario)) {
    this.scenario = scenario;
    this.table = table;
    this.quantities = table.quantities.map(() => new Moments());
    this.curveCounts = new Float64Array(table.curves.length * scenario.grid.length);
    this.ratioMetrics = table.metrics.flatMap((m, i) => (m.estimator.type === 'ratio' ? [i] : []));
    this.crossSums = this.ratioMetrics.map(() => new ExactSum());
    this.histograms = table.histograms.map((h) => new HistogramAccumulator(h.name));
  }

  /** The exact cross sum Σ_r x_r·y_r of ratio metric `name`. */
  crossSum(name: string): ExactSum {
    const i = this.table.indexOf(name);
    const r = i === undefined ? -1 : this.ratioMetrics.indexOf(i);
    if (r < 0) throw new FaultlineError('INVALID_ARGUMENT', `metric: expected a ratio metric (${this.ratioMetrics.map((m) => this.table.metrics[m]?.name).join(', ') || 'none'}), got ${JSON.stringify(name)}`);
    return this.crossSums[r] as ExactSum;
  }

  /** The accumulator of histogram `name`. */
  histogram(name: string): HistogramAccumulator {
    const h = this.table.histograms.findIndex((x) => x.name === name);
    if (h < 0) throw new FaultlineError('INVALID_ARGUMENT', `histogram: expected one of ${this.table.histograms.map((x) => x.name).join(', ') || 'none'}, got ${JSON.stringify(name)}`);
    return this.histograms[h] as HistogramAccumulator;
  }

  /**
   * The accumulator of the quantity behind metric `name` (as in summary.csv), with the metric: for
   * a ratio, its numerator's; for a quantile, which has no quantity, an empty Moments (read its
   * histogram with `histogram`).
   */
  of(name: string): { readonly moments: Moments; readonly metric: MetricTable['metrics'][number] } {
    const i = this.table.indexOf(name);
    if (i === undefined) throw new FaultlineError('INVALID_ARGUMENT', `metric: expected one of ${this.table.metrics.map((m) => m.name).join(', ')}, got ${JSON.stringify(name)}`);
    const metric = this.table.metrics[i] as MetricTable['metrics'][number];
    return { moments: this.quantities[metric.quantity] ?? new Moments(), metric };
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
  add(simulation: ReplicationOutput): void {
    const quantities = this.table.quantities;
    const values = simulation.values;
    this.replications++;
    this.events += simulation.metricEvents;
    for (let q = 0; q < quantities.length; q++) (this.quantities[q] as Moments).add(boundedValue(quantities[q] as Quantity, values[q] as number));
    const curves = simulation.curves;
    for (let i = 0; i < curves.length; i++) this.curveCounts[i] = (this.curveCounts[i] as number) + (curves[i] as number);
    const ratios = this.ratioMetrics;
    for (let r = 0; r < ratios.length; r++) {
      const e = (this.table.metrics[ratios[r] as number] as MetricTable['metrics'][number]).estimator as { numerator: number; denominator: number };
      const x = boundedValue(quantities[e.numerator] as Quantity, values[e.numerator] as number);
      const y = boundedValue(quantities[e.denominator] as Quantity, values[e.denominator] as number);
      (this.crossSums[r] as ExactSum).addProduct(x, y);
    }
    const histograms = this.table.histograms;
    for (let h = 0; h < histograms.length; h++) (this.histograms[h] as HistogramAccumulator).add(simulation.histograms, (histograms[h] as (typeof histograms)[number]).offset);
  }

  /** Adds another accumulator of the same scenario, exactly. */
  merge(other: ScenarioAccumulator): this {
    this.replications += other.replications;
    this.events += other.events;
    this.quantities.forEach((m, q) => m.merge(other.quantities[q] as Moments));
    for (let i = 0; i < this.curveCounts.length; i++) this.curveCounts[i] = (this.curveCounts[i] as number) + (other.curveCounts[i] as number);
    this.crossSums.forEach((s, r) => s.merge(other.crossSums[r] as ExactSum));
    this.histograms.forEach((h, i) => h.merge(other.histograms[i] as HistogramAccumulator));
    return this;
  }

  /**
   * The exact state as one Float64Array: what a worker sends back per chunk. Cheaper than
   * `toJSON` (no BigInt), and transferable between threads without copying.
   */
  toState(): Float64Array {
    const state = new Float64Array(
      2 + this.quantities.length * Moments.STATE_SIZE + this.curveCounts.length + this.crossSums.length * ExactSum.STATE_SIZE + this.histograms.length * HistogramAccumulator.STATE_SIZE,
    );
    state[0] = this.replications;
    state[1] = this.events;
    let i = 2;
    for (const m of this.quantities) {
      m.writeState(state, i);
      i += Moments.STATE_SIZE;
    }
    state.set(this.curveCounts, i);
    i += this.curveCounts.length;
    for (const s of this.crossSums) {
      s.writeState(state, i);
      i += ExactSum.STATE_SIZE;
    }
    for (const h of this.histograms) {
      h.writeState(state, i);
      i += HistogramAccumulator.STATE_SIZE;
    }
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
    i += this.curveCounts.length;
    for (const s of this.crossSums) {
      s.mergeState(state, i);
      i += ExactSum.STATE_SIZE;
    }
    for (const h of this.histograms) {
      h.mergeState(state, i);
      i += HistogramAccumulator.STATE_SIZE;
    }
    return this;
  }

  toJSON(): ScenarioAccumulatorData {
    const G = this.scenario.grid.length;
    return {
      replications: this.replications,
      events: this.events,
      quantities: this.quantities.map((m) => m.toJSON()),
      curves: Object.fromEntries(this.table.curves.map((c) => [c.name, Array.from(this.curveCounts.subarray(c.offset, c.offset + G))])),
      // Only where the table has them: a scenario without is written as before.
      ...(this.crossSums.length === 0
        ? {}
        : { ratios: Object.fromEntries(this.ratioMetrics.map((m, r) => [(this.table.metrics[m] as MetricTable['metrics'][number]).name, (this.crossSums[r] as ExactSum).toBigInt().toString()])) }),
      ...(this.histograms.length === 0 ? {} : { histograms: Object.fromEntries(this.table.histograms.map((h, i) => [h.name, (this.histograms[i] as HistogramAccumulator).toJSON()])) }),
    };
  }

  /**
   * Restores an accumulator from `toJSON` output for `scenario`, checked first against the shape
   * of this scenario's own `toJSON` (see `shapeProblem`): the one schema of an accumulator's data,
   * so a field added to `toJSON` is checked with no other edit.
   * @param where how to name `data` in errors (`parts/0/partial.json: accumulator`).
   * @param table the scenario's metric table, when the caller has it (as in the constructor).
   * @throws FaultlineError INVALID_ARGUMENT naming the path of the first field that does not fit.
   */
  static fromJSON(scenario: Scenario, input: unknown, where = 'accumulator', table: MetricTable = metricTable(scenario)): ScenarioAccumulator {
    const problem = shapeProblem(new ScenarioAccumulator(scenario, table).toJSON(), input, where);
    if (problem !== undefined) throw new FaultlineError('INVALID_ARGUMENT', problem);
    const data = input as ScenarioAccumulatorData;
    const acc = new ScenarioAccumulator(scenario, table);
    acc.replications = data.replications;
    acc.events = data.events;
    data.quantities.forEach((m, q) => (acc.quantities[q] as Moments).merge(Moments.fromJSON(m)));
    for (const c of acc.table.curves) acc.curveCounts.set(data.curves[c.name] as readonly number[], c.offset);
    acc.ratioMetrics.forEach((m, r) => (acc.crossSums[r] as ExactSum).setBigInt(BigInt((data.ratios as Record<string, string>)[(acc.table.metrics[m] as MetricTable['metrics'][number]).name] as string)));
    acc.table.histograms.forEach((h, i) => (acc.histograms[i] as HistogramAccumulator).merge(HistogramAccumulator.fromJSON((data.histograms as Record<string, HistogramData>)[h.name] as HistogramData, h.name)));
    return acc;
  }
}

/** The fields of a Moments' data: an object with exactly these is checked by Moments.fromJSON, which owns their rules. */
const MOMENTS_KEYS = Object.keys(new Moments().toJSON()).sort().join();
/** The fields of a histogram's data, checked by HistogramAccumulator.fromJSON likewise. */
const HISTOGRAM_KEYS = Object.keys(new HistogramAccumulator().toJSON()).sort().join();

/**
 * Where `value` does not have the shape of `template` (an accumulator's `toJSON` for the same
 * scenario), as `path: expected …, got …`, or undefined. The same fields and array lengths;
 * where the template has a number, a count (a non-negative integer); a string, a decimal
 * integer; null, null or a finite number. A Moments' data (an object with MOMENTS_KEYS) must
 * have exactly its fields, whose values Moments.fromJSON then checks; a histogram's (HISTOGRAM_KEYS)
 * likewise with HistogramAccumulator.fromJSON. It recurses on the
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
  const keys = Object.keys(fields).sort().join();
  if (keys === MOMENTS_KEYS || keys === HISTOGRAM_KEYS) {
    try {
      if (keys === MOMENTS_KEYS) Moments.fromJSON(given as unknown as MomentsData);
      else HistogramAccumulator.fromJSON(given as unknown as HistogramData);
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
