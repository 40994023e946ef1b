/** The exponential distribution (memoryless time to failure), sampled by inverse transform. */

import { unitExponentialQuantile } from '../../math/unitExponentialQuantile.js';
import { invalidParameter, requirePositive } from '../../errors.js';
import type { Stream } from '../Stream.js';
import { requireCdfX, requireOneOf, requireQuantileP } from './checks.js';
import type { Distribution } from './Distribution.js';

/** Either the mean (e.g. MTTF in hours) or the rate (1/mean), not both. */
export type ExponentialParams =
  | { readonly mean: number; readonly rate?: never }
  | { readonly rate: number; readonly mean?: never };

export interface ExponentialDistribution extends Distribution {
  readonly kind: 'exponential';
  /** 1 / mean. */
  readonly rate: number;
}

class Exponential implements ExponentialDistribution {
  readonly kind = 'exponential';
  readonly mean: number;
  readonly rate: number;
  readonly variance: number;
  readonly #text: string;

  constructor(mean: number, text: string) {
    this.mean = mean;
    this.rate = 1 / mean;
    this.variance = mean * mean;
    this.#text = text;
  }

  sample(rng: Stream): number {
    // −mean · log(1 − u), the quantile at u (see math/unitExponentialQuantile for the logarithm).
    return unitExponentialQuantile(rng()) * this.mean;
  }

  cdf(x: number): number {
    requireCdfX(this.kind, x);
    return x <= 0 ? 0 : -Math.expm1(-x / this.mean);
  }

  quantile(p: number): number {
    requireQuantileP(this.kind, p);
    return unitExponentialQuantile(p) * this.mean;
  }

  describe(): string {
    return this.#text;
  }
}

/**
 * The exponential distribution with the given mean or rate; support [0, ∞).
 *
 * Sampling is by inverse transform, one draw per sample: `−mean · log(1 − u)`, with the
 * logarithm of `unitExponentialQuantile` (within 2 ulp of `-Math.log1p(-u)`, and faster).
 *
 * @param params `{ mean }` or `{ rate }`: a finite number > 0 (and its reciprocal must be finite).
 * @param label prefix for error messages; `fromSpec` passes the JSON path.
 * @throws FaultlineError (INVALID_PARAMETER) naming `exponential.mean` or `exponential.rate`.
 * @example exponential({ mean: 4 }).cdf(4) // 1 - 1/e ≈ 0.632
 */
export function exponential(params: ExponentialParams, label = 'exponential'): ExponentialDistribution {
  if (requireOneOf(label, 'mean', params.mean, 'rate', params.rate)) {
    const mean = requirePositive(`${label}.mean`, params.mean as number);
    return new Exponential(mean, `exponential(mean=${mean})`);
  }
  const rate = requirePositive(`${label}.rate`, params.rate as number);
  if (!Number.isFinite(1 / rate)) invalidParameter(`${label}.rate`, 'a number > 0 with a finite reciprocal', rate);
  return new Exponential(1 / rate, `exponential(rate=${rate})`);
}
