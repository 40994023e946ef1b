/** A mergeable accumulator of count, mean, variance, third moment, min, max and the few nonzero observations, whose merge is exact: parts merged in any order equal one pass, bit for bit. */

import { FaultlineError, describeValue, invalidParameter } from '../errors.js';
import { EXACT_SUM_UNIT_EXPONENT, ExactSum, bigIntToDouble } from './ExactSum.js';
import { LOW_INFORMATION_COUNT } from './lowInformation.js';

/** The plain-data form of a {@link Moments} accumulator: exact sums as decimal integer strings. */
export interface MomentsData {
  readonly count: number;
  /** Σx in units of 2^-1074, as a decimal integer. */
  readonly sum: string;
  /** Σx² in units of 2^-1074, as a decimal integer. */
  readonly sumSquares: string;
  /** Σx³ in units of 2^-1074, as a decimal integer. */
  readonly sumCubes: string;
  /** How many observations were not 0. */
  readonly nonzero: number;
  /** Those observations, ascending, while there are fewer than {@link LOW_INFORMATION_COUNT}; else empty. */
  readonly few: readonly number[];
  readonly min: number | null;
  readonly max: number | null;
}

// Veltkamp's splitter for binary64 (2^27 + 1).
const SPLITTER = 134217729;
// Beyond this, x³ overflows a double; no metric of faultline comes near it.
const MAX_MAGNITUDE = 2 ** 340;
/** Nonzero observations kept one by one: enough for every low-information bound. */
const FEW = LOW_INFORMATION_COUNT - 1;
const GUARD_BITS = 64n;

