/** Turns a run's accumulators into estimates with intervals: the rows of summary.csv, timeseries.csv and `run --json`. */
import type { SummaryRow, TimeseriesRow } from '../io/csv.js';
import type { Scenario } from '../scenario/validateScenario.js';
import { FaultlineError } from '../errors.js';
import type { HistogramAccumulator } from '../stats/HistogramAccumulator.js';
import { clopperPearsonInterval } from '../stats/intervals.js';
import { LOW_INFORMATION_COUNT } from '../stats/lowInformation.js';
import { binOf, lowerEdge, upperEdge } from '../stats/LogHistogram.js';
import { meanEstimate } from '../stats/meanEstimate.js';
import type { Moments } from '../stats/Moments.js';
import { ratioStatistics, tCritical } from '../stats/ratioEstimator.js';
import type { Metric } from '../sim/kernel/MetricRegistry.js';
import type { ScenarioAccumulator } from './ScenarioAccumulator.js';

/** One metric's estimate: what a summary row, a JSON entry and a cross-check start from. */
export interface MetricEstimate {
  readonly metric: string;
  readonly unit: string;
  readonly kind: Metric['kind'];
  readonly estimate: number;
  /** NaN where there is none (a peak; fewer than two replications). */
  readonly stdError: number;
  /** NaN where there is no interval (a peak). */
  readonly low: number;
  readonly high: number;
  readonly confidence: number;
  /** The interval is a bound from fewer than 30 replications off the usual value (null: no interval). */
  readonly lowInformation: boolean | null;
  /** How the interval was made: hall, stringer, garwood, clopper-pearson, delta-t (a ratio), woodruff (a quantile), or none. */
  readonly method: string;
}

/** A proportion of n with its exact (Clopper–Pearson) interval, low-information when the rarer outcome is seen fewer than 30 times. */
export function proportionEstimate(successes: number, n: number, confidence: number) {
  const i = clopperPearsonInterval(successes, n, confidence);
  return { estimate: successes / n, stdError: i.stdError, low: i.low, high: i.high, lowInformation: Math.min(successes, n - successes) < LOW_INFORMATION_COUNT };
}

/** A ratio metric's estimate scale·Σx/Σy over replications, with its delta-method standard error (`ratioStatistics`). */
export interface RatioEstimate {
  readonly estimate: number;
  /** NaN with fewer than two replications or Σy = 0. */
  readonly stdError: number;
  /** Replications n (the test's degrees of freedom are n − 1). */
  readonly replications: number;
  /** Replications whose denominator was not 0: those that carry information. */
  readonly nonzero: number;
}

/**
 * The estimate of ratio metric `name` (scale·Σ_r x_r / Σ_r y_r) and its standard error
 * |scale|·√(Σ_r (x_r − R̂y_r)² / (n(n−1)ȳ²)) (Cochran 1977, §6.4), from the run's exact sums: for
 * cross-checks (a `normal` Evidence with df = replications − 1).
 * @throws FaultlineError INVALID_ARGUMENT when `name` is not a ratio metric of the run.
 */
export function ratioEstimate(acc: ScenarioAccumulator, name: string): RatioEstimate {
  const { metric } = acc.of(name);
  const e = metric.estimator;
  if (e.type !== 'ratio') throw new FaultlineError('INVALID_ARGUMENT', `metric: ${name} is a ${e.type}, not a ratio`);
  const x = acc.quantities[e.numerator] as Moments;
  const y = acc.quantities[e.denominator] as Moments;
  const r = ratioStatistics({ n: y.count, sx: x.exactSum, sy: y.exactSum, sxx: x.exactSumSquares, syy: y.exactSumSquares, sxy: acc.crossSum(name).toBigInt(), unitExponent: -1074 });
  return { estimate: e.scale * r.ratio, stdError: Math.abs(e.scale) * r.stdError, replications: y.count, nonzero: y.nonzero };
}

/** F̂ at a bin edge of a histogram metric, with its standard error: see {@link histogramCdf}. */
export interface HistogramCdfEstimate {
  /** The bin edge nearest to the x asked for. */
  readonly edge: number;
  /** The pooled fraction of values below `edge` (exact from the counts: a bin is [lower, upper)). */
  readonly estimate: number;
  /** The ratio estimator's standard error (NaN with fewer than two replications). */
  readonly stdError: number;
  /** Replications n (the test's degrees of freedom are n − 1). */
  readonly replications: number;
}

