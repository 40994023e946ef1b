/** The point mass: a duration that is always the same (a fixed timeout, a scheduled restart). */

import type { Stream } from '../Stream.js';
import { requireCdfX, requireNonNegative, requireQuantileP } from './checks.js';
import type { Distribution } from './Distribution.js';

export interface DeterministicParams {
  readonly value: number;
}

export interface DeterministicDistribution extends Distribution, DeterministicParams {
  readonly kind: 'deterministic';
}

class Deterministic implements DeterministicDistribution {
  readonly kind = 'deterministic';
  readonly value: number;
  readonly mean: number;
  readonly variance = 0;

  constructor(value: number) {
    this.value = value;
    this.mean = value;
  }

  /** Returns the value without drawing: the stream is left untouched. */
  sample(_rng: Stream): number {
    return this.value;
  }

  cdf(x: number): number {
    requireCdfX(this.kind, x);
    return x >= this.value ? 1 : 0;
  }

  quantile(p: number): number {
    requireQuantileP(this.kind, p);
    return this.value;
  }

  describe(): string {
    return `deterministic(value=${this.value})`;
  }
}

/**
 * The point mass at `value`: cdf is the step 1{x ≥ value}, quantile(p) = value for every p in
 * [0, 1], mean = value, variance = 0. `sample` returns the value and consumes no draw.
 *
 * @param params value a finite number ≥ 0 (0 allowed: an instantaneous repair).
 * @param label prefix for error messages; `fromSpec` passes the JSON path.
 * @throws FaultlineError (INVALID_PARAMETER) naming `deterministic.value`.
 * @example deterministic({ value: 0.5 }).cdf(0.5) // 1
 */
export function deterministic(params: DeterministicParams, label = 'deterministic'): DeterministicDistribution {
  return new Deterministic(requireNonNegative(`${label}.value`, params.value));
}
