/** The gamma distribution (sums of exponential stages), sampled by Marsaglia & Tsang's squeeze method. */

import { invalidParameter, requirePositive } from '../../errors.js';
import { logGamma, regularizedGammaP, regularizedGammaQ } from '../../math/gammaFunctions.js';
import { normalQuantile } from '../../math/normal.js';
import { LARGEST_DRAW, type Stream } from '../Stream.js';
import { requireCdfX, requireOneOf, requireQuantileP } from './checks.js';
import type { Distribution } from './Distribution.js';

/** The shape and either the scale or the rate (1/scale), not both. */
export type GammaParams =
  | { readonly shape: number; readonly scale: number; readonly rate?: never }
  | { readonly shape: number; readonly rate: number; readonly scale?: never };

export interface GammaDistribution extends Distribution {
  readonly kind: 'gamma';
  readonly shape: number;
  readonly scale: number;
}

class Gamma implements GammaDistribution {
  readonly kind = 'gamma';
  readonly shape: number;
  readonly scale: number;
  readonly mean: number;
  readonly variance: number;
  readonly #text: string;
  readonly #logGammaShape: number;
  /** Marsaglia–Tsang constants for shape (or shape + 1 when boosting): d = a − 1/3, c = 1/√(9d). */
  readonly #d: number;
  readonly #c: number;
  /** Set for shape < 1: the draw for shape + 1 is multiplied by u^(1/shape). */
  readonly #boostExponent: number;
  /** Rejection sampling: d·v·scale at the largest normal deviate, times u^(1/shape) ≤ 1 when boosting. */
  readonly largestSample: number;

  constructor(shape: number, scale: number, text: string) {
    this.shape = shape;
    this.scale = scale;
    this.mean = shape * scale;
    this.variance = shape * scale * scale;
    this.#text = text;
    this.#logGammaShape = logGamma(shape);
    this.#d = (shape < 1 ? shape + 1 : shape) - 1 / 3;
    this.#c = 1 / Math.sqrt(9 * this.#d);
    this.#boostExponent = shape < 1 ? 1 / shape : 0;
    const t = 1 + this.#c * normalQuantile(LARGEST_DRAW);
    this.largestSample = this.#d * t * t * t * scale;
  }

  sample(rng: Stream): number {
    const d = this.#d;
    const c = this.#c;
    for (;;) {
      // u = 0 gives z = −∞ and so t = −∞: rejected like any t ≤ 0.
      const z = normalQuantile(rng());
      const t = 1 + c * z;
      if (t <= 0) continue;
      const v = t * t * t;
      const u = rng();
      const z2 = z * z;
      if (u < 1 - 0.0331 * z2 * z2 || Math.log(u) < 0.5 * z2 + d * (1 - v + Math.log(v))) {
        const g = d * v * this.scale;
        return this.#boostExponent === 0 ? g : g * Math.pow(rng(), this.#boostExponent);
      }
    }
  }

  cdf(x: number): number {
    requireCdfX(this.kind, x);
    if (x <= 0) return 0;
    if (x === Infinity) return 1;
    return regularizedGammaP(this.shape, x / this.scale);
  }