/**
 * The pooled CDF of histogram `name` at the bin edge nearest to `x` (or on the side asked for) (0, or 2^-40 … 2^14 of
 * stats/LogHistogram): F̂(edge) = Σ_r C_r / Σ_r n_r with C_r replication r's values below the
 * edge, with no interpolation, and its ratio-estimator standard error (`HistogramAccumulator`):
 * for cross-checks against an analytic latency CDF (a `normal` Evidence with df = replications − 1).
 * NaN estimate when the run recorded no value.
 * @throws FaultlineError INVALID_ARGUMENT when `name` is not a histogram of the run, or `x` is not a number ≥ 0.
 */
export function histogramCdf(acc: ScenarioAccumulator, name: string, x: number, side: 'nearest' | 'atOrBelow' | 'atOrAbove' = 'nearest'): HistogramCdfEstimate {
  const h = acc.histogram(name);
  if (!(x >= 0)) throw new FaultlineError('INVALID_ARGUMENT', `x: expected a number >= 0, got ${x}`);
  const b = binOf(x);
  const low = lowerEdge(b);
  const high = upperEdge(b);
  // The edge e is the upper edge of bin `below` (e = 0: of no bin); `side` asks for the nearest
  // edge, or the nearest at or below x (low), or at or above it (high; x itself when it is an edge).
  const nearest = high === Infinity || x - low <= high - x ? b - 1 : b;
  const below = side === 'nearest' ? nearest : side === 'atOrBelow' || x === low ? b - 1 : high === Infinity ? b - 1 : b;
  const edge = below < 0 ? 0 : upperEdge(below);
  if (h.total === 0) return { edge, estimate: NaN, stdError: NaN, replications: h.replications };
  if (below < 0) return { edge, estimate: 0, stdError: h.replications < 2 ? NaN : 0, replications: h.replications };
  const cdf = h.cdf();
  return { edge, estimate: cdf.estimate[below] as number, stdError: cdf.stdError[below] as number, replications: h.replications };
}

/** The support a metric's interval is clipped to. */
function supportOf(metric: Metric, scale: number): [number, number] {
  if (metric.kind === 'proportion' || metric.kind === 'fraction') return [0, 1];
  return scale >= 0 ? [0, Infinity] : [-Infinity, 0];
}