/**
 * Count, Σx, Σx² and Σx³, with the sums kept exactly ({@link ExactSum}); each square enters as
 * the exact pair x² = p + e (Dekker 1971, TwoProduct with Veltkamp's split), exact for
 * |x| ≥ 2^-458, and each cube as the four doubles of p·x + e·x (two more TwoProducts), exact for
 * |x| ≥ 2^-300. The mean, the sum of squared deviations M2 = Σx² − (Σx)²/n and of cubed
 * deviations M3 = Σx³ − 3Σx²Σx/n + 2(Σx)³/n² are then computed once, from the exact integers,
 * with BigInt arithmetic: no cancellation (the problem Welford's recurrence exists to avoid) and
 * a single final rounding.
 *
 * It also counts the observations that are not 0 and keeps them, one by one, while there are
 * fewer than {@link LOW_INFORMATION_COUNT}: per-replication metrics of reliable systems are
 * mostly 0, and the intervals for that case (`meanEstimate`) need the few that are not.
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
  readonly #sumCubes = new ExactSum();
  #min = Infinity;
  #max = -Infinity;
  #nonzero = 0;
  readonly #few = new Float64Array(FEW);
  #cached = false;
  #mean = NaN;
  #m2 = NaN;
  #m3 = NaN;

  /**
   * Adds one observation.
   * @throws FaultlineError (INVALID_PARAMETER) naming `x` if it is NaN, infinite or beyond ±2^340.
   */
  add(x: number): this {
    if (!(Math.abs(x) <= MAX_MAGNITUDE)) invalidParameter('x', 'a finite number with |x| <= 2^340', x);
    this.#count++;
    if (x < this.#min) this.#min = x;
    if (x > this.#max) this.#max = x;
    this.#cached = false;
    if (x === 0) return this; // adds nothing to the sums: the usual case of a reliable system
    if (this.#nonzero < FEW) this.#few[this.#nonzero] = x;
    this.#nonzero++;
    this.#sum.add(x);
    const c = SPLITTER * x;
    const xh = c - (c - x);
    const xl = x - xh;
    // x² = p + e exactly.
    const p = x * x;
    const e = xh * xh - p + 2 * xh * xl + xl * xl;
    this.#sumSquares.add(p);
    this.#sumSquares.add(e);
    // x³ = p·x + e·x, each product split exactly into a double and its error.
    const cp = SPLITTER * p;
    const ph = cp - (cp - p);
    const pl = p - ph;
    const q1 = p * x;
    this.#sumCubes.add(q1);
    this.#sumCubes.add(ph * xh - q1 + ph * xl + pl * xh + pl * xl);
    const ce = SPLITTER * e;
    const eh = ce - (ce - e);
    const el = e - eh;
    const q2 = e * x;
    this.#sumCubes.add(q2);
    this.#sumCubes.add(eh * xh - q2 + eh * xl + el * xh + el * xl);
    return this;
  }

  /** Merges `other` into this accumulator, exactly; `other` is not changed. Returns this. */
  merge(other: Moments): this {
    if (other.#count === 0) return this;
    this.#count += other.#count;
    this.#sum.merge(other.#sum);
    this.#sumSquares.merge(other.#sumSquares);
    this.#sumCubes.merge(other.#sumCubes);
    if (other.#min < this.#min) this.#min = other.#min;
    if (other.#max > this.#max) this.#max = other.#max;
    this.#mergeFew(other.#nonzero, other.#few, 0);
    this.#cached = false;
    return this;
  }

  /** Number of doubles `writeState` writes. */
  static readonly STATE_SIZE = 4 + FEW + 3 * ExactSum.STATE_SIZE;

  /** Writes the exact state into `into` from `offset` (for messages between threads; see `mergeState`). */
  writeState(into: Float64Array, offset: number): void {
    into[offset] = this.#count;
    into[offset + 1] = this.#min;
    into[offset + 2] = this.#max;
    into[offset + 3] = this.#nonzero;
    // Canonical: ascending while listed, zeros once there are too many to list.
    const few = this.few ?? [];
    for (let i = 0; i < FEW; i++) into[offset + 4 + i] = few[i] ?? 0;
    const sums = offset + 4 + FEW;
    this.#sum.writeState(into, sums);
    this.#sumSquares.writeState(into, sums + ExactSum.STATE_SIZE);
    this.#sumCubes.writeState(into, sums + 2 * ExactSum.STATE_SIZE);
  }

  /** Merges a state written by `writeState`, exactly: the same as merging the accumulator itself. */
  mergeState(from: Float64Array, offset: number): this {
    const count = from[offset] as number;
    if (count === 0) return this;
    this.#count += count;
    const sums = offset + 4 + FEW;
    this.#sum.mergeState(from, sums);
    this.#sumSquares.mergeState(from, sums + ExactSum.STATE_SIZE);
    this.#sumCubes.mergeState(from, sums + 2 * ExactSum.STATE_SIZE);
    if ((from[offset + 1] as number) < this.#min) this.#min = from[offset + 1] as number;
    if ((from[offset + 2] as number) > this.#max) this.#max = from[offset + 2] as number;
    this.#mergeFew(from[offset + 3] as number, from, offset + 4);
    this.#cached = false;
    return this;
  }

  /** Adds another part's nonzero observations (`nonzero` of them, listed from `offset` while fewer than FEW). */
  #mergeFew(nonzero: number, values: Float64Array, offset: number): void {
    if (nonzero === 0) return;
    const total = this.#nonzero + nonzero;
    if (total <= FEW) this.#few.set(values.subarray(offset, offset + nonzero), this.#nonzero);
    this.#nonzero = total;
  }

  /** Σx exactly, as an integer number of units of 2^-1074 (for estimators built on several accumulators, such as a ratio's). */
  get exactSum(): bigint {
    return this.#sum.toBigInt();
  }

  /** Σx² exactly (for |x| ≥ 2^-458), as an integer number of units of 2^-1074. */
  get exactSumSquares(): bigint {
    return this.#sumSquares.toBigInt();
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

  /** The sum of cubed deviations from the mean, Σ(x − mean)³; NaN when empty. */
  get m3(): number {
    this.#compute();
    return this.#m3;
  }

  /** How many observations were not 0. */
  get nonzero(): number {
    return this.#nonzero;
  }

  /**
   * The nonzero observations, ascending, when there are fewer than {@link LOW_INFORMATION_COUNT}
   * of them (the low-information bounds use them); otherwise `null`.
   */
  get few(): readonly number[] | null {
    if (this.#nonzero > FEW) return null;
    return Array.from(this.#few.subarray(0, this.#nonzero)).sort((a, b) => a - b);
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
      sumCubes: this.#sumCubes.toBigInt().toString(),
      min: empty ? null : this.#min,
      max: empty ? null : this.#max,
      nonzero: this.#nonzero,
      few: this.few ?? [],
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
    const sumCubes = parseInteger('sumCubes', data.sumCubes);
    if (sumSquares < 0n) invalidParameter('sumSquares', 'a non-negative integer string', data.sumSquares);
    if (!(Number.isSafeInteger(data.nonzero) && data.nonzero >= 0 && data.nonzero <= data.count)) {
      invalidParameter('nonzero', `an integer in [0, ${data.count}]`, data.nonzero);
    }
    const few = data.few;
    const listed = data.nonzero <= FEW ? data.nonzero : 0;
    if (!Array.isArray(few) || few.length !== listed || !few.every((x) => typeof x === 'number' && x !== 0 && Math.abs(x) <= MAX_MAGNITUDE)) {
      invalidParameter('few', `${listed} nonzero finite numbers`, few);
    }
    if (data.min === null || data.max === null || !(Number.isFinite(data.min) && Number.isFinite(data.max) && data.min <= data.max)) {
      throw new FaultlineError(
        'INVALID_PARAMETER',
        `min, max: expected finite numbers with min <= max, got ${describeValue(data.min)}, ${describeValue(data.max)}`,
      );
    }
    m.#count = data.count;
    m.#sum.setBigInt(sum);
    m.#sumSquares.setBigInt(sumSquares);
    m.#sumCubes.setBigInt(sumCubes);
    m.#min = data.min;
    m.#max = data.max;
    m.#nonzero = data.nonzero;
    m.#few.set(few);
    return m;
  }

  #compute(): void {
    if (this.#cached) return;
    this.#cached = true;
    if (this.#count === 0) {
      this.#mean = NaN;
      this.#m2 = NaN;
      this.#m3 = NaN;
      return;
    }
    const n = BigInt(this.#count);
    const s1 = this.#sum.toBigInt();
    const s2 = this.#sumSquares.toBigInt();
    const s3 = this.#sumCubes.toBigInt();
    const unit = BigInt(-EXACT_SUM_UNIT_EXPONENT);
    this.#mean = bigIntToDouble((s1 << GUARD_BITS) / n, EXACT_SUM_UNIT_EXPONENT - Number(GUARD_BITS));
    // n·M2 = n·Σx² − (Σx)², in units of 2^-2148 (Σx² is in units of 2^-1074, so it is shifted).
    const scaledM2 = ((n * s2) << unit) - s1 * s1;
    // Negative only if squares of |x| < 2^-458 lost bits to underflow; M2 is then 0 to within 2^-900.
    this.#m2 =
      scaledM2 <= 0n ? 0 : bigIntToDouble((scaledM2 << GUARD_BITS) / n, 2 * EXACT_SUM_UNIT_EXPONENT - Number(GUARD_BITS));
    // n²·M3 = n²·Σx³ − 3n·Σx·Σx² + 2(Σx)³, in units of 2^-3222.
    const scaledM3 = ((n * n * s3) << (2n * unit)) - ((3n * n * s1 * s2) << unit) + 2n * s1 * s1 * s1;
    this.#m3 = bigIntToDouble((scaledM3 << GUARD_BITS) / (n * n), 3 * EXACT_SUM_UNIT_EXPONENT - Number(GUARD_BITS));
  }
}

function parseInteger(field: string, text: string): bigint {
  if (typeof text !== 'string' || !/^-?\d+$/.test(text)) invalidParameter(field, 'a decimal integer string', text);
  return BigInt(text);
}
