/** The inverse of the regularized incomplete gamma function: the quantile of a unit-scale gamma distribution. */

import { invalidParameter } from '../errors.js';
import { regularizedGammaP, regularizedGammaQ } from './gammaFunctions.js';

/**
 * x such that P(a, x) = p (equivalently Q(a, x) = q = 1 − p): the p-quantile of a gamma
 * distribution with shape a and unit scale; χ²_ν quantiles are 2·x with a = ν/2. The root is
 * bracketed and bisected on a logarithmic scale, against P where p ≤ ½ and against Q where p > ½,
 * so that a tail probability is never lost in 1 − p; the result is within a few ulps of the root.
 *
 * Reference: the function inverted is as in {@link regularizedGammaP}; the method is plain
 * bisection, chosen over Newton's (Numerical Recipes §6.2.1) because it cannot leave its bracket.
 *
 * @param p a probability in [0, 1] (0 gives 0, 1 gives Infinity).
 * @param a shape, a finite number > 0.
 * @throws FaultlineError (INVALID_PARAMETER) naming `p` or `a`.
 * @example inverseRegularizedGammaP(0.995, 1) // −ln(0.005) = 5.298317366548036
 */
export function inverseRegularizedGammaP(p: number, a: number): number {
  if (!(p >= 0 && p <= 1)) invalidParameter('p', 'a probability in [0, 1]', p);
  if (!(Number.isFinite(a) && a > 0)) invalidParameter('a', 'a finite number > 0', a);
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  const upper = p > 0.5;
  const target = upper ? 1 - p : p;
  // F(x) increases from 0 to 1 in the lower form and the tail 1 − F decreases in the upper form.
  const below = (x: number): boolean => (upper ? regularizedGammaQ(a, x) > target : regularizedGammaP(a, x) < target);
  let lo = Math.max(Number.MIN_VALUE, a / 2);
  let hi = Math.max(1, 2 * a);
  while (!below(lo) && lo > Number.MIN_VALUE) lo = Math.max(Number.MIN_VALUE, lo / 16);
  while (below(hi)) hi *= 4;
  for (let i = 0; i < 200 && hi - lo > 4 * Number.EPSILON * hi; i++) {
    // Geometric midpoints while the bracket spans orders of magnitude, arithmetic ones after.
    const mid = hi / lo > 4 ? Math.sqrt(lo) * Math.sqrt(hi) : lo + (hi - lo) / 2;
    if (below(mid)) lo = mid;
    else hi = mid;
  }
  return lo + (hi - lo) / 2;
}
