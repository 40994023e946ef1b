/** A mergeable accumulator of count, mean, variance, min and max whose merge is exact: parts merged in any order equal one pass, bit for bit. */

import { FaultlineError, describeValue, invalidParameter } from '../errors.js';
import { EXACT_SUM_UNIT_EXPONENT, ExactSum, bigIntToDouble } from './ExactSum.js';

/** The plain-data form of a {@link Moments} accumulator: exact sums as decimal integer strings. */
export interface MomentsData {
  readonly count: number;
  /** Σx in units of 2^-1074, as a decimal integer. */
  readonly sum: string;
  /** Σx² in units of 2^-1074, as a decimal integer. */
  readonly sumSquares: string;
  readonly min: number | null;
  readonly max: number | null;
}

// Veltkamp's splitter for binary64 (2^27 + 1).
const SPLITTER = 134217729;
// Beyond this, x² overflows a double; no metric of faultline comes near it.
const MAX_MAGNITUDE = 2 ** 511;
const GUARD_BITS = 64n;

/**
 * Count, Σx and Σx², with both sums kept exactly ({@link ExactSum}); each square enters as the
 * exact pair x² = p + e (Dekker 1971, TwoProduct with Veltkamp's split), exact for
 * |x| ≥ 2^-458. The mean and the sum of squared deviations M2 = Σx² − (Σx)²/n are then
 * computed once, from the exact integers, with BigInt arithmetic: no cancellation (the problem
 * Welford's recurrence exists to avoid) and a single final rounding.
 *
 * Because the state is exact, merging is exact (Chan, Golub & LeVeque's pairwise formula holds
 * with no rounding at all): accumulators of parts merged in any grouping and any order are
 * identical, bit for bit, to the one-pass accumulator. Welford's floating-point recurrence
 * cannot promise that; this is what lets runs split across workers and shards agree exactly.
 *
 * Reading `mean` or `variance` costs a few microseconds of BigInt work (cached until the next
 * `add`); adding costs a few tens of nanoseconds and allocates nothing.
 *
 * @example
 * const m = new Moments();
 * for (const x of [1, 2, 3, 4]) m.add(x);
 * m.mean; // 2.5
 * m.variance; // 1.6666666666666667
 */
export class Moments {
  #count = 0;
  readonly #sum = new ExactSum();
  readonly #sumSquares = new ExactSum();
  #min = Infinity;
  #max = -Infinity;
  #cached = false;
  #mean = NaN;
  #m2 = NaN;

