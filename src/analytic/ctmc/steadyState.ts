/** The stationary distribution of an irreducible CTMC by GTH elimination. */

import { requireGenerator, unsolvable, type Generator } from './generator.js';

/**
 * Stationary distribution π (πQ = 0, Σπ = 1) of an irreducible chain, by the
 * Grassmann–Taksar–Heyman algorithm: states are censored out one at a time (last first), and the
 * pivot of each step is the sum of the remaining off-diagonal rates rather than the (cancelling)
 * diagonal, so every operation adds, multiplies or divides non-negative numbers. That keeps the
 * relative accuracy of each π_i near machine precision however small it is (1e-15, 1e-200), which
 * Gaussian elimination on Q or power iteration does not.
 *
 * Assumes: Q is irreducible (every state reaches every other). A chain whose only closed class
 * contains state 0 also works (its other states get 0); any other reducible chain is reported,
 * since its stationary distribution is not unique or not found this way. Cost O(n³) time,
 * O(n²) memory; zero rates are skipped, so banded chains (birth–death) cost O(n·b²).
 *
 * Reference: W. K. Grassmann, M. I. Taksar, D. P. Heyman, "Regenerative analysis and steady
 * state distributions for Markov chains", Operations Research 33(5), 1107–1116, 1985; Stewart
 * 1994, ch. 2 (the GTH variant of Gaussian elimination).
 *
 * @throws FaultlineError INVALID_PARAMETER naming `Q` for a malformed generator, INVALID_ARGUMENT
 *   naming `Q` when the chain is not irreducible.
 * @example steadyState(generator(2, [{from: 0, to: 1, rate: 1}, {from: 1, to: 0, rate: 3}])) // [0.75, 0.25]
 */
export function steadyState(Q: Generator): Float64Array {
  requireGenerator('Q', Q);
  const n = Q.size;
  const a = Float64Array.from(Q.rates);
  for (let i = 0; i < n; i++) a[i * n + i] = 0;
  for (let k = n - 1; k >= 1; k--) {
    const rowK = k * n;
    let s = 0;
    for (let j = 0; j < k; j++) s += a[rowK + j]!;
    if (!(s > 0)) unsolvable('Q', `the chain is not irreducible (state ${k} cannot reach states 0…${k - 1})`);
    for (let i = 0; i < k; i++) {
      const rowI = i * n;
      const aik = a[rowI + k]!;
      if (aik === 0) continue;
      const f = aik / s;
      a[rowI + k] = f;
      for (let j = 0; j < k; j++) {
        const akj = a[rowK + j]!;
        if (akj !== 0 && j !== i) a[rowI + j]! += f * akj;
      }
    }
  }
  const pi = new Float64Array(n);
  pi[0] = 1;
  let total = 1;
  for (let j = 1; j < n; j++) {
    let v = 0;
    for (let i = 0; i < j; i++) v += pi[i]! * a[i * n + j]!;
    pi[j] = v;
    total += v;
  }
  if (!(total > 0 && Number.isFinite(total))) unsolvable('Q', 'the stationary distribution overflows the double range');
  for (let j = 0; j < n; j++) pi[j] = pi[j]! / total;
  return pi;
}
