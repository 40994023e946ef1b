/**
 * The ratio estimator R̂ = Σx_r / Σy_r over independent replications r, with its delta-method
 * (linearisation) standard error and Student-t interval, computed once from exact sums.
 */
import { invalidParameter } from '../errors.js';
import { studentTQuantile } from '../math/studentT.js';
import { bigIntQuotientToDouble } from './ExactSum.js';

/**
 * The exact sums a ratio estimate needs, as integers in units of 2^`unitExponent` (every sum in
 * the same unit: an `ExactSum`'s 2^-1074, or 1 for integer counts).
 */
export interface RatioSums {
  /** Replications (the independent units, clusters). */
  readonly n: number;
  /** Σx_r. */
  readonly sx: bigint;
  /** Σy_r. */
  readonly sy: bigint;
  /** Σx_r². */
  readonly sxx: bigint;
  /** Σy_r². */
  readonly syy: bigint;
  /** Σx_r·y_r. */
  readonly sxy: bigint;
  readonly unitExponent: number;
}

/** A ratio estimate: R̂ = Σx/Σy and its standard error (NaN with fewer than two replications or Σy = 0). */
export interface RatioStatistics {
  readonly ratio: number;
  readonly stdError: number;
}

/**
 * R̂ = Σx/Σy and se(R̂)² = Σ_r (x_r − R̂y_r)² / (n(n−1)ȳ²), the linearisation (delta-method)
 * variance of the ratio estimator with the usual n/(n−1) correction (Cochran, *Sampling
 * Techniques*, 3rd ed., 1977, §6.4, eq. 6.9 without the finite-population factor). The
 * replication is the unit: whatever happens inside one (an outage failing many queries at once)
 * is carried by the spread of its x_r − R̂y_r, so this is also the cluster-robust variance.
 *
 * Computed exactly: Σ(x − R̂y)²·(Σy)² = Σx²(Σy)² − 2ΣxΣyΣxy + (Σx)²Σy² is formed in integers,
 * so there is no cancellation, and only the final quotient is rounded. Both results are
 * correctly rounded but for ties within 2^-64.
 * @throws FaultlineError (INVALID_PARAMETER) naming `n` unless a non-negative integer.
 */
export function ratioStatistics(s: RatioSums): RatioStatistics {
  if (!(Number.isSafeInteger(s.n) && s.n >= 0)) invalidParameter('n', 'a non-negative integer', s.n);
  const ratio = bigIntQuotientToDouble(s.sx, s.sy, 0);
  if (s.n < 2 || s.sy === 0n) return { ratio, stdError: NaN };
  const scaled = s.sxx * s.sy * s.sy - 2n * s.sx * s.sy * s.sxy + s.sx * s.sx * s.syy;
  // Negative only if the squares lost bits to underflow (|x| < 2^-458): the spread is then 0.
  if (scaled <= 0n) return { ratio, stdError: 0 };
  const n = BigInt(s.n);
  const sy2 = s.sy * s.sy;
  // se² = scaled·n / ((n − 1)·(Σy)⁴), in units of 2^(3u − 4u).
  const variance = bigIntQuotientToDouble(scaled * n, (n - 1n) * sy2 * sy2, -s.unitExponent);
  return { ratio, stdError: Math.sqrt(variance) };
}

/**
 * The Student-t critical value with n − 1 degrees of freedom for a two-sided interval at
 * `confidence`, taken from the lower tail for precision near 1 (NaN with fewer than two).
 */
export function tCritical(n: number, confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) invalidParameter('confidence', 'a number in (0, 1)', confidence);
  return n < 2 ? NaN : -studentTQuantile((1 - confidence) / 2, n - 1);
}
