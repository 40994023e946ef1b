/** The inverse of the regularized incomplete beta function: x such that I_x(a, b) = p. */

import { invalidParameter } from '../errors.js';
import { betaIncomplete, betaPowerFactor, checkBetaShapes } from './regularizedBeta.js';

const SMALLEST_NORMAL = 2.2250738585072014e-308;

/** A point of the unit simplex, x + y = 1, with each coordinate to full relative precision. */
export interface BetaPoint {
  readonly x: number;
  readonly y: number;
}

/**
 * NR's starting point (§6.14, invbetai): a normal-based guess for a, b ≥ 1, else the power tails.
 * q = 1 - p is passed separately so that a guess near 1 does not lose a small q.
 */
function initialGuess(p: number, q: number, a: number, b: number): number {
  if (a >= 1 && b >= 1) {
    const t = Math.sqrt(-2 * Math.log(Math.min(p, q)));
    let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) z = -z;
    const al = (z * z - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (z * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    return a / (a + b * Math.exp(2 * w));
  }
  const t = Math.exp(a * Math.log(a / (a + b))) / a;
  const u = Math.exp(b * Math.log(b / (a + b))) / b;
  const w = t + u;
  if (p < t / w) return Math.pow(a * w * p, 1 / a);
  return 1 - Math.pow(b * w * q, 1 / b);
}

/**
 * Solves F(u) = target for u in (0, 1), where F is I_u(a, b), or its complement when `complement`
 * is set (then F decreases). Halley steps, with a fallback to bisection (geometric near 0, where the
 * tails live) whenever a step leaves the bracket known to hold the root. The caller passes the
 * smaller of p and 1 - p as the target, so that a tiny probability is never lost in 1 - p.
 */
function solve(target: number, a: number, b: number, complement: boolean, guess: number): number {
  const sign = complement ? -1 : 1;
  let lo = 0;
  let hi = 1;
  let u = guess > 0 && guess < 1 ? guess : 0.5;
  for (let iter = 0; iter < 2000; iter++) {
    const w = 1 - u;
    const f = betaIncomplete(u, w, a, b, complement) - target;
    if (f === 0) return u;
    if (sign * f < 0) lo = u;
    else hi = u;
    // Subnormal u has too few bits for the iteration to settle; such a root is reported as 0.
    if (hi < SMALLEST_NORMAL) return 0;
    const slope = (sign * betaPowerFactor(u, w, a, b)) / (u * w);
    let next = NaN;
    if (slope !== 0 && Number.isFinite(slope)) {
      const step = f / slope;
      next = u - step / (1 - 0.5 * Math.min(1, step * ((a - 1) / u - (b - 1) / w)));
    }
    if (!(next > lo && next < hi)) next = lo > 0 ? Math.sqrt(lo) * Math.sqrt(hi) : hi / 16;
    // The root lies below the smallest subnormal: 0 is the nearest double.
    if (next === 0) return 0;
    if (lo > 0 && hi - lo <= 4 * Number.EPSILON * lo) return next;
    if (Math.abs(next - u) <= 4 * Number.EPSILON * next) return next;
    u = next;
  }
  return u;
}

/**
 * The point (x, 1 - x) with I_x(a, b) = p, where q = 1 - p is supplied by the caller so that a
 * root close to 1 is found through its small complement, to full relative precision. Arguments are
 * not checked: this is the building block behind the checked public functions.
 */
export function inverseBetaPoint(p: number, q: number, a: number, b: number): BetaPoint {
  if (p <= 0) return { x: 0, y: 1 };
  if (q <= 0) return { x: 1, y: 0 };
  const guess = initialGuess(p, q, a, b);
  if (guess <= 0.5) {
    const x = p <= q ? solve(p, a, b, false, guess) : solve(q, a, b, true, guess);
    return { x, y: 1 - x };
  }
  // Solve for y, the small coordinate, using I_y(b, a) = q.
  const guessY = initialGuess(q, p, b, a);
  const y = q <= p ? solve(q, b, a, false, guessY) : solve(p, b, a, true, guessY);
  return { x: 1 - y, y };
}

/**
 * The inverse of the regularized incomplete beta function: the x in [0, 1] with I_x(a, b) = p
 * (the p-quantile of a Beta(a, b) variable). Relative accuracy about 1e-13 or better where x is
 * well determined by p (I_x is flat in x when a or b is tiny); a root below the smallest normal
 * double (2.2e-308) is returned as 0.
 *
 * Reference: W. H. Press et al. (2007), Numerical Recipes, 3rd ed., §6.14 (invbetai: initial guess
 * and Halley iteration), with a bisection safeguard added here.
 *
 * @param p a probability in [0, 1]; 0 gives 0 and 1 gives 1.
 * @param a a finite number > 0.
 * @param b a finite number > 0.
 * @throws FaultlineError (INVALID_PARAMETER) naming `p`, `a` or `b`.
 * @example inverseRegularizedBeta(0.6875, 2, 3) // 0.5
 */
export function inverseRegularizedBeta(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1)) invalidParameter('p', 'a probability in [0, 1]', p);
  checkBetaShapes(a, b);
  return inverseBetaPoint(p, 1 - p, a, b).x;
}

