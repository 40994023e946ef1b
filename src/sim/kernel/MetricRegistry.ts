/** The metrics a plan measures, each declared once by the module that feeds it: what every writer and accumulator iterates. */
import { FaultlineError } from '../../errors.js';
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
 * exact binomial interval; a `peak` is the largest d of any replication, with no interval.
 */
export interface Metric {
  readonly name: string;
  readonly unit: string;
  readonly kind: MetricKind;
  /** Its quantity's slot. */
  readonly quantity: number;
  readonly estimator:
    | { readonly type: 'mean'; readonly offset: number; readonly scale: number }
    | { readonly type: 'share'; readonly of: 'nonzero' | 'zero' }
    | { readonly type: 'peak' };
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

/** A module's way to declare what it measures; every declaration returns the slot it writes. */
export class MetricRegistry {
  readonly quantities: Quantity[] = [];
  readonly metrics: Metric[] = [];
  readonly curves: Curve[] = [];
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
