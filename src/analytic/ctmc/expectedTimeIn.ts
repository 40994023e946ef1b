/** Expected time a CTMC spends in a set of states over [0, T], and more generally its expected accumulated reward, by uniformization of the integral. */

import { invalidParameter } from '../../errors.js';
import { requireDistribution, requireGenerator, stateMask, type Generator } from './generator.js';
import { poissonWindow } from './poissonWindow.js';
import { DEFAULT_EPSILON, type UniformizationOptions } from './transient.js';
import { uniformize } from './uniformize.js';

/**
 * E[time in `states` during [0, T]] = ∫₀ᵀ Σ_{s∈states} p_s(t) dt. Integrating the uniformization
 * series term by term, ∫₀ᵀ Poisson(k; Λt) dt = P(N(T) > k)/Λ with N(T) ~ Poisson(ΛT), so
 *   ∫₀ᵀ p(t) dt = (1/Λ) Σ_k P(N(T) > k)·p0·P^k.
 * P(N > k) is taken as 1 − (lower sum) below the median and as the upper sum above it, so no
 * tail probability is formed by cancellation; the Poisson window bounds the truncation error by
 * about `epsilon`·T (default 1e-14·T). Divided by T it is the expected interval availability (or
 * unavailability) when `states` are the up (down) states.
 *
 * Assumes: a time-homogeneous chain; p0 a probability distribution on the states.
 *
 * Reference: E. de Souza e Silva, H. R. Gail, "Calculating cumulative operational time
 * distributions of repairable computer systems", IEEE Trans. Computers C-35(4), 322–332, 1986;
 * Stewart 1994, ch. 8; Trivedi 2002, ch. 8 (interval availability).
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `Q`, `p0`, `T`, `states[i]` or `options.epsilon`.
 */
export function expectedTimeIn(
  Q: Generator,
  p0: ArrayLike<number>,
  T: number,
  states: readonly number[],
  options: UniformizationOptions = {},
): number {
  requireGenerator('Q', Q);
  return accumulatedReward(Q, p0, T, stateMask('states', states, Q.size), options);
}

/**
 * E[∫₀ᵀ r(X(t)) dt] = ∫₀ᵀ Σ_s p_s(t)·r_s dt for a reward rate r_s ≥ 0 per state (a Markov reward
 * model): with r the indicator of a set, the expected time in it ({@link expectedTimeIn}); with
 * r_s the total rate of the transitions out of s of some kind, the expected number of such
 * transitions in [0, T] (each transition's count has intensity Σ_s p_s(t)·rate_s). Same series,
 * error bound and assumptions as {@link expectedTimeIn}.
 *
 * Reference: as {@link expectedTimeIn}; R. A. Howard (1971), Dynamic Probabilistic Systems, vol. II
 * (Markov reward processes); K. S. Trivedi (2002), Probability and Statistics with Reliability,
 * Queuing, and Computer Science Applications, 2nd ed., §8.4 (expected accumulated reward).
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `Q`, `p0`, `T`, `reward` or `options.epsilon`.
 */
export function accumulatedReward(
  Q: Generator,
  p0: ArrayLike<number>,
  T: number,
  reward: ArrayLike<number>,
  options: UniformizationOptions = {},
): number {
  requireGenerator('Q', Q);
  requireDistribution('p0', p0, Q.size);
  if (!(Number.isFinite(T) && T >= 0)) invalidParameter('T', 'a finite time ≥ 0', T);
  if (reward.length !== Q.size) invalidParameter('reward', `${Q.size} rates, one per state`, reward.length);
  for (let i = 0; i < Q.size; i++) if (!(reward[i]! >= 0 && Number.isFinite(reward[i]!))) invalidParameter(`reward[${i}]`, 'a finite number ≥ 0', reward[i]);
  const rate = (v: ArrayLike<number>): number => {
    let s = 0;
    for (let i = 0; i < Q.size; i++) s += v[i]! * reward[i]!;
    return s;
  };
  const chain = uniformize(Q);
  if (chain.rate === 0 || T === 0) return T * rate(p0);
  const w = poissonWindow(chain.rate * T, options.epsilon ?? DEFAULT_EPSILON);
  const above = survivalWeights(w.weights);
  let v = Float64Array.from(p0);
  let next = new Float64Array(Q.size);
  // Neumaier-compensated: there are about ΛT terms, and plain summation would lose ~ΛT·1e-16.
  let sum = 0;
  let carry = 0;
  for (let k = 0; k < w.right; k++) {
    const term = (k < w.left ? 1 : above[k - w.left]!) * rate(v);
    const total = sum + term;
    carry += Math.abs(sum) >= Math.abs(term) ? sum - total + term : term - total + sum;
    sum = total;
    chain.step(v, next);
    [v, next] = [next, v];
  }
  return (sum + carry) / chain.rate;
}

/** P(N > left + i) for each window index i, from whichever side has the smaller sum. */
function survivalWeights(weights: Float64Array): Float64Array {
  const m = weights.length;
  const upper = new Float64Array(m); // upper[i] = Σ_{j>i} w_j
  for (let i = m - 2; i >= 0; i--) upper[i] = upper[i + 1]! + weights[i + 1]!;
  const out = new Float64Array(m);
  let lower = 0; // Σ_{j≤i} w_j
  for (let i = 0; i < m; i++) {
    lower += weights[i]!;
    out[i] = lower <= 0.5 ? 1 - lower : upper[i]!;
  }
  return out;
}
