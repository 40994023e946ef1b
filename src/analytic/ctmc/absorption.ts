/** Mean time to absorption and absorption probabilities of a CTMC, by GTH-style elimination. */

import { requireDistribution, requireGenerator, stateMask, unsolvable, type Generator } from './generator.js';

/** What `absorption` returns. */
export interface Absorption {
  /** E[time until the chain first enters an absorbing state], hours. */
  readonly meanTime: number;
  /** Expected total time spent in each state before absorption (0 for absorbing states). */
  readonly timeIn: Float64Array;
  /** Probability of being absorbed in each state (0 for transient states); sums to 1. */
  readonly probability: Float64Array;
}

/**
 * Mean time to absorption, expected time in each transient state, and where the chain is
 * absorbed, starting from p0. The expected times τ solve τ·(−Q_TT) = p0_T on the transient
 * states T; the absorption probabilities are p0_a + Σ_i τ_i q_ia. The system is solved by
 * eliminating transient states last-first as in GTH: each pivot is the sum of the remaining
 * rates out of the state (to other transient states and, through eliminated ones, to
 * absorption), never the cancelling diagonal, so all operations are on non-negative numbers and
 * no pivoting is needed (−Q_TT is a non-singular M-matrix). The states named `absorbing` are
 * made absorbing: their outgoing rates in Q are ignored.
 *
 * Assumes: every state reachable from p0 (before absorption) can reach an absorbing one, else
 * the mean time is infinite and this throws; unreachable states are left out of the system.
 *
 * Reference: Grassmann, Taksar & Heyman 1985 (elimination without subtraction); M. F. Neuts,
 * *Matrix-Geometric Solutions in Stochastic Models*, 1981, ch. 2 (phase-type distributions: τ = p0(−Q_TT)^{-1}); Trivedi
 * 2002, ch. 8 (MTTF of systems with repair as mean time to absorption).
 *
 * @throws FaultlineError INVALID_PARAMETER naming `Q`, `p0` or `absorbing[i]`; INVALID_ARGUMENT
 *   naming `absorbing` when it is empty or some transient state cannot reach it.
 */
export function absorption(Q: Generator, p0: ArrayLike<number>, absorbing: readonly number[]): Absorption {
  requireGenerator('Q', Q);
  requireDistribution('p0', p0, Q.size);
  const n = Q.size;
  const isAbsorbing = stateMask('absorbing', absorbing, n);
  if (absorbing.length === 0) unsolvable('absorbing', 'expected at least one absorbing state');
  const transientStates = reachableTransient(Q, p0, isAbsorbing);
  const m = transientStates.length;
  // r: rates between transient states (compact indices); d: total rate into absorbing states.
  const r = new Float64Array(m * m);
  const d = new Float64Array(m);
  const b = new Float64Array(m);
  transientStates.forEach((s, i) => {
    b[i] = p0[s]!;
    transientStates.forEach((u, j) => {
      if (i !== j) r[i * m + j] = Q.rates[s * n + u]!;
    });
    for (let a = 0; a < n; a++) if (isAbsorbing[a] === 1) d[i]! += Q.rates[s * n + a]!;
  });
  const pivot = new Float64Array(m);
  for (let k = m - 1; k >= 0; k--) {
    const rowK = k * m;
    let s = d[k]!;
    for (let j = 0; j < k; j++) s += r[rowK + j]!;
    if (!(s > 0)) unsolvable('absorbing', `state ${transientStates[k]} cannot reach an absorbing state`);
    pivot[k] = s;
    const bk = b[k]! / s;
    for (let j = 0; j < k; j++) b[j]! += bk * r[rowK + j]!;
    for (let i = 0; i < k; i++) {
      const rowI = i * m;
      const rik = r[rowI + k]!;
      if (rik === 0) continue;
      const f = rik / s;
      r[rowI + k] = f;
      d[i]! += f * d[k]!;
      for (let j = 0; j < k; j++) if (j !== i) r[rowI + j]! += f * r[rowK + j]!;
    }
  }
  const tau = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    // r[i][k] now holds r_ik/pivot_k (stored when k was eliminated).
    let v = b[k]! / pivot[k]!;
    for (let i = 0; i < k; i++) v += tau[i]! * r[i * m + k]!;
    tau[k] = v;
  }
  return collect(Q, p0, transientStates, isAbsorbing, tau);
}

/**
 * Non-absorbing states reachable from where p0 puts mass without passing an absorbing state, in
 * index order. States never visited have zero expected time, and leaving them out lets a chain
 * carry states beyond the absorbing ones (e.g. more failed components) that cannot be reached.
 */
function reachableTransient(Q: Generator, p0: ArrayLike<number>, isAbsorbing: Uint8Array): number[] {
  const n = Q.size;
  const seen = new Uint8Array(n);
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    if (p0[i]! > 0 && isAbsorbing[i] === 0) {
      seen[i] = 1;
      stack.push(i);
    }
  }
  while (stack.length > 0) {
    const i = stack.pop()!;
    for (let j = 0; j < n; j++) {
      if (seen[j] === 0 && isAbsorbing[j] === 0 && Q.rates[i * n + j]! > 0) {
        seen[j] = 1;
        stack.push(j);
      }
    }
  }
  const states: number[] = [];
  for (let i = 0; i < n; i++) if (seen[i] === 1) states.push(i);
  return states;
}

function collect(Q: Generator, p0: ArrayLike<number>, transientStates: readonly number[], isAbsorbing: Uint8Array, tau: Float64Array): Absorption {
  const n = Q.size;
  const timeIn = new Float64Array(n);
  const probability = new Float64Array(n);
  let meanTime = 0;
  transientStates.forEach((s, i) => {
    timeIn[s] = tau[i]!;
    meanTime += tau[i]!;
  });
  for (let a = 0; a < n; a++) {
    if (isAbsorbing[a] === 0) continue;
    let v = p0[a]!;
    transientStates.forEach((s, i) => (v += tau[i]! * Q.rates[s * n + a]!));
    probability[a] = v;
  }
  return { meanTime, timeIn, probability };
}
