/** Truncated, normalised Poisson probabilities for uniformization, computed without underflow. */

import { invalidParameter } from '../../errors.js';

/** Poisson(x) probabilities for k in [left, right], normalised to sum to 1 over that window. */
export interface PoissonWindow {
  readonly left: number;
  readonly right: number;
  /** weights[k − left] ≈ P(N = k) for N ~ Poisson(x). */
  readonly weights: Float64Array;
}

/**
 * The Poisson(x) window that uniformization sums over. Weights are built outward from the mode m
 * by the ratios P(k±1)/P(k), starting from 1 at m, and normalised at the end (Fox–Glynn style):
 * e^{−x} itself is never formed, so nothing underflows however large x is (e^{−x} underflows for
 * x > 745). Since P(N = m) ≤ 1, each unnormalised weight bounds the true probability, and the
 * tails beyond the window are bounded by geometric series with the ratio at the cut:
 *   P(N < left) ≤ w(left−1) / (1 − (left−1)/x),   P(N > right) ≤ w(right+1) / (1 − x/(right+2)),
 *   Σ_{k>right} (k − right)·P(N = k) ≤ w(right+1) / (1 − x/(right+2))².
 * The window is widened until the first two are ≤ ε/4 and the third is ≤ ε·x/4. Then Σ_k |ŵ_k −
 * P(N = k)| ≤ ε, so p(t) = Σ ŵ_k v_k is within ε of the exact value in total variation (the v_k
 * are probability vectors), and the integral form ∫₀ᵀ p(t) dt within about ε·T.
 *
 * Reference: B. L. Fox, P. W. Glynn, "Computing Poisson probabilities", Communications of the
 * ACM 31(4), 440–445, 1988 (weights from the mode, no underflow); the tail bounds are the
 * elementary geometric ones, looser than theirs but rigorous for every x.
 *
 * @param x the Poisson mean Λt, finite and ≥ 0.
 * @param epsilon the error budget in total variation, in (0, 1).
 * @throws FaultlineError (INVALID_PARAMETER) naming `x` or `epsilon`.
 */
export function poissonWindow(x: number, epsilon: number): PoissonWindow {
  if (!(Number.isFinite(x) && x >= 0)) invalidParameter('x', 'a finite number ≥ 0', x);
  if (!(epsilon > 0 && epsilon < 1)) invalidParameter('epsilon', 'a number in (0, 1)', epsilon);
  if (x === 0) return { left: 0, right: 0, weights: Float64Array.of(1) };
  const mode = Math.floor(x);
  const below: number[] = [];
  let w = 1;
  for (let k = mode; k > 0; k--) {
    const next = (w * k) / x; // w(k − 1)
    if (next / (1 - (k - 1) / x) <= epsilon / 4) break;
    below.push(next);
    w = next;
  }
  const above: number[] = [];
  w = 1;
  for (let k = mode; ; k++) {
    const next = (w * x) / (k + 1); // w(k + 1)
    const rest = 1 - x / (k + 2);
    if (next / rest <= epsilon / 4 && next / (rest * rest) <= (epsilon * x) / 4) break;
    above.push(next);
    w = next;
  }
  const left = mode - below.length;
  const weights = new Float64Array(below.length + 1 + above.length);
  below.forEach((v, i) => (weights[below.length - 1 - i] = v));
  weights[below.length] = 1;
  above.forEach((v, i) => (weights[below.length + 1 + i] = v));
  // Summing from the smallest weights up keeps the normalising sum accurate to rounding.
  let total = 0;
  for (let i = 0; i < below.length; i++) total += weights[i]!;
  for (let i = weights.length - 1; i >= below.length; i--) total += weights[i]!;
  for (let i = 0; i < weights.length; i++) weights[i] = weights[i]! / total;
  return { left, right: left + weights.length - 1, weights };
}
