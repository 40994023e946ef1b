/** The empirical distribution of observed durations: their ECDF, sampled by inverse transform. */

import { invalidParameter } from '../../errors.js';
import type { Stream } from '../Stream.js';
import { requireCdfX, requireNonNegative, requireQuantileP } from './checks.js';
import type { Distribution } from './Distribution.js';

export interface EmpiricalDistribution extends Distribution {
  readonly kind: 'empirical';
  /** The number of observations. */
  readonly size: number;
}

class Empirical implements EmpiricalDistribution {
  readonly kind = 'empirical';
  readonly size: number;
  readonly mean: number;
  readonly variance: number;

  /** The observations, ascending; a private copy so the law cannot change after construction. */
  readonly #sorted: Float64Array;

  constructor(sorted: Float64Array) {
    this.#sorted = sorted;
    this.size = sorted.length;
    const n = sorted.length;
    let sum = 0;
    for (const x of sorted) sum += x;
    const mean = sum / n;
    let squares = 0;
    for (const x of sorted) squares += (x - mean) * (x - mean);
    this.mean = mean;
    this.variance = squares / n;
  }

  sample(rng: Stream): number {
    return this.#sorted[Math.floor(rng() * this.#sorted.length)]!;
  }

  cdf(x: number): number {
    requireCdfX(this.kind, x);
    return countAtMost(this.#sorted, x) / this.#sorted.length;
  }

  quantile(p: number): number {
    requireQuantileP(this.kind, p);
    const n = this.#sorted.length;
    // Type 1: the k-th smallest with k = ⌈p·n⌉. The product p·n may round across an integer
    // (0.3·10 = 3.0000000000000004), so k is corrected against k/n as cdf computes it.
    let k = Math.ceil(p * n);
    if (k < n && k / n < p) k += 1;
    if (k > 1 && (k - 1) / n >= p) k -= 1;
    return this.#sorted[Math.max(k, 1) - 1]!;
  }

  describe(): string {
    return `empirical(n=${this.#sorted.length}, min=${this.#sorted[0]!}, max=${this.#sorted[this.#sorted.length - 1]!})`;
  }
}

/** The number of entries ≤ x in an ascending array (upper-bound binary search). */
function countAtMost(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The empirical distribution of `samples`: each observation has mass 1/n.
 *
 * - cdf(x) = #{xᵢ ≤ x}/n (the ECDF, right-continuous);
 * - quantile(p) = the smallest xᵢ with cdf(xᵢ) ≥ p (Hyndman–Fan type 1), quantile(0) = min;
 * - sample = sorted[⌊u·n⌋], one draw per sample (inverse transform of the ECDF);
 * - mean is the sample mean and variance the population variance of the ECDF, Σ(xᵢ − x̄)²/n
 *   (divided by n, not n − 1: it is the variance of the distribution sampled from, not an
 *   unbiased estimate of the variance of the process that produced the data).
 *
 * The input is copied and sorted; later changes to it have no effect.
 *
 * @param samples a non-empty array of finite numbers ≥ 0 (durations).
 * @param label prefix for error messages; `fromSpec` passes the JSON path.
 * @throws FaultlineError (INVALID_PARAMETER) naming `empirical.samples` or `empirical.samples[i]`.
 * @example empirical([3, 1, 2]).quantile(0.5) // 2
 */
export function empirical(samples: readonly number[], label = 'empirical'): EmpiricalDistribution {
  if (!Array.isArray(samples) || samples.length === 0) {
    invalidParameter(`${label}.samples`, 'a non-empty array of durations', samples);
  }
  const sorted = new Float64Array(samples.length);
  // An indexed loop rather than forEach, which would skip the holes of a sparse array.
  for (let i = 0; i < samples.length; i++) sorted[i] = requireNonNegative(`${label}.samples[${i}]`, samples[i]!);
  return new Empirical(sorted.sort());
}
