/** The continuous uniform distribution on [min, max), sampled by scaling the stream's draw. */

import { invalidParameter } from '../../errors.js';
import type { Stream } from '../Stream.js';
import { requireCdfX, requireNonNegative, requireQuantileP } from './checks.js';
import type { Distribution } from './Distribution.js';

export interface UniformParams {
  readonly min: number;
  readonly max: number;
}

export interface UniformDistribution extends Distribution, UniformParams {
  readonly kind: 'uniform';
}

class Uniform implements UniformDistribution {
  readonly kind = 'uniform';
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly variance: number;
  readonly #width: number;

  constructor(min: number, max: number) {
    this.min = min;
    this.max = max;
    this.#width = max - min;
    this.mean = min + this.#width / 2;
    this.variance = (this.#width * this.#width) / 12;
  }

  sample(rng: Stream): number {
    return this.min + rng() * this.#width;
  }

  cdf(x: number): number {
    requireCdfX(this.kind, x);
    if (x <= this.min) return 0;
    if (x >= this.max) return 1;
    return (x - this.min) / this.#width;
  }

  quantile(p: number): number {
    requireQuantileP(this.kind, p);
    return p === 1 ? this.max : this.min + p * this.#width;
  }

  describe(): string {
    return `uniform(min=${this.min}, max=${this.max})`;
  }
}

/**
 * The uniform distribution on [min, max]: mean (min+max)/2, variance (max−min)²/12. Sampling is
 * `min + u·(max − min)`, one draw per sample.
 *
 * @param params min a finite number ≥ 0 (durations are never negative); max finite and > min
 *   (use `deterministic` for a point).
 * @param label prefix for error messages; `fromSpec` passes the JSON path.
 * @throws FaultlineError (INVALID_PARAMETER) naming `uniform.min` or `uniform.max`.
 * @example uniform({ min: 1, max: 5 }).quantile(0.25) // 2
 */
export function uniform(params: UniformParams, label = 'uniform'): UniformDistribution {
  const min = requireNonNegative(`${label}.min`, params.min);
  const max = params.max;
  if (!(Number.isFinite(max) && max > min)) invalidParameter(`${label}.max`, `a finite number > min = ${min}`, max);
  return new Uniform(min, max);
}