  /**
   * Adds one observation.
   * @throws FaultlineError (INVALID_PARAMETER) naming `x` if it is NaN, infinite or beyond ±2^511.
   */
  add(x: number): this {
    if (!(Math.abs(x) <= MAX_MAGNITUDE)) invalidParameter('x', 'a finite number with |x| <= 2^511', x);
    this.#count++;
    this.#sum.add(x);
    const p = x * x;
    const c = SPLITTER * x;
    const high = c - (c - x);
    const low = x - high;
    this.#sumSquares.add(p);
    this.#sumSquares.add(high * high - p + 2 * high * low + low * low);
    if (x < this.#min) this.#min = x;
    if (x > this.#max) this.#max = x;
    this.#cached = false;
    return this;
  }

  /** Merges `other` into this accumulator, exactly; `other` is not changed. Returns this. */
  merge(other: Moments): this {
    if (other.#count === 0) return this;
    this.#count += other.#count;
    this.#sum.merge(other.#sum);
    this.#sumSquares.merge(other.#sumSquares);
    if (other.#min < this.#min) this.#min = other.#min;
    if (other.#max > this.#max) this.#max = other.#max;
    this.#cached = false;
    return this;
  }

  /** Number of doubles `writeState` writes. */
  static readonly STATE_SIZE = 3 + 2 * ExactSum.STATE_SIZE;

  /** Writes the exact state into `into` from `offset` (for messages between threads; see `mergeState`). */
  writeState(into: Float64Array, offset: number): void {
    into[offset] = this.#count;
    into[offset + 1] = this.#min;
    into[offset + 2] = this.#max;
    this.#sum.writeState(into, offset + 3);
    this.#sumSquares.writeState(into, offset + 3 + ExactSum.STATE_SIZE);
  }

  /** Merges a state written by `writeState`, exactly: the same as merging the accumulator itself. */
  mergeState(from: Float64Array, offset: number): this {
    const count = from[offset] as number;
    if (count === 0) return this;
    this.#count += count;
    this.#sum.mergeState(from, offset + 3);
    this.#sumSquares.mergeState(from, offset + 3 + ExactSum.STATE_SIZE);
    if ((from[offset + 1] as number) < this.#min) this.#min = from[offset + 1] as number;
    if ((from[offset + 2] as number) > this.#max) this.#max = from[offset + 2] as number;
    this.#cached = false;
    return this;
  }

  /** The number of observations. */
  get count(): number {
    return this.#count;
  }

  /** The sample mean, correctly rounded but for ties within 2^-64; NaN when empty. */
  get mean(): number {
    this.#compute();
    return this.#mean;
  }

  /** The sum of squared deviations from the mean, Σ(x − mean)²; NaN when empty. */
  get m2(): number {
    this.#compute();
    return this.#m2;
  }

  /** The smallest observation; NaN when empty. */
  get min(): number {
    return this.#count === 0 ? NaN : this.#min;
  }

  /** The largest observation; NaN when empty. */
  get max(): number {
    return this.#count === 0 ? NaN : this.#max;
  }

  /** The unbiased sample variance M2 / (n − 1); NaN with fewer than two observations. */
  get variance(): number {
    return this.#count < 2 ? NaN : this.m2 / (this.#count - 1);
  }

  /** The sample standard deviation √variance; NaN with fewer than two observations. */
  get stdDev(): number {
    return Math.sqrt(this.variance);
  }

  /** The standard error of the mean, stdDev / √n; NaN with fewer than two observations. */
  get standardError(): number {
    return this.stdDev / Math.sqrt(this.#count);
  }

  /** Plain data that {@link Moments.fromJSON} restores exactly. */
  toJSON(): MomentsData {
    const empty = this.#count === 0;
    return {
      count: this.#count,
      sum: this.#sum.toBigInt().toString(),
      sumSquares: this.#sumSquares.toBigInt().toString(),
      min: empty ? null : this.#min,
      max: empty ? null : this.#max,
    };
  }

  /**
   * Restores an accumulator from {@link Moments.toJSON} output.
   * @throws FaultlineError (INVALID_PARAMETER) naming the offending field.
   */
  static fromJSON(data: MomentsData): Moments {
    const m = new Moments();
    if (!(Number.isSafeInteger(data.count) && data.count >= 0)) invalidParameter('count', 'a non-negative integer', data.count);
    if (data.count === 0) return m;
    const sum = parseInteger('sum', data.sum);
    const sumSquares = parseInteger('sumSquares', data.sumSquares);
    if (sumSquares < 0n) invalidParameter('sumSquares', 'a non-negative integer string', data.sumSquares);
    if (data.min === null || data.max === null || !(Number.isFinite(data.min) && Number.isFinite(data.max) && data.min <= data.max)) {
      throw new FaultlineError(
        'INVALID_PARAMETER',
        `min, max: expected finite numbers with min <= max, got ${describeValue(data.min)}, ${describeValue(data.max)}`,
      );
    }
    m.#count = data.count;
    m.#sum.setBigInt(sum);
    m.#sumSquares.setBigInt(sumSquares);
    m.#min = data.min;
    m.#max = data.max;
    return m;
  }

  #compute(): void {
    if (this.#cached) return;
    this.#cached = true;
    if (this.#count === 0) {
      this.#mean = NaN;
      this.#m2 = NaN;
      return;
    }
    const n = BigInt(this.#count);
    const s1 = this.#sum.toBigInt();
    const s2 = this.#sumSquares.toBigInt();
    this.#mean = bigIntToDouble((s1 << GUARD_BITS) / n, EXACT_SUM_UNIT_EXPONENT - Number(GUARD_BITS));
    // n·M2 = n·Σx² − (Σx)², in units of 2^-2148 (Σx² is in units of 2^-1074, so it is shifted).
    const scaledM2 = ((n * s2) << BigInt(-EXACT_SUM_UNIT_EXPONENT)) - s1 * s1;
    // Negative only if squares of |x| < 2^-458 lost bits to underflow; M2 is then 0 to within 2^-900.
    this.#m2 =
      scaledM2 <= 0n ? 0 : bigIntToDouble((scaledM2 << GUARD_BITS) / n, 2 * EXACT_SUM_UNIT_EXPONENT - Number(GUARD_BITS));
  }
}

function parseInteger(field: string, text: string): bigint {
  if (typeof text !== 'string' || !/^-?\d+$/.test(text)) invalidParameter(field, 'a decimal integer string', text);
  return BigInt(text);
}
