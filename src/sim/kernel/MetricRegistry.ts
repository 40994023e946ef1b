/** The metrics a plan measures, each declared once by the module that feeds it: what every writer and accumulator iterates. */
import { FaultlineError } from '../../errors.js';
import { BIN_COUNT } from '../../stats/LogHistogram.js';
import type { MeanSupport } from '../../stats/meanEstimate.js';

/**
 * A per-replication quantity, one slot of the simulation's `values`, written by its module at the
 * end of each replication. It is measured as its distance d ≥ 0 from the value a reliable system
 * takes in most replications (no downtime, no outage, a window always up, not failed by the
 * horizon), so that the low-information bounds see the zeros they are built for.
 */
export interface Quantity {
  /** Names it in partial results and messages. */
  readonly key: string;
  /** d lies in [0, support.range]. */
  readonly support: MeanSupport;
}

/** What a metric measures, for its interval's support and for readers. */
export type MetricKind = 'fraction' | 'duration' | 'count' | 'proportion';

/**
 * One reported metric: a row of summary.csv, a column of replications.csv. A `mean` is
 * offset + scale·E[d], its interval mapped the same way (a negative scale swaps the bounds); a
 * `share` is the proportion of replications with d ≠ 0 (`nonzero`) or d = 0 (`zero`), with an
 * exact binomial interval; a `peak` is the largest d of any replication, with no interval; a
 * `ratio` is the ratio estimator scale·Σ_r x_r / Σ_r y_r of two quantities over replications, with
 * a delta-method Student-t interval; a `quantile` is the p-quantile of a histogram's values pooled
 * over replications, with Woodruff's interval.
 */
export interface Metric {
  readonly name: string;
  readonly unit: string;
  readonly kind: MetricKind;
  /** Its quantity's slot (a ratio's numerator; −1 for a quantile, which has none). */
  readonly quantity: number;
  readonly estimator:
    | { readonly type: 'mean'; readonly offset: number; readonly scale: number }
    | { readonly type: 'share'; readonly of: 'nonzero' | 'zero' }
    | { readonly type: 'peak' }
    /** scale·Σx/Σy, x and y the quantity slots `numerator` and `denominator`. */
    | { readonly type: 'ratio'; readonly numerator: number; readonly denominator: number; readonly scale: number }
    /** The p-quantile of histogram `histogram` (its index in `histograms`). */
    | { readonly type: 'quantile'; readonly histogram: number; readonly p: number };
  /** What it means, for results/README.md and `--json`. */
  readonly description: string;
}

/** A per-grid-point indicator (0/1 at each grid time): a curve of timeseries.csv, a proportion at each time. */
export interface Curve {
  /** `<service>.point_availability`, `<service>.reliability`. */
  readonly name: string;
  /** Its first slot in the simulation's `curves` (one per grid time). */
  readonly offset: number;
}

/**
 * A histogram of per-observation values (query latencies): per replication, counts in the fixed
 * log-spaced bins of `stats/LogHistogram` (BIN_COUNT of them), in the simulation's `histograms`
 * from `offset`. It is reported as the quantiles {@link HISTOGRAM_QUANTILES}.
 */
export interface Histogram {
  readonly name: string;
  readonly unit: string;
  /** Its first slot in `histograms` (BIN_COUNT slots). */
  readonly offset: number;
  readonly description: string;
  /** The indices in `metrics` of its quantiles, in HISTOGRAM_QUANTILES order. */
  readonly metrics: readonly number[];
}

/** The quantiles reported per histogram, with their metric suffixes: `<name>.p50` … `<name>.p999`. */
export const HISTOGRAM_QUANTILES: readonly { readonly suffix: string; readonly p: number }[] = [
  { suffix: 'p50', p: 0.5 },
  { suffix: 'p90', p: 0.9 },
  { suffix: 'p95', p: 0.95 },
  { suffix: 'p99', p: 0.99 },
  { suffix: 'p999', p: 0.999 },
];

/** A module's way to declare what it measures; every declaration returns the slot it writes. */
export class MetricRegistry {
  readonly quantities: Quantity[] = [];
  readonly metrics: Metric[] = [];
  readonly curves: Curve[] = [];
  readonly histograms: Histogram[] = [];
  private readonly names = new Map<string, number>();

