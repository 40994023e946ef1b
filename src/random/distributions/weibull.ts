/** The Weibull distribution (wear-out or infant mortality), sampled by inverse transform. */

import { unitExponentialQuantile } from '../../math/unitExponentialQuantile.js';
import { requirePositive } from '../../errors.js';
import { logGamma } from '../../math/gammaFunctions.js';
import type { Stream } from '../Stream.js';
import { requireCdfX, requireQuantileP } from './checks.js';
import type { Distribution } from './Distribution.js';

export interface WeibullParams {
  /** k: < 1 decreasing hazard, 1 exponential, > 1 wear-out. */
  readonly shape: number;
  /** λ: the 63.2% quantile, in the duration's unit. */
  readonly scale: number;
}

export interface WeibullDistribution extends Distribution, WeibullParams {
  readonly kind: 'weibull';
}

class Weibull implements WeibullDistribution {
  readonly kind = 'weibull';
  readonly shape: number;
  readonly scale: number;
  readonly mean: number;
  readonly variance: number;
  readonly #inverseShape: number;

  constructor(shape: number, scale: number) {
    this.shape = shape;
    this.scale = scale;
    this.#inverseShape = 1 / shape;
    const logG1 = logGamma(1 + 1 / shape);
    const logG2 = logGamma(1 + 2 / shape);
    this.mean = scale * Math.exp(logG1);
    // λ²(Γ(1+2/k) − Γ(1+1/k)²) written as λ²Γ₂(1 − Γ₁²/Γ₂): expm1 avoids the cancellation at large k.
    this.variance = Math.exp(2 * Math.log(scale) + logG2) * -Math.expm1(2 * logG1 - logG2);
  }

  sample(rng: Stream): number {
    return this.scale * Math.pow(unitExponentialQuantile(rng()), this.#inverseShape);
  }

  cdf(x: number): number {
    requireCdfX(this.kind, x);
    return x <= 0 ? 0 : -Math.expm1(-Math.pow(x / this.scale, this.shape));
  }

  quantile(p: number): number {
    requireQuantileP(this.kind, p);
    return this.scale * Math.pow(unitExponentialQuantile(p), this.#inverseShape);
  }

  describe(): string {
    return `weibull(shape=${this.shape}, scale=${this.scale})`;
  }
}

/**
 * The Weibull distribution F(x) = 1 − exp(−(x/scale)^shape); support [0, ∞).
 *
 * Mean scale·Γ(1+1/k), variance scale²(Γ(1+2/k) − Γ(1+1/k)²). Sampling is by inverse transform,
 * one draw per sample. For very small shapes (k ≲ 0.01) the moments overflow to Infinity.
 *
 * @param params shape and scale, each a finite number > 0.
 * @param label prefix for error messages; `fromSpec` passes the JSON path.
 * @throws FaultlineError (INVALID_PARAMETER) naming `weibull.shape` or `weibull.scale`.
 * @example weibull({ shape: 1, scale: 4 }).mean // 4
 */
export function weibull(params: WeibullParams, label = 'weibull'): WeibullDistribution {
  const shape = requirePositive(`${label}.shape`, params.shape);
  const scale = requirePositive(`${label}.scale`, params.scale);
  return new Weibull(shape, scale);
}