/** The estimate of one metric of the table. `cdf`: the histogram's CDF for a quantile, when the caller has it. */
export function estimateMetric(acc: ScenarioAccumulator, metric: Metric, confidence: number, cdf?: ReturnType<HistogramAccumulator['cdf']>): MetricEstimate {
  const base = { metric: metric.name, unit: metric.unit, kind: metric.kind, confidence };
  const none = { ...base, estimate: NaN, stdError: NaN, low: NaN, high: NaN, lowInformation: null, method: 'none' };
  const e = metric.estimator;
  if (e.type === 'quantile') {
    const h = acc.histograms[e.histogram] as HistogramAccumulator;
    const total = h.total;
    if (total === 0) return none;
    const q = h.quantile(e.p, confidence, cdf);
    const lowInformation = h.observed < LOW_INFORMATION_COUNT || total * Math.min(e.p, 1 - e.p) < LOW_INFORMATION_COUNT || Number.isNaN(q.low);
    return { ...base, estimate: q.estimate, stdError: NaN, low: q.low, high: q.high, lowInformation, method: 'woodruff' };
  }
  if (e.type === 'ratio') {
    const r = ratioEstimate(acc, metric.name);
    if (r.replications === 0) return none;
    const [min, max] = supportOf(metric, e.scale);
    const x = acc.quantities[e.numerator] as Moments;
    const y = acc.quantities[e.denominator] as Moments;
    // No replication had any of the denominator (a breaker never half-open): no estimate.
    if (y.nonzero === 0) return none;
    // A proportion never seen (or seen in every query) has no spread to measure: each replication
    // is then one trial, which an event anywhere in it could have filled (an outage failing all of
    // its queries), and the bound is Clopper–Pearson's for 0 (or R) of R. It assumes nothing of how
    // events cluster within a replication.
    const edge = max === 1 && e.scale === 1 && (x.nonzero === 0 || x.exactSum === y.exactSum);
    if (edge && y.nonzero > 0) {
      const i = clopperPearsonInterval(x.nonzero === 0 ? 0 : y.nonzero, y.nonzero, confidence);
      return { ...base, estimate: r.estimate, stdError: r.stdError, low: i.low, high: i.high, lowInformation: true, method: 'clopper-pearson (replications)' };
    }
    const half = tCritical(r.replications, confidence) * r.stdError;
    const low = Math.min(max, Math.max(min, r.estimate - half));
    const high = Math.max(min, Math.min(max, r.estimate + half));
    const informative = Math.min(r.nonzero, x.nonzero);
    // No spread at all (every replication the same ratio, a deterministic law) is not a bound from few events.
    return { ...base, estimate: r.estimate, stdError: r.stdError, low, high, lowInformation: (informative < LOW_INFORMATION_COUNT && half !== 0) || !Number.isFinite(half), method: 'delta-t' };
  }
  const moments = acc.quantities[metric.quantity];
  if (moments === undefined || moments.count === 0) return none;
  if (e.type === 'peak') return { ...none, estimate: moments.max };
  if (e.type === 'share') {
    const n = moments.count;
    const p = proportionEstimate(e.of === 'nonzero' ? moments.nonzero : n - moments.nonzero, n, confidence);
    return { ...base, ...p, method: 'clopper-pearson' };
  }
  const support = (acc.table.quantities[metric.quantity] as (typeof acc.table.quantities)[number]).support;
  const m = meanEstimate(moments, support, confidence);
  const map = (d: number) => e.offset + e.scale * d;
  const [low, high] = e.scale >= 0 ? [map(m.low), map(m.high)] : [map(m.high), map(m.low)];
  return { ...base, estimate: map(m.estimate), stdError: Math.abs(e.scale) * m.stdError, low, high, lowInformation: m.lowInformation, method: m.method };
}

/** Every metric's estimate, in the table's order: services (scenario order), groups, crews, then what later modules declare. */
export function estimateAll(acc: ScenarioAccumulator, confidence: number): MetricEstimate[] {
  // Each histogram's CDF once, for its five quantiles.
  const cdfs = new Map<number, ReturnType<HistogramAccumulator['cdf']>>();
  return acc.table.metrics.map((m) => {
    const e = m.estimator;
    if (e.type !== 'quantile') return estimateMetric(acc, m, confidence);
    let cdf = cdfs.get(e.histogram);
    if (cdf === undefined) cdfs.set(e.histogram, (cdf = (acc.histograms[e.histogram] as HistogramAccumulator).cdf()));
    return estimateMetric(acc, m, confidence, cdf);
  });
}

/** One summary row per metric, in the table's order. */
export function summaryRows(scenario: Scenario, acc: ScenarioAccumulator, seed: number, confidence: number): SummaryRow[] {
  return estimateAll(acc, confidence).map((e) => ({
    scenario: scenario.name,
    seed,
    replications: acc.replications,
    metric: e.metric,
    estimate: e.estimate,
    std_error: e.stdError,
    ci_low: e.low,
    ci_high: e.high,
    confidence: e.lowInformation === null ? undefined : confidence,
    low_information: e.lowInformation === null ? undefined : String(e.lowInformation),
    analytic: undefined,
    z_score: undefined,
    verdict: undefined,
  }));
}

/** Every curve of the table (point availability, reliability) at every grid time, with exact binomial intervals. */
export function timeseriesRows(scenario: Scenario, acc: ScenarioAccumulator, seed: number, confidence: number): TimeseriesRow[] {
  const n = acc.replications;
  return acc.table.curves.flatMap((c) =>
    scenario.grid.map((t, g) => {
      const p = proportionEstimate(acc.curveCounts[c.offset + g] as number, n, confidence);
      return {
        scenario: scenario.name,
        seed,
        t_hours: t,
        metric: c.name,
        estimate: p.estimate,
        ci_low: p.low,
        ci_high: p.high,
        low_information: String(p.lowInformation),
        analytic: undefined,
      };
    }),
  );
}
