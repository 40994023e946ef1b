/** The normal distribution conditioned to be ≥ 0 (a duration that is "about m ± s"), by inverse transform. */

import { invalidParameter, requireFinite, requirePositive } from '../../errors.js';
import { normalCdf, normalPdf, normalQuantile, normalSurvival } from '../../math/normal.js';
import type { Stream } from '../Stream.js';
import { requireCdfX, requireQuantileP } from './checks.js';
import type { Distribution } from './Distribution.js';

/** The parameters of the parent normal, before truncation (not the moments of the result). */
export interface TruncatedNormalParams {
  readonly mean: number;
  readonly sd: number;
}

export interface TruncatedNormalDistribution extends Distribution {
  readonly kind: 'truncatedNormal';
  /** The parent normal's mean (the `mean` parameter); `.mean` is the truncated distribution's. */
  readonly parentMean: number;
  /** The parent normal's standard deviation (the `sd` parameter). */
  readonly parentSd: number;
}

/** Beyond this many sd below 0, P(parent ≥ 0) < 1e-300 and the law is no longer representable. */
const MAX_STANDARDISED_CUT = 37;

/** Above this standardised cut the moments come from the asymptotic series (exact in doubles there). */
const SERIES_FROM = 10;
const SERIES_TERMS = 30;

// Mills ratio: α·Φ̄(α)/φ(α) ~ S(t) = Σ c_n tⁿ with t = 1/α², c_n = (−1)ⁿ(2n−1)!!. The variance ratio
// (1 + αλ − λ²) equals t·E(t)/S(t)² with E = Σ e_n tⁿ, e_n = (S²)_{n+1} + c_{n+2}; its leading terms
// cancel exactly, which is why the direct formula loses ~α⁴ ulps and the series does not.
const MILLS: readonly number[] = millsCoefficients();
const MILLS_TAIL: readonly number[] = MILLS.slice(1);
const VARIANCE: readonly number[] = varianceCoefficients(MILLS);

function millsCoefficients(): number[] {
  const c = [1];
  for (let n = 1; n <= SERIES_TERMS; n++) c.push(-c[n - 1]! * (2 * n - 1));
  return c;
}

function varianceCoefficients(c: readonly number[]): number[] {
  const e: number[] = [];
  for (let n = 2; n <= SERIES_TERMS; n++) {
    let square = 0;
    for (let i = 0; i < n; i++) square += c[i]! * c[n - 1 - i]!;
    e.push(square + c[n]!);
  }
  return e;
}

function polynomial(coefficients: readonly number[], x: number): number {
  let sum = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) sum = sum * x + coefficients[i]!;
  return sum;
}

/**
 * Moments of Y ~ N(0,1) conditioned on Y ≥ alpha: `excess` = E[Y] − alpha, `variance` = Var[Y].
 * With λ = φ(α)/Φ̄(α) (inverse Mills ratio): E[Y] = λ and Var[Y] = 1 + αλ − λ².
 */
function standardTruncatedMoments(alpha: number): { excess: number; variance: number } {
  if (alpha >= SERIES_FROM) {
    const t = 1 / (alpha * alpha);
    const s = polynomial(MILLS, t);
    const oneMinusS = -t * polynomial(MILLS_TAIL, t);
    return { excess: (alpha * oneMinusS) / s, variance: (t * polynomial(VARIANCE, t)) / (s * s) };
  }
  const lambda = normalPdf(alpha) / normalSurvival(alpha);
  const excess = lambda - alpha;
  return { excess, variance: 1 - lambda * excess };
}

class TruncatedNormal implements TruncatedNormalDistribution {
  readonly kind = 'truncatedNormal';
  readonly parentMean: number;
  readonly parentSd: number;
  readonly mean: number;
  readonly variance: number;
  /** Φ(α) = P(parent < 0) and Φ̄(α) = P(parent ≥ 0), each computed directly (no 1 − x). */
  readonly #below: number;
  readonly #mass: number;

