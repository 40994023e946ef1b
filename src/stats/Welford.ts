/** A mergeable accumulator of count, mean, sum of squared deviations, min and max (Welford; Chan et al.). */

import { FaultlineError, invalidParameter } from '../errors.js';

/** The plain-data form of a {@link Welford} accumulator; `min` and `max` are null when it is empty. */
export interface WelfordData {
  readonly count: number;
  readonly mean: number;
  readonly m2: number;
  readonly min: number | null;
  readonly max: number | null;
}

/**
 * Running mean and variance in one pass, without the cancellation of Σx² - (Σx)²/n, and mergeable:
 * accumulators of disjoint parts combine into the accumulator of their union.
 *
 * Merging is deterministic: the same parts merged in the same order give the same bits, and merging
 * an empty accumulator (either way round) is an exact identity. Merging in a different order agrees
 * only up to rounding, so callers who need bit-identical summaries must fix the order (chunk order).
 *
 * Reference: B. P. Welford (1962), Technometrics 4(3), 419–420; T. F. Chan, G. H. Golub &
 * R. J. LeVeque (1979), "Updating formulae and a pairwise algorithm for computing sample variances",
 * Stanford CS Report STAN-CS-79-773.
 *
 * @example
 * const w = new Welford();
 * for (const x of [1, 2, 3, 4]) w.add(x);
 * w.mean; // 2.5
 * w.variance; // 1.6666666666666667
 */
export class Welford {
  #count = 0;
  #mean = 0;
  #m2 = 0;
  #min = Infinity;
  #max = -Infinity;

  /**
   * Adds one observation.
   * @throws FaultlineError (INVALID_PARAMETER) naming `x` if it is NaN or infinite.
   */
  add(x: number): this {
    if (!Number.isFinite(x)) invalidParameter('x', 'a finite number', x);
    const n = this.#count + 1;
    const delta = x - this.#mean;
    this.#mean += delta / n;
    this.#m2 += delta * (x - this.#mean);
    this.#count = n;
    if (x < this.#min) this.#min = x;
    if (x > this.#max) this.#max = x;
    return this;
  }

  /**
   * Merges `other` into this accumulator (Chan, Golub & LeVeque's pairwise update); `other` is not
   * changed. Returns this.
   */
  merge(other: Welford): this {
    const nB = other.#count;
    if (nB === 0) return this;
    const nA = this.#count;
    if (nA === 0) {
      this.#count = nB;
      this.#mean = other.#mean;
      this.#m2 = other.#m2;
      this.#min = other.#min;
      this.#max = other.#max;
      return this;
    }
    const n = nA + nB;
    const delta = other.#mean - this.#mean;
    this.#mean += delta * (nB / n);
    this.#m2 += other.#m2 + delta * delta * ((nA * nB) / n);
    this.#count = n;
    if (other.#min < this.#min) this.#min = other.#min;
    if (other.#max > this.#max) this.#max = other.#max;
    return this;
  }

  /** The number of observations. */
  get count(): number {
    return this.#count;
  }

  /** The sample mean; NaN when empty. */
  get mean(): number {
    return this.#count === 0 ? NaN : this.#mean;
  }

  /** The sum of squared deviations from the mean, Σ(x - mean)². */
  get m2(): number {
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

  /** The unbiased sample variance M2 / (n - 1); NaN with fewer than two observations. */
  get variance(): number {
    return this.#count < 2 ? NaN : this.#m2 / (this.#count - 1);
  }

  /** The sample standard deviation √variance; NaN with fewer than two observations. */
  get stdDev(): number {
    return Math.sqrt(this.variance);
  }

  /** The standard error of the mean, stdDev / √n; NaN with fewer than two observations. */
  get standardError(): number {
    return this.stdDev / Math.sqrt(this.#count);
  }

  /** Plain data that {@link Welford.fromJSON} restores exactly (JSON numbers round-trip doubles). */
  toJSON(): WelfordData {
    const empty = this.#count === 0;
    return { count: this.#count, mean: this.#mean, m2: this.#m2, min: empty ? null : this.#min, max: empty ? null : this.#max };
  }

  /**
   * Restores an accumulator from {@link Welford.toJSON} output.
   * @throws FaultlineError (INVALID_PARAMETER) naming the offending field.
   */
  static fromJSON(data: WelfordData): Welford {
    const w = new Welford();
    if (!(Number.isSafeInteger(data.count) && data.count >= 0)) invalidParameter('count', 'a non-negative integer', data.count);
    if (data.count === 0) return w;
    if (!Number.isFinite(data.mean)) invalidParameter('mean', 'a finite number', data.mean);
    if (!(Number.isFinite(data.m2) && data.m2 >= 0)) invalidParameter('m2', 'a finite number >= 0', data.m2);
    if (data.min === null || data.max === null || !(data.min <= data.max)) {
      throw new FaultlineError('INVALID_PARAMETER', `min, max: expected finite numbers with min <= max, got ${data.min}, ${data.max}`);
    }
    w.#count = data.count;
    w.#mean = data.mean;
    w.#m2 = data.m2;
    w.#min = data.min;
    w.#max = data.max;
    return w;
  }
}
