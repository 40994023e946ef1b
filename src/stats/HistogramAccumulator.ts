/**
 * A histogram metric over replications: pooled bin counts and the exact sums that the ratio
 * estimator of the CDF needs at every bin edge, for quantiles with Woodruff intervals; merging is
 * exact and order-free.
 */
import { FaultlineError, invalidParameter } from '../errors.js';
import { BIN_COUNT, lowerEdge, upperEdge, withinBin } from './LogHistogram.js';
import { ratioStatistics, tCritical } from './ratioEstimator.js';

/** The plain-data form of a {@link HistogramAccumulator}: counts as numbers, the larger sums as decimal integer strings. */
export interface HistogramData {
  readonly replications: number;
  /** Replications that recorded at least one value. */
  readonly observed: number;
  /** Per bin, the values pooled over replications. */
  readonly counts: readonly number[];
  /** Per bin b, Σ_r C_r(b)² over replications whose last nonempty bin is after b (C_r: the cumulative count). */
  readonly squares: readonly string[];
  /** Per bin b, Σ_r C_r(b)·n_r over the same replications (n_r: the replication's total). */
  readonly products: readonly string[];
  /** Per bin b, Σ n_r² over replications whose last nonempty bin is b. */
  readonly tails: readonly string[];
}

/**
 * The most values one replication may record in one histogram, 2^26 (67 million, 6.7 times the
 * default event budget of a replication): then C², C·n and n² are integers below 2^52, added
 * exactly in doubles.
 */
export const MAX_VALUES_PER_REPLICATION = 2 ** 26;

const TWO_32 = 2 ** 32;
const TWO_MINUS_32 = 2 ** -32;
// A pair (hi, lo) holds hi·2^32 + lo, lo in [0, 2^32): exact up to 2^85, 2^33 replications of the largest terms.
const PAIR_LIMIT = 1n << 85n;

/** One quantile of a histogram: the estimate and its Woodruff interval (NaN where there is none). */
export interface HistogramQuantile {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

/** F̂ at a bin's upper edge, with its ratio-estimator standard error. */
export interface HistogramCdfPoint {
  readonly edge: number;
  readonly estimate: number;
  readonly stdError: number;
}

/**
 * Everything about one histogram metric that a run learns, exact and mergeable. Per bin b, with
 * C_r(b) replication r's cumulative count up to and including bin b and n_r its total, the pooled
 * CDF at b's upper edge is the ratio estimator F̂(b) = Σ_r C_r(b) / Σ_r n_r (Cochran 1977, §6.4),
 * the replication the independent unit (the values within one are correlated: an outage slows many
 * queries at once); its variance needs Σ_r C_r(b)², Σ_r C_r(b)·n_r and Σ_r n_r².
 *
 * All of it is integers, kept exactly: the pooled counts in doubles (exact below 2^53 values in
 * all), the sums as pairs hi·2^32 + lo of doubles, carried at every addition (so always
 * canonical; exact below 2^85). A replication costs O(l − f) for its first and last nonempty bins
 * f and l, not O(bins): below f, C_r = 0 adds nothing; from l on, C_r = n_r adds n_r² to both
 * sums at every bin, which is recorded once at l (`tails`) and summed forward when read.
 *
 * Any split of the replications into parts merged in any order gives the same state, bit for bit.
 */
export class HistogramAccumulator {
  replications = 0;
  /** Replications with at least one value. */
  observed = 0;
  /** Per bin, the pooled counts. */
  readonly counts = new Float64Array(BIN_COUNT);
  // Pairs (hi, lo) per bin, interleaved: [2b] = hi, [2b + 1] = lo.
  readonly #squares = new Float64Array(2 * BIN_COUNT);
  readonly #products = new Float64Array(2 * BIN_COUNT);
  readonly #tails = new Float64Array(2 * BIN_COUNT);

  constructor(
    /** For messages. */
    readonly name = 'histogram',
  ) {}