  constructor(mean: number, sd: number) {
    this.parentMean = mean;
    this.parentSd = sd;
    const alpha = -mean / sd;
    this.#below = normalCdf(alpha);
    this.#mass = normalSurvival(alpha);
    const { excess, variance } = standardTruncatedMoments(alpha);
    // mean + sd·λ and sd·(λ − α) are equal; the second avoids cancellation once mean < 0.
    this.mean = alpha > 0 ? sd * excess : mean + sd * (excess + alpha);
    this.variance = sd * sd * variance;
  }

  sample(rng: Stream): number {
    return this.#at(rng());
  }

  cdf(x: number): number {
    requireCdfX(this.kind, x);
    if (x <= 0) return 0;
    const z = (x - this.parentMean) / this.parentSd;
    // Φ(z) − Φ(α) = Φ̄(α) − Φ̄(z): take the tail of the parent in which z lies, so nothing is near 1.
    const f = z > 0 ? (this.#mass - normalSurvival(z)) / this.#mass : (normalCdf(z) - this.#below) / this.#mass;
    return Math.min(1, Math.max(0, f));
  }

  quantile(p: number): number {
    requireQuantileP(this.kind, p);
    if (p === 0) return 0;
    if (p === 1) return Infinity;
    return this.#at(p);
  }

  describe(): string {
    return `truncatedNormal(mean=${this.parentMean}, sd=${this.parentSd})`;
  }

  /**
   * Inverse CDF at u ∈ [0, 1): the parent's quantile at u' = F(0) + u·(1 − F(0)). When u' > 1/2 it
   * works with 1 − u' = (1 − u)·Φ̄(α) instead, which keeps full precision when F(0) is close to 1.
   */
  #at(u: number): number {
    const lower = this.#below + u * this.#mass;
    const upper = this.#mass * (1 - u);
    const x =
      upper < lower
        ? this.parentMean - this.parentSd * normalQuantile(upper)
        : this.parentMean + this.parentSd * normalQuantile(lower);
    // At u = 0 the result is 0 up to rounding, which may land a hair below.
    return x > 0 ? x : 0;
  }
}

/**
 * A normal(mean, sd) conditioned to be ≥ 0: the density is renormalised on [0, ∞) (truncation, not
 * clamping, so there is no atom at 0). `mean` and `sd` are the parameters of the parent normal; the
 * distribution's `.mean` and `.variance` are those of the truncated law, in closed form with the
 * inverse Mills ratio λ = φ(α)/Φ̄(α), α = −mean/sd: `.mean` = mean + sd·λ, `.variance` =
 * sd²(1 + αλ − λ²) (Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 1, §10.1).
 *
 * Sampling is by inverse transform, one draw per sample, computed in whichever tail of the parent
 * holds less mass, so it stays accurate when P(parent < 0) is close to 1 (mean ≪ 0).
 *
 * @param params mean any finite number with mean ≥ −37·sd (else P(parent ≥ 0) < 1e-300); sd a
 *   finite number > 0.
 * @param label prefix for error messages; `fromSpec` passes the JSON path.
 * @throws FaultlineError (INVALID_PARAMETER) naming `truncatedNormal.mean` or `truncatedNormal.sd`.
 * @example truncatedNormal({ mean: 0, sd: 1 }).mean // √(2/π) ≈ 0.798 (half-normal)
 */
export function truncatedNormal(params: TruncatedNormalParams, label = 'truncatedNormal'): TruncatedNormalDistribution {
  const mean = requireFinite(`${label}.mean`, params.mean);
  const sd = requirePositive(`${label}.sd`, params.sd);
  if (-mean / sd > MAX_STANDARDISED_CUT) {
    invalidParameter(`${label}.mean`, `a number >= -${MAX_STANDARDISED_CUT}·sd = ${-MAX_STANDARDISED_CUT * sd}`, mean);
  }
  return new TruncatedNormal(mean, sd);
}