  constructor(
    /** Grid times per curve. */
    readonly points: number,
  ) {}

  /** A quantity; returns its slot in `values`. */
  quantity(key: string, support: MeanSupport): number {
    return this.quantities.push({ key, support }) - 1;
  }

  /** A reported metric of quantity slot `quantity`. */
  metric(metric: Metric): void {
    if (this.names.has(metric.name)) throw new FaultlineError('INVALID_ARGUMENT', `metric ${metric.name} is declared twice`);
    this.names.set(metric.name, this.metrics.push(metric) - 1);
  }

  /** A mean: offset + scale·E[d]. */
  mean(name: string, unit: string, kind: MetricKind, quantity: number, offset: number, scale: number, description: string): void {
    this.metric({ name, unit, kind, quantity, estimator: { type: 'mean', offset, scale }, description });
  }

  /** A proportion of replications: d ≠ 0 (`nonzero`) or d = 0 (`zero`). */
  share(name: string, quantity: number, of: 'nonzero' | 'zero', description: string): void {
    this.metric({ name, unit: '1', kind: 'proportion', quantity, estimator: { type: 'share', of }, description });
  }

  /**
   * A ratio: scale·Σ_r x_r / Σ_r y_r over replications r, x and y the quantity slots `numerator`
   * and `denominator` (a success ratio: succeeded / measured queries; a mean latency: latency sum /
   * successes). The replication is the independent unit, so the interval accounts for the
   * correlation of observations within one (`stats/ratioEstimator`). A proportion or fraction
   * kind keeps its interval in [0, 1].
   * @throws FaultlineError INVALID_ARGUMENT for a slot that is not a quantity or a scale that is not finite.
   */
  ratio(name: string, unit: string, kind: MetricKind, numerator: number, denominator: number, scale: number, description: string): void {
    for (const slot of [numerator, denominator]) {
      if (!(Number.isInteger(slot) && slot >= 0 && slot < this.quantities.length)) throw new FaultlineError('INVALID_ARGUMENT', `metric ${name}: ${slot} is not a quantity slot`);
    }
    if (!Number.isFinite(scale)) throw new FaultlineError('INVALID_ARGUMENT', `metric ${name}: scale must be finite, got ${scale}`);
    this.metric({ name, unit, kind, quantity: numerator, estimator: { type: 'ratio', numerator, denominator, scale }, description });
  }

  /**
   * A histogram of values (latencies, in `unit`), reported as the metrics `<name>.p50`, `.p90`,
   * `.p95`, `.p99` and `.p999` (kind `duration`, estimator `quantile`, quantity −1). Returns its
   * base slot in the simulation's `histograms`: the module counts a value x with
   * `kernel.histograms[base + binOf(x)] += 1` (stats/LogHistogram; about 12 ns, no allocation).
   * At most 2^26 values per replication (`MAX_VALUES_PER_REPLICATION`); accumulating a replication
   * costs O(bins between its smallest and largest value), a few µs.
   * @throws FaultlineError INVALID_ARGUMENT when the name, or one of its quantiles', is taken.
   */
  histogram(name: string, unit: string, description: string): number {
    if (this.names.has(name) || this.histograms.some((h) => h.name === name)) throw new FaultlineError('INVALID_ARGUMENT', `metric ${name} is declared twice`);
    const index = this.histograms.length;
    const metrics = HISTOGRAM_QUANTILES.map(({ suffix, p }) => {
      this.metric({ name: `${name}.${suffix}`, unit, kind: 'duration', quantity: -1, estimator: { type: 'quantile', histogram: index, p }, description: `the ${p} quantile of ${description}` });
      return this.metrics.length - 1;
    });
    const offset = index * BIN_COUNT;
    this.histograms.push({ name, unit, offset, description, metrics });
    return offset;
  }

  /** A curve; returns its first slot in `curves`. */
  curve(name: string): number {
    const offset = this.curves.length * this.points;
    this.curves.push({ name, offset });
    return offset;
  }

  /** The index of metric `name` in `metrics`, or undefined. */
  indexOf(name: string): number | undefined {
    return this.names.get(name);
  }
}