  quantile(p: number): number {
    requireQuantileP(this.kind, p);
    if (p === 0) return 0;
    if (p === 1) return Infinity;
    return this.scale * standardGammaQuantile(this.shape, p, this.#logGammaShape);
  }

  describe(): string {
    return this.#text;
  }
}

const LOG_SMALLEST = Math.log(Number.MIN_VALUE);
const LOG_LARGEST = Math.log(Number.MAX_VALUE);

/**
 * Solves P(k, y) = p for y (scale 1) by Newton's method on t = ln y, safeguarded by a bracket.
 * In ln y, ln P is close to linear in the lower tail and ln Q in the upper one, so Newton on
 * ln P (p ≤ 1/2) or ln Q (p > 1/2) converges in a few steps from anywhere; the other tail
 * function is never formed as 1 − x, so extreme p keep their precision.
 */
function standardGammaQuantile(k: number, p: number, logGammaK: number): number {
  const lowerTail = p <= 0.5;
  const target = Math.log(lowerTail ? p : 1 - p);
  // ln of the power-law root of P(k, y) ≈ yᵏ/Γ(k+1), which is tight once y is tiny: below the
  // smallest subnormal (ln ≈ −744.4) the quantile is 0 in double precision.
  const powerLaw = (target + logGammaK + Math.log(k)) / k;
  if (lowerTail && powerLaw < LOG_SMALLEST) return 0;
  let t = initialGuess(k, p, powerLaw);
  let lo = -Infinity;
  let hi = Infinity;
  let previousStep = Infinity;
  for (let i = 0; i < 200; i++) {
    const y = Math.exp(t);
    const tail = lowerTail ? regularizedGammaP(k, y) : regularizedGammaQ(k, y);
    // g increases with t in both cases; its slope is y·pdf(y)/tail.
    const g = lowerTail ? Math.log(tail) - target : target - Math.log(tail);
    if (g === 0) return y;
    if (g < 0) lo = t;
    else hi = t;
    const slope = Math.exp(k * t - y - logGammaK) / tail;
    let next = t - g / slope;
    if (!(next > lo && next < hi)) next = fallbackStep(lo, hi);
    // Converged to a few ulps of t, or (large shapes, where P itself carries ~1e-10 of rounding)
    // steps stopped shrinking once small: the rest is noise in P, not distance to the root.
    const step = Math.abs(next - t);
    const tolerance = Math.max(1e-15, 4 * Number.EPSILON * Math.abs(t));
    if (step <= tolerance || hi - lo <= tolerance) return Math.exp(next);
    if (step >= previousStep && step < 1e-9 * Math.max(1, Math.abs(t))) return Math.exp(next);
    previousStep = step;
    t = next;
  }
  return Math.exp(t);
}

/** Bisects the bracket in ln y, or widens it geometrically while one side is still open. */
function fallbackStep(lo: number, hi: number): number {
  if (lo === -Infinity) return Math.max(hi - Math.max(1, Math.abs(hi)), LOG_SMALLEST);
  if (hi === Infinity) return Math.min(lo + Math.max(1, Math.abs(lo)), LOG_LARGEST);
  return (lo + hi) / 2;
}

/** ln y₀: Wilson–Hilferty (1931) for shape ≥ 1 or the upper half, else the small-y power law. */
function initialGuess(k: number, p: number, logPowerLaw: number): number {
  const w = 1 / (9 * k);
  const cube = 1 - w + normalQuantile(p) * Math.sqrt(w);
  if (cube > 0 && (k >= 1 || p > 0.5)) return Math.log(k) + 3 * Math.log(cube);
  return Math.max(logPowerLaw, LOG_SMALLEST);
}

/**
 * The gamma distribution with density ∝ x^(shape−1)·e^(−x/scale); support [0, ∞).
 * Mean shape·scale, variance shape·scale².
 *
 * Sampling: Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM TOMS
 * 26(3), with normal deviates Φ⁻¹(u) taken from the same stream, and for shape < 1 their boost
 * G(a) = G(a+1)·u^(1/a) with one more draw after acceptance. The number of draws per sample
 * varies (two per attempt, acceptance ≥ 95%). Φ⁻¹ of a 32-bit uniform is bounded by about ±6.2,
 * which truncates the normal proposal beyond that (probability ≈ 5e-10).
 * The cdf is the regularized incomplete gamma P(shape, x/scale); the quantile inverts it numerically.
 *
 * @param params shape a finite number > 0, and scale or rate (not both) a finite number > 0.
 * @param label prefix for error messages; `fromSpec` passes the JSON path.
 * @throws FaultlineError (INVALID_PARAMETER) naming `gamma.shape`, `gamma.scale` or `gamma.rate`.
 * @example gamma({ shape: 2, rate: 0.5 }).mean // 4
 */
export function gamma(params: GammaParams, label = 'gamma'): GammaDistribution {
  const shape = requirePositive(`${label}.shape`, params.shape);
  if (requireOneOf(label, 'scale', params.scale, 'rate', params.rate)) {
    const scale = requirePositive(`${label}.scale`, params.scale as number);
    return new Gamma(shape, scale, `gamma(shape=${shape}, scale=${scale})`);
  }
  const rate = requirePositive(`${label}.rate`, params.rate as number);
  if (!Number.isFinite(1 / rate)) invalidParameter(`${label}.rate`, 'a number > 0 with a finite reciprocal', rate);
  return new Gamma(shape, 1 / rate, `gamma(shape=${shape}, rate=${rate})`);
}
