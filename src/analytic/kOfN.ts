/** Reliability, MTTF and availability of one k-of-n system of identical exponential components, with and without repair. */

import { invalidParameter, requirePositive } from '../errors.js';
import { generator, type Generator, type Transition } from './ctmc/generator.js';
import { DEFAULT_EPSILON, transient, type UniformizationOptions } from './ctmc/transient.js';
import { binomialLowerTail, type KOfNGroup } from './kOfNGroups.js';
import type { UpDown } from './repairableComponent.js';

/** A k-of-n system without repair: `count` components, at least `atLeast` must be up. */
export type KOfNLifetime = Pick<KOfNGroup, 'count' | 'atLeast' | 'mttf'>;

/** A k-of-n system with repair by `crews` repairers (omitted, or ≥ count: one per component). */
export interface KOfNRepairable extends KOfNGroup {
  readonly crews?: number;
}

/**
 * Reliability without repair: P(at least k of n up at t) = Σ_{i≥k} C(n,i) r^i (1−r)^{n−i}, with
 * r = e^{−λt}; both tails are summed directly (1 − r by expm1), so neither is formed by
 * cancellation.
 *
 * Assumes: n identical components, independent, exponential lifetimes (mean mttf), all up at 0,
 * no repair.
 * Reference: Barlow & Proschan 1975, ch. 2 (k-out-of-n structures); Trivedi 2002, ch. 3.
 * @throws FaultlineError (INVALID_PARAMETER) naming `count`, `atLeast`, `mttf` or `t`.
 * @example kOfNReliability({ count: 3, atLeast: 2, mttf: 8760 }, 24).up // 3r² − 2r³, r = e^{−24/8760}
 */
export function kOfNReliability(g: KOfNLifetime, t: number): UpDown {
  const { n, k } = requireShape(g);
  requirePositive('mttf', g.mttf);
  if (!(Number.isFinite(t) && t >= 0)) invalidParameter('t', 'a finite time ≥ 0 (hours)', t);
  const r = Math.exp(-t / g.mttf);
  const q = -Math.expm1(-t / g.mttf);
  // up: fewer than n − k + 1 components down.
  return { up: binomialLowerTail(n, n - k + 1, q, r), down: binomialLowerTail(n, k, r, q) };
}

/**
 * MTTF without repair: the k-th largest of n exponential lifetimes, Σ_{i=k}^{n} 1/(iλ) (while i
 * components are up the next failure comes at rate iλ).
 *
 * Assumes: as kOfNReliability. For TMR (2-of-3) it is 5/(6λ).
 * Reference: Trivedi 2002, ch. 4 (expected life of k-of-n and TMR systems); Barlow & Proschan 1975, ch. 2.
 * @throws FaultlineError (INVALID_PARAMETER) naming `count`, `atLeast` or `mttf`.
 */
export function kOfNMttf(g: KOfNLifetime): number {
  const { n, k } = requireShape(g);
  requirePositive('mttf', g.mttf);
  let sum = 0;
  for (let i = n; i >= k; i--) sum += 1 / i; // smallest terms first
  return g.mttf * sum;
}

/**
 * Steady-state availability with independent repair: P(Binomial(n, A) ≥ k), A = mttf/(mttf+mttr).
 *
 * Assumes: independent components each with its own repairer (no queueing for repair); any
 * up/down distributions with these means (alternating-renewal limit); components keep failing
 * while the system is down.
 * Reference: Barlow & Proschan 1975, ch. 2; Trivedi 2002, ch. 8.
 * @throws FaultlineError (INVALID_PARAMETER) naming `count`, `atLeast`, `mttf` or `mttr`.
 */
export function kOfNSteadyAvailability(g: KOfNGroup): UpDown {
  const { n, k } = requireShape(g);
  requirePositive('mttf', g.mttf);
  requirePositive('mttr', g.mttr);
  const a = g.mttf / (g.mttf + g.mttr);
  const q = g.mttr / (g.mttf + g.mttr);
  return { up: binomialLowerTail(n, n - k + 1, q, a), down: binomialLowerTail(n, k, a, q) };
}

/**
 * Steady-state availability with c repair crews shared by the n components: the number failed j
 * is a birth–death chain with failure rate (n − j)λ and repair rate min(j, c)μ, so
 *   π_j ∝ Π_{i=0}^{j−1} (n − i)λ / (min(i + 1, c)μ),   U = Σ_{j > n−k} π_j / Σ_j π_j.
 * Both sums are of non-negative terms (no 1 − A). With c ≥ n it equals kOfNSteadyAvailability.
 *
 * Assumes: exponential up and down times (the queueing for crews makes the distributions
 * matter); FCFS or any work-conserving order of repair; components keep failing while the
 * system is down; repair as good as new.
 * Reference: Trivedi 2002, ch. 8 (birth–death availability models; the machine-repairman problem);
 * Barlow & Proschan 1975 (alternating renewal processes).
 * @throws FaultlineError (INVALID_PARAMETER) naming `count`, `atLeast`, `mttf`, `mttr` or `crews`.
 */
export function kOfNSharedRepairAvailability(g: KOfNRepairable): UpDown {
  const { n, k, c } = requireRepairable(g);
  const weights = new Float64Array(n + 1);
  weights[0] = 1;
  for (let j = 1; j <= n; j++) {
    weights[j] = (weights[j - 1]! * (n - j + 1) * g.mttr) / (Math.min(j, c) * g.mttf);
    if (weights[j]! > 1e250) for (let i = 0; i <= j; i++) weights[i] = weights[i]! * 1e-250;
  }
  let up = 0;
  let down = 0;
  for (let j = n; j > n - k; j--) down += weights[j]!;
  for (let j = n - k; j >= 0; j--) up += weights[j]!;
  const total = up + down;
  return { up: up / total, down: down / total };
}