  /**
   * Adds one replication's bin counts, `bins[offset … offset + BIN_COUNT)`. Allocates nothing.
   * @throws FaultlineError LIMIT beyond {@link MAX_VALUES_PER_REPLICATION} values; INVALID_ARGUMENT for a count that is not a whole number ≥ 0.
   */
  add(bins: ArrayLike<number>, offset: number): void {
    this.replications++;
    let first = -1;
    let last = -1;
    let n = 0;
    for (let b = 0; b < BIN_COUNT; b++) {
      const c = bins[offset + b] as number;
      if (c === 0) continue;
      if (!(c > 0 && c === Math.floor(c))) throw new FaultlineError('INVALID_ARGUMENT', `${this.name}: bin ${b} holds ${c}, not a count`);
      if (first < 0) first = b;
      last = b;
      n += c;
    }
    if (n === 0) return;
    if (n > MAX_VALUES_PER_REPLICATION) {
      throw new FaultlineError('LIMIT', `${this.name}: a replication recorded ${n} values, more than ${MAX_VALUES_PER_REPLICATION} (2^26) in one histogram`);
    }
    this.observed++;
    const counts = this.counts;
    let cumulative = 0;
    for (let b = first; b < last; b++) {
      const c = bins[offset + b] as number;
      counts[b] = (counts[b] as number) + c;
      cumulative += c;
      addTo(this.#squares, b, cumulative * cumulative);
      addTo(this.#products, b, cumulative * n);
    }
    counts[last] = (counts[last] as number) + (bins[offset + last] as number);
    addTo(this.#tails, last, n * n);
  }

  /** Merges `other` (the same layout) into this one, exactly. */
  merge(other: HistogramAccumulator): this {
    const state = new Float64Array(HistogramAccumulator.STATE_SIZE);
    other.writeState(state, 0);
    return this.mergeState(state, 0);
  }

  /** Number of doubles `writeState` writes. */
  static readonly STATE_SIZE = 2 + 7 * BIN_COUNT;

  /** Writes the exact (canonical) state into `into` from `offset`. */
  writeState(into: Float64Array, offset: number): void {
    into[offset] = this.replications;
    into[offset + 1] = this.observed;
    into.set(this.counts, offset + 2);
    into.set(this.#squares, offset + 2 + BIN_COUNT);
    into.set(this.#products, offset + 2 + 3 * BIN_COUNT);
    into.set(this.#tails, offset + 2 + 5 * BIN_COUNT);
  }

  /** Merges a state written by `writeState`, exactly. */
  mergeState(from: Float64Array, offset: number): this {
    this.replications += from[offset] as number;
    this.observed += from[offset + 1] as number;
    for (let b = 0; b < BIN_COUNT; b++) this.counts[b] = (this.counts[b] as number) + (from[offset + 2 + b] as number);
    mergePairs(this.#squares, from, offset + 2 + BIN_COUNT);
    mergePairs(this.#products, from, offset + 2 + 3 * BIN_COUNT);
    mergePairs(this.#tails, from, offset + 2 + 5 * BIN_COUNT);
    return this;
  }

  /** The total of the pooled counts. */
  get total(): number {
    let n = 0;
    for (let b = 0; b < BIN_COUNT; b++) n += this.counts[b] as number;
    return n;
  }

  /**
   * F̂(b) = Σ_r C_r(b) / Σ_r n_r at the upper edge of every bin, with the ratio estimator's
   * standard error (`ratioStatistics`, exact integer sums): NaN with no value, and the standard
   * error NaN with fewer than two replications. Costs O(bins) BigInt operations: read once.
   */
  cdf(): { readonly estimate: Float64Array; readonly stdError: Float64Array } {
    const estimate = new Float64Array(BIN_COUNT).fill(NaN);
    const stdError = new Float64Array(BIN_COUNT).fill(NaN);
    let sy = 0n;
    for (let b = 0; b < BIN_COUNT; b++) sy += BigInt(this.counts[b] as number);
    if (sy === 0n) return { estimate, stdError };
    let syy = 0n;
    for (let b = 0; b < BIN_COUNT; b++) syy += pairAt(this.#tails, b);
    let sx = 0n;
    let tail = 0n;
    for (let b = 0; b < BIN_COUNT; b++) {
      sx += BigInt(this.counts[b] as number);
      tail += pairAt(this.#tails, b);
      const r = ratioStatistics({ n: this.replications, sx, sy, sxx: pairAt(this.#squares, b) + tail, syy, sxy: pairAt(this.#products, b) + tail, unitExponent: 0 });
      estimate[b] = r.ratio;
      stdError[b] = r.stdError;
    }
    return { estimate, stdError };
  }

  /**
   * The p-quantile of the pooled values and its confidence interval by Woodruff's method
   * (Woodruff 1952, "Confidence intervals for medians and other position measures", JASA 47,
   * 635–646): the interval for F̂ at each bin edge, F̂ ± t·se (Student t, n − 1 df), is inverted.
   * `low` is the lower edge of the first bin whose upper-edge F̂ + t·se ≥ p, `high` the upper
   * edge of the first bin whose F̂ − t·se ≥ p; working at bin edges, the interval also covers the
   * discretisation error. The estimate is the pooled quantile, interpolated log-linearly within its
   * bin (`histogramQuantile`); it always lies in [low, high]. NaN with no value; the interval NaN
   * with fewer than two replications. `cdf`: this accumulator's `cdf()`, when already computed.
   */
  quantile(p: number, confidence: number, cdf = this.cdf()): HistogramQuantile {
    if (!(p > 0 && p < 1)) invalidParameter('p', 'a number in (0, 1)', p);
    const t = tCritical(this.replications, confidence);
    const { estimate: F, stdError: se } = cdf;
    let at = -1;
    for (let b = 0; b < BIN_COUNT; b++) {
      if ((F[b] as number) >= p) {
        at = b;
        break;
      }
    }
    if (at < 0) return { estimate: NaN, low: NaN, high: NaN };
    const below = at === 0 ? 0 : (F[at - 1] as number);
    const estimate = withinBin(at, (p - below) / ((F[at] as number) - below));
    if (!Number.isFinite(t)) return { estimate, low: NaN, high: NaN };
    let low = NaN;
    let high = NaN;
    for (let b = 0; b < BIN_COUNT; b++) {
      const half = t * (se[b] as number);
      if (Number.isNaN(low) && (F[b] as number) + half >= p) low = lowerEdge(b);
      if ((F[b] as number) - half >= p) {
        high = upperEdge(b);
        break;
      }
    }
    return { estimate, low, high };
  }

  /** Plain data that {@link HistogramAccumulator.fromJSON} restores exactly. */
  toJSON(): HistogramData {
    const strings = (pairs: Float64Array) => Array.from({ length: BIN_COUNT }, (_, b) => pairAt(pairs, b).toString());
    return {
      replications: this.replications,
      observed: this.observed,
      counts: Array.from(this.counts),
      squares: strings(this.#squares),
      products: strings(this.#products),
      tails: strings(this.#tails),
    };
  }

  /**
   * Restores an accumulator from {@link HistogramAccumulator.toJSON} output.
   * @throws FaultlineError (INVALID_PARAMETER) naming the offending field (`counts.12`, `observed`).
   */
  static fromJSON(data: HistogramData, name?: string): HistogramAccumulator {
    const h = new HistogramAccumulator(name);
    const count = (field: string, x: unknown, max = Number.MAX_SAFE_INTEGER) => {
      if (!(Number.isSafeInteger(x) && (x as number) >= 0 && (x as number) <= max)) invalidParameter(field, `an integer in [0, ${max}]`, x);
      return x as number;
    };
    h.replications = count('replications', data.replications);
    h.observed = count('observed', data.observed, h.replications);
    const arrays = { counts: data.counts, squares: data.squares, products: data.products, tails: data.tails };
    for (const [field, values] of Object.entries(arrays)) {
      if (!Array.isArray(values) || values.length !== BIN_COUNT) invalidParameter(field, `an array of ${BIN_COUNT} items`, values);
    }
    let total = 0;
    data.counts.forEach((c, b) => {
      total += count(`counts.${b}`, c);
      h.counts[b] = c;
    });
    if (!Number.isSafeInteger(total)) invalidParameter('counts', 'counts whose total is below 2^53', total);
    if ((total === 0) !== (h.observed === 0)) invalidParameter('observed', total === 0 ? '0 with no value counted' : 'at least 1 with values counted', h.observed);
    const pairs = (field: string, texts: readonly string[], into: Float64Array) =>
      texts.forEach((text, b) => {
        if (typeof text !== 'string' || !/^\d{1,26}$/.test(text) || BigInt(text) >= PAIR_LIMIT) invalidParameter(`${field}.${b}`, 'a decimal integer in [0, 2^85)', text);
        const v = BigInt(text);
        into[2 * b] = Number(v >> 32n);
        into[2 * b + 1] = Number(v & 0xffffffffn);
      });
    pairs('squares', data.squares, h.#squares);
    pairs('products', data.products, h.#products);
    pairs('tails', data.tails, h.#tails);
    return h;
  }
}

/** Adds the integer v ∈ [0, 2^52) to pair b, carrying so that lo stays in [0, 2^32). */
function addTo(pairs: Float64Array, b: number, v: number): void {
  const lo = (pairs[2 * b + 1] as number) + v; // < 2^53: exact
  const carry = Math.floor(lo * TWO_MINUS_32);
  pairs[2 * b] = (pairs[2 * b] as number) + carry;
  pairs[2 * b + 1] = lo - carry * TWO_32;
}

function mergePairs(pairs: Float64Array, from: Float64Array, offset: number): void {
  for (let b = 0; b < BIN_COUNT; b++) {
    pairs[2 * b] = (pairs[2 * b] as number) + (from[offset + 2 * b] as number);
    addTo(pairs, b, from[offset + 2 * b + 1] as number);
  }
}

function pairAt(pairs: Float64Array, b: number): bigint {
  return (BigInt(pairs[2 * b] as number) << 32n) + BigInt(pairs[2 * b + 1] as number);
}
