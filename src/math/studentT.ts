/** Student's t distribution: CDF and quantile for any real degrees of freedom, exact via the incomplete beta. */

import { invalidParameter } from '../errors.js';
import { logGamma } from './gammaFunctions.js';
import { inverseBetaPoint } from './inverseRegularizedBeta.js';
import { normalCdf, normalQuantile } from './normal.js';
import { betaIncomplete } from './regularizedBeta.js';

const LOG_PI = 1.1447298858494002;

function checkDf(df: number): void {
  if (!(df > 0)) invalidParameter('df', 'a number > 0 (Infinity allowed)', df);
}

/**
 * The CDF of Student's t distribution with `df` degrees of freedom, P(T ≤ t), with relative accuracy
 * about 1e-14 in both tails. Uses P(T ≤ -|t|) = ½ I_x(df/2, ½) with x = df/(df + t²), passing both x
 * and 1 - x so that neither is formed by subtraction.
 *
 * Reference: M. Abramowitz & I. A. Stegun (1964), Handbook of Mathematical Functions, 26.7.1 and
 * 26.5.27.
 *
 * @param t any number (±Infinity allowed; NaN gives NaN).
 * @param df degrees of freedom, a number > 0, not necessarily an integer; Infinity gives the normal.
 * @throws FaultlineError (INVALID_PARAMETER) naming `df`.
 * @example studentTCdf(2.228138851986274, 10) // 0.975
 */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return NaN;
  if (df === Infinity) return normalCdf(t);
  const t2 = t * t;
  const x = 1 / (1 + t2 / df);
  const y = 1 / (1 + df / t2);
  const tail = 0.5 * betaIncomplete(x, y, df / 2, 0.5, false);
  return t <= 0 ? tail : 1 - tail;
}

/**
 * |t| for a tail probability so small that t² ≫ df: there P(T > t) = C t^-df (1 + O(df/t²)) with
 * C = Γ((df+1)/2) df^(df/2 - 1) / (√π Γ(df/2)), and
 * the incomplete-beta route would underflow x = df/(df + t²). Only reachable for df < 2.
 */
function farTailQuantile(tail: number, df: number): number {
  const logC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * LOG_PI + (df / 2 - 1) * Math.log(df);
  return Math.exp((logC - Math.log(tail)) / df);
}

/**
 * The quantile of Student's t distribution, the t with P(T ≤ t) = p, with relative accuracy about
 * 1e-13 over p in [1e-300, 1 - 1e-16]. Exact through the inverse incomplete beta function, so df may
 * be any real number > 0.
 *
 * Reference: Abramowitz & Stegun (1964) 26.7.1 with the inverse incomplete beta of Numerical
 * Recipes §6.14; for df < 2 in the far tail, the leading term of the t density's tail expansion.
 *
 * @param p a probability in [0, 1]; 0 gives -Infinity and 1 gives +Infinity.
 * @param df degrees of freedom, a number > 0; Infinity gives the normal quantile.
 * @throws FaultlineError (INVALID_PARAMETER) naming `p` or `df`.
 * @example studentTQuantile(0.975, 10) // 2.228138851986274
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1)) invalidParameter('p', 'a probability in [0, 1]', p);
  checkDf(df);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df === Infinity) return normalQuantile(p);
  // 1 - p is exact for p ≥ ½, so the upper tail keeps its precision.
  const tail = p < 0.5 ? p : 1 - p;
  let magnitude = df < 2 ? farTailQuantile(tail, df) : 0;
  if (!(magnitude > 1e140)) {
    const point = inverseBetaPoint(2 * tail, 1 - 2 * tail, df / 2, 0.5);
    magnitude = Math.sqrt(df * (point.y / point.x));
  }
  return p < 0.5 ? -magnitude : magnitude;
}
