/** The lognormal distribution (repair times, latencies), by its log-scale parameters or by its moments. */

import { invalidParameter, requireFinite, requirePositive } from '../../errors.js';
import { normalCdf, normalQuantile } from '../../math/normal.js';
import type { Stream } from '../Stream.js';
import { requireCdfX, requireQuantileP } from './checks.js';
import type { Distribution } from './Distribution.js';

/** ln X ~ normal(mu, sigma). */
export interface LognormalParams {
  readonly mu: number;
  readonly sigma: number;
}

/** The mean and standard deviation of X itself (not of ln X). */
export interface LognormalMomentParams {
  readonly mean: number;
  readonly sd: number;
}

export interface LognormalDistribution extends Distribution, LognormalParams {
  readonly kind: 'lognormal';
}

class Lognormal implements LognormalDistribution {
  readonly kind = 'lognormal';
  readonly mu: number;
  readonly sigma: number;
  readonly mean: number;
  readonly variance: number;
  readonly #text: string;

  constructor(mu: number, sigma: number, text: string) {
    this.mu = mu;
    this.sigma = sigma;
    const s2 = sigma * sigma;
    this.mean = Math.exp(mu + s2 / 2);
    this.variance = Math.expm1(s2) * Math.exp(2 * mu + s2);
    this.#text = text;
  }

  sample(rng: Stream): number {
    // Inverse transform: u = 0 gives Φ⁻¹(0) = -∞ and so exactly 0.
    return Math.exp(this.mu + this.sigma * normalQuantile(rng()));
  }

  cdf(x: number): number {
    requireCdfX(this.kind, x);
    return x <= 0 ? 0 : normalCdf((Math.log(x) - this.mu) / this.sigma);
  }

  quantile(p: number): number {
    requireQuantileP(this.kind, p);
    return Math.exp(this.mu + this.sigma * normalQuantile(p));
  }

  describe(): string {
    return this.#text;
  }
}

/**
 * The lognormal distribution with ln X ~ normal(mu, sigma); support [0, ∞).
 *
 * Mean exp(mu + sigma²/2), variance (exp(sigma²) − 1)·exp(2mu + sigma²). Sampling is by inverse
 * transform, one draw per sample: exp(mu + sigma·Φ⁻¹(u)).
 *
 * @param params mu any finite number; sigma a finite number > 0.
 * @param label prefix for error messages; `fromSpec` passes the JSON path.
 * @throws FaultlineError (INVALID_PARAMETER) naming `lognormal.mu` or `lognormal.sigma`.
 * @example lognormal({ mu: 0, sigma: 1 }).quantile(0.5) // 1
 */
export function lognormal(params: LognormalParams, label = 'lognormal'): LognormalDistribution {
  const mu = requireFinite(`${label}.mu`, params.mu);
  const sigma = requirePositive(`${label}.sigma`, params.sigma);
  return new Lognormal(mu, sigma, `lognormal(mu=${mu}, sigma=${sigma})`);
}

/**
 * The lognormal distribution with the given mean and standard deviation of X; support [0, ∞).
 *
 * Converts by sigma² = ln(1 + sd²/mean²) and mu = ln(mean) − sigma²/2, so `.mean` and `.variance`
 * equal mean and sd² up to rounding. `describe()` shows the moments as given.
 *
 * @param params mean and sd, each a finite number > 0.
 * @param label prefix for error messages; `fromSpec` passes the JSON path.
 * @throws FaultlineError (INVALID_PARAMETER) naming `lognormalFromMoments.mean` or `.sd`
 *   (also when sd/mean is so extreme that sigma is 0 or infinite in double precision).
 * @example lognormalFromMoments({ mean: 4, sd: 2 }).variance // 4 (up to rounding)
 */
export function lognormalFromMoments(params: LognormalMomentParams, label = 'lognormalFromMoments'): LognormalDistribution {
  const mean = requirePositive(`${label}.mean`, params.mean);
  const sd = requirePositive(`${label}.sd`, params.sd);
  const ratio = sd / mean;
  const sigma2 = Math.log1p(ratio * ratio);
  if (!(sigma2 > 0 && Number.isFinite(sigma2))) {
    invalidParameter(`${label}.sd`, `a ratio sd/mean representable as a lognormal (here mean=${mean})`, sd);
  }
  return new Lognormal(Math.log(mean) - sigma2 / 2, Math.sqrt(sigma2), `lognormal(mean=${mean}, sd=${sd})`);
}
