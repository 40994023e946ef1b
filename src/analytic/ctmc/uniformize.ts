/** The uniformized (discrete-time) chain P = I + Q/Λ of a CTMC, stored sparse for repeated steps. */

import { exitRate, type Generator } from './generator.js';

/** P = I + Q/Λ with Λ = the largest exit rate, and its one-step map v ↦ vP. */
export interface Uniformized {
  /** Λ, per hour; 0 when no state has a transition (then P = I). */
  readonly rate: number;
  /** Writes `from`·P into `to` (distinct arrays of length size). */
  step(from: Float64Array, to: Float64Array): void;
}

/**
 * Uniformizes Q at Λ = max_i Σ_{j≠i} q_ij, the smallest valid rate, which minimises the number of
 * Poisson terms. The diagonal 1 − out_i/Λ is formed from the exit rate (a sum of non-negative
 * rates), and the matrix is kept in compressed rows, so a step costs O(non-zeros), not O(n²), and
 * adds only non-negative products: the vectors vP^k keep relative accuracy in tiny entries.
 *
 * Assumes Q has been validated (see requireGenerator).
 *
 * Reference: A. Jensen, "Markoff chains as an aid in the study of Markoff processes", Skandinavisk
 * Aktuarietidskrift 36, 87–91, 1953; Stewart 1994, ch. 8 (uniformization).
 */
export function uniformize(Q: Generator): Uniformized {
  const n = Q.size;
  const out = new Float64Array(n);
  let rate = 0;
  for (let i = 0; i < n; i++) {
    out[i] = exitRate(Q.rates, n, i);
    rate = Math.max(rate, out[i]!);
  }
  const start = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    start[i] = cols.length;
    for (let j = 0; j < n; j++) {
      const v = i === j ? (rate === 0 ? 1 : (rate - out[i]!) / rate) : Q.rates[i * n + j]! / rate;
      if (v !== 0) {
        cols.push(j);
        vals.push(v);
      }
    }
  }
  start[n] = cols.length;
  const col = Int32Array.from(cols);
  const val = Float64Array.from(vals);
  return {
    rate,
    step(from: Float64Array, to: Float64Array): void {
      to.fill(0);
      for (let i = 0; i < n; i++) {
        const p = from[i]!;
        if (p === 0) continue;
        for (let e = start[i]!; e < start[i + 1]!; e++) to[col[e]!]! += p * val[e]!;
      }
    },
  };
}
