/** The interface every duration distribution implements: a sampler over a seeded stream plus its exact law. */

import { LARGEST_DRAW, type Stream } from '../Stream.js';

/**
 * A probability distribution of a duration (hours unless the caller says otherwise).
 *
 * Every distribution in this folder is a value built once by a factory and then only read:
 * `sample` draws from the stream it is given (never from a default or global source) and does not
 * allocate; `mean`, `variance`, `cdf` and `quantile` are the exact law the samples follow, so
 * analytic cross-checks can use them.
 */
export interface Distribution {
  /** The family, e.g. `'exponential'`, `'weibull'`; the same string `fromSpec` takes as `type`. */
  readonly kind: string;
  /** Draws one value using `rng` (first and required argument); how many draws it takes depends on the kind. */
  sample(rng: Stream): number;
  /** The exact mean (may be Infinity only if it overflows a double). */
  readonly mean: number;
  /** The exact variance (population variance of the law; 0 for a point mass). */
  readonly variance: number;
  /** P(X ≤ x); any number including ±Infinity; NaN throws naming `x`. */
  cdf(x: number): number;
  /** The smallest x with cdf(x) ≥ p; p in [0, 1], else throws naming `p`. quantile(1) may be Infinity. */
  quantile(p: number): number;
  /** A short label with the parameters as given, e.g. `exponential(mean=4)`, for messages and CSV. */
  describe(): string;
  /**
   * The largest value `sample` can return, for a law that does not sample by inverse transform
   * (absent: it is `quantile(LARGEST_DRAW)`). See {@link largestSample}.
   */
  readonly largestSample?: number;
}

/**
 * The largest value `d.sample` can return from a stream (whose draws are below 1, with 32 bits):
 * what a simulation must be able to schedule. Infinity means some draw gives an infinite delay.
 */
export function largestSample(d: Distribution): number {
  return d.largestSample ?? d.quantile(LARGEST_DRAW);
}