/**
 * MTTF with repair: mean time from all up to fewer than k up. For the birth–death chain on the
 * number failed (rates b_j = (n − j)λ up, d_j = min(j, c)μ down) the mean passage time from j to
 * j + 1 is m_0 = 1/b_0, m_j = (1 + d_j m_{j−1})/b_j, and MTTF = Σ_{j=0}^{n−k} m_j. For TMR with
 * repair it is (5λ + μ)/(6λ²).
 *
 * Assumes: exponential up and down times; c crews (c ≥ n: independent repair); the system is
 * "failed" at the first time fewer than k components are up (no repair of the system after).
 * Reference: Trivedi 2002, ch. 8 (CTMCs with absorbing states: MTTF of TMR and k-of-n
 * systems with repair); S. Karlin, H. M. Taylor, *A First Course in Stochastic Processes*, 2nd ed.,
 * 1975, ch. 4 (birth and death processes).
 * @throws FaultlineError (INVALID_PARAMETER) naming `count`, `atLeast`, `mttf`, `mttr` or `crews`.
 */
export function kOfNRepairMttf(g: KOfNRepairable): number {
  const { n, k, c } = requireRepairable(g);
  let passage = 0;
  let sum = 0;
  for (let j = 0; j <= n - k; j++) {
    passage = (g.mttf + (Math.min(j, c) * g.mttf * passage) / g.mttr) / (n - j);
    sum += passage;
  }
  return sum;
}

/**
 * Mission reliability with repair: P(at least k up throughout [0, t]) from all up, i.e. 1 − P(the
 * chain of kOfNRepairChain has been absorbed by t), by uniformization. `down` is the absorbed
 * probability itself, not 1 − up; by default it has relative error about 1e-13 however small it
 * is (when it is below 1e-2 the solve is repeated with the error budget ε = 1e-14·down). With
 * options.epsilon, the error is instead ≤ ε in absolute terms.
 *
 * Assumes: as kOfNRepairMttf.
 * Reference: Trivedi 2002, ch. 8 (reliability of systems with repair from absorbing chains);
 * Jensen 1953 (uniformization).
 * @throws FaultlineError (INVALID_PARAMETER) naming `count`, `atLeast`, `mttf`, `mttr`, `crews`,
 *   `t` or `options.epsilon`.
 */
export function kOfNRepairReliability(g: KOfNRepairable, t: number, options: UniformizationOptions = {}): UpDown {
  const Q = kOfNRepairChain(g);
  if (!(Number.isFinite(t) && t >= 0)) invalidParameter('t', 'a finite time ≥ 0 (hours)', t);
  const p0 = new Float64Array(Q.size);
  p0[0] = 1;
  const failed = Q.size - 1;
  let p = transient(Q, p0, t, options);
  if (options.epsilon === undefined && p[failed]! < 1e-2) {
    // The default error bound is absolute; a second pass with ε below 1e-14·down makes it relative.
    p = transient(Q, p0, t, { epsilon: Math.max(DEFAULT_EPSILON * p[failed]!, 1e-300) });
  }
  let up = 0;
  for (let j = failed - 1; j >= 0; j--) up += p[j]!;
  return { up, down: p[failed]! };
}

/**
 * The chain for kOfNRepairMttf and kOfNRepairReliability: states j = 0…n−k+1 components failed,
 * failures at (n − j)λ, repairs at min(j, c)μ, and state n−k+1 (system failed) absorbing.
 *
 * Assumes / reference: as kOfNRepairMttf.
 * @throws FaultlineError (INVALID_PARAMETER) naming `count`, `atLeast`, `mttf`, `mttr` or `crews`.
 */
export function kOfNRepairChain(g: KOfNRepairable): Generator {
  const { n, k, c } = requireRepairable(g);
  const failed = n - k + 1;
  const transitions: Transition[] = [];
  for (let j = 0; j < failed; j++) {
    transitions.push({ from: j, to: j + 1, rate: (n - j) / g.mttf });
    if (j > 0) transitions.push({ from: j, to: j - 1, rate: Math.min(j, c) / g.mttr });
  }
  return generator(failed + 1, transitions);
}

function requireShape(g: Pick<KOfNGroup, 'count' | 'atLeast'>): { n: number; k: number } {
  if (!(Number.isInteger(g.count) && g.count >= 1)) invalidParameter('count', 'an integer ≥ 1', g.count);
  if (!(Number.isInteger(g.atLeast) && g.atLeast >= 1 && g.atLeast <= g.count)) {
    invalidParameter('atLeast', `an integer in 1…count (${g.count})`, g.atLeast);
  }
  return { n: g.count, k: g.atLeast };
}

function requireRepairable(g: KOfNRepairable): { n: number; k: number; c: number } {
  const { n, k } = requireShape(g);
  requirePositive('mttf', g.mttf);
  requirePositive('mttr', g.mttr);
  const crews = g.crews ?? n;
  if (!(Number.isInteger(crews) && crews >= 1)) invalidParameter('crews', 'an integer ≥ 1', crews);
  return { n, k, c: Math.min(crews, n) };
}
