/** Series, parallel, majority-quorum and standby structures of independent components. */

import { invalidParameter, requirePositive } from '../errors.js';
import { regularizedGammaP, regularizedGammaQ } from '../math/gammaFunctions.js';
import type { UniformizationOptions } from './ctmc/transient.js';
import { kOfNMttf, kOfNReliability, kOfNRepairMttf, kOfNRepairReliability, kOfNSharedRepairAvailability } from './kOfN.js';
import type { UpDown } from './repairableComponent.js';

/** `count` identical components with exponential lifetimes of mean `mttf` hours. */
export interface IdenticalComponents {
  readonly count: number;
  readonly mttf: number;
}

/** Identical repairable components; `crews` repairers (omitted, or ≥ count: one per component). */
export interface IdenticalRepairable extends IdenticalComponents {
  readonly mttr: number;
  readonly crews?: number;
}

/**
 * Series structure: up iff every part is up. up = Π up_i; down = 1 − Π(1 − down_i) formed as
 * −expm1(Σ log1p(−down_i)), so a tiny system unavailability keeps its relative precision.
 * Works in either form: pass availabilities at one instant (or steady state) to get the system
 * availability, reliabilities by one time to get the system reliability.
 *
 * Assumes: the parts are independent (at the instant, or over the whole mission). Availability
 * form: each part has its own repairer and keeps failing while the system is down.
 * Reference: Barlow & Proschan 1975, ch. 1–2 (series systems; coherent structures).
 * @throws FaultlineError (INVALID_PARAMETER) naming `parts` or `parts[i].up/.down`.
 */
export function series(parts: readonly UpDown[]): UpDown {
  requireParts(parts);
  let up = 1;
  let logUp = 0;
  for (const p of parts) {
    up *= p.up;
    logUp += Math.log1p(-p.down);
  }
  return { up, down: 0 - Math.expm1(logUp) };
}

/**
 * Parallel structure: up iff at least one part is up. down = Π down_i; up = 1 − Π down_i formed
 * as −expm1(Σ ln down_i). Either form, as for series; in reliability form with identical parts it
 * is hot standby.
 *
 * Assumes: independent parts; in availability form each part has its own repairer.
 * Reference: Barlow & Proschan 1975, ch. 1–2 (parallel systems).
 * @throws FaultlineError (INVALID_PARAMETER) naming `parts` or `parts[i].up/.down`.
 */
export function parallel(parts: readonly UpDown[]): UpDown {
  requireParts(parts);
  let down = 1;
  let logDown = 0;
  for (const p of parts) {
    down *= p.down;
    logDown += Math.log(p.down);
  }
  return { up: 0 - Math.expm1(logDown), down };
}

/**
 * MTTF of a series of exponential components without repair: 1/Σλ_i (the minimum of independent
 * exponentials is exponential with the summed rate).
 *
 * Assumes: independent exponential lifetimes, all up at 0, no repair.
 * Reference: Barlow & Proschan 1975, ch. 1; Trivedi 2002, ch. 4.
 * @throws FaultlineError (INVALID_PARAMETER) naming `mttfs` or `mttfs[i]`.
 */
export function seriesMttf(mttfs: readonly number[]): number {
  if (mttfs.length === 0) invalidParameter('mttfs', 'at least one component', mttfs);
  let rate = 0;
  mttfs.forEach((m, i) => (rate += 1 / requirePositive(`mttfs[${i}]`, m)));
  return 1 / rate;
}

/** ⌊n/2⌋ + 1: the smallest number of members that outvotes the rest. */
export function majorityQuorumSize(count: number): number {
  requireCount(count);
  return Math.floor(count / 2) + 1;
}

/**
 * Reliability of a majority quorum without repair: P(at least ⌊n/2⌋+1 of n members up at t).
 *
 * Assumes: identical independent members with exponential lifetimes, no repair, crash-stop
 * failures only (no partitions, no byzantine members).
 * Reference: Barlow & Proschan 1975, ch. 2 (k-out-of-n); see kOfNReliability.
 * @throws FaultlineError (INVALID_PARAMETER) naming `count`, `mttf` or `t`.
 */
export function majorityQuorumReliability(q: IdenticalComponents, t: number): UpDown {
  return kOfNReliability({ count: q.count, atLeast: majorityQuorumSize(q.count), mttf: q.mttf }, t);
}

/**
 * MTTF of a majority quorum without repair, Σ_{i=⌊n/2⌋+1}^{n} mttf/i (TMR: 5/(6λ)).
 *
 * Assumes / reference: as majorityQuorumReliability; see kOfNMttf.
 * @throws FaultlineError (INVALID_PARAMETER) naming `count` or `mttf`.
 */
export function majorityQuorumMttf(q: IdenticalComponents): number {
  return kOfNMttf({ count: q.count, atLeast: majorityQuorumSize(q.count), mttf: q.mttf });
}

/**
 * Steady-state availability of a majority quorum with repair (c crews, default one per member).
 *
 * Assumes: exponential up and down times; members keep failing while the quorum is lost;
 * crash-recovery without partitions. See kOfNSharedRepairAvailability.
 * Reference: Trivedi 2002, ch. 8 (birth–death availability models).
 * @throws FaultlineError (INVALID_PARAMETER) naming `count`, `mttf`, `mttr` or `crews`.
 */
export function majorityQuorumAvailability(q: IdenticalRepairable): UpDown {
  return kOfNSharedRepairAvailability({ ...q, atLeast: majorityQuorumSize(q.count) });
}

/**
 * MTTF of a majority quorum with repair: mean time from all up to the first loss of the majority.
 *
 * Assumes / reference: as kOfNRepairMttf (TMR: (5λ + μ)/(6λ²), Trivedi 2002, ch. 8).
 * @throws FaultlineError (INVALID_PARAMETER) naming `count`, `mttf`, `mttr` or `crews`.
 */
export function majorityQuorumRepairMttf(q: IdenticalRepairable): number {
  return kOfNRepairMttf({ ...q, atLeast: majorityQuorumSize(q.count) });
}

/**
 * Mission reliability of a majority quorum with repair: P(majority up throughout [0, t]).
 *
 * Assumes / reference: as kOfNRepairReliability.
 * @throws FaultlineError (INVALID_PARAMETER) naming `count`, `mttf`, `mttr`, `crews` or `t`.
 */
export function majorityQuorumRepairReliability(q: IdenticalRepairable, t: number, options: UniformizationOptions = {}): UpDown {
  return kOfNRepairReliability({ ...q, atLeast: majorityQuorumSize(q.count) }, t, options);
}

/**
 * Cold standby reliability: one active unit and n − 1 cold spares, switched in one after another.
 * The system lives for the sum of n exponential lifetimes (Erlang(n, λ)), so
 *   R(t) = Σ_{i=0}^{n−1} e^{−λt}(λt)^i/i! = Q(n, λt),  1 − R(t) = P(n, λt)
 * (regularized incomplete gamma functions, each accurate in its own tail).
 *
 * Assumes: perfect, instantaneous switching; spares do not fail while cold; identical
 * independent exponential lifetimes; no repair.
 * Reference: Barlow & Proschan 1975, ch. 1 (standby redundancy); Trivedi 2002, ch. 3 (cold
 * standby and the Erlang distribution).
 * @throws FaultlineError (INVALID_PARAMETER) naming `count`, `mttf` or `t`.
 */
export function coldStandbyReliability(s: IdenticalComponents, t: number): UpDown {
  requireCount(s.count);
  requirePositive('mttf', s.mttf);
  if (!(Number.isFinite(t) && t >= 0)) invalidParameter('t', 'a finite time ≥ 0 (hours)', t);
  const x = t / s.mttf;
  return { up: regularizedGammaQ(s.count, x), down: regularizedGammaP(s.count, x) };
}

/**
 * Cold standby MTTF: n/λ = n·mttf (the mean of the Erlang(n, λ) lifetime).
 *
 * Assumes / reference: as coldStandbyReliability.
 * @throws FaultlineError (INVALID_PARAMETER) naming `count` or `mttf`.
 */
export function coldStandbyMttf(s: IdenticalComponents): number {
  requireCount(s.count);
  return s.count * requirePositive('mttf', s.mttf);
}

/**
 * Hot standby reliability: n units all powered (failing) from 0, the system alive while one is,
 * i.e. parallel: 1 − R(t) = (1 − e^{−λt})^n.
 *
 * Assumes: identical independent exponential lifetimes, spares age as fast as the active unit,
 * perfect failover, no repair.
 * Reference: Barlow & Proschan 1975, ch. 1; Trivedi 2002, ch. 3 (parallel redundancy).
 * @throws FaultlineError (INVALID_PARAMETER) naming `count`, `mttf` or `t`.
 */
export function hotStandbyReliability(s: IdenticalComponents, t: number): UpDown {
  return kOfNReliability({ count: s.count, atLeast: 1, mttf: s.mttf }, t);
}

/**
 * Hot standby MTTF: (1/λ) Σ_{i=1}^{n} 1/i (the maximum of n exponential lifetimes).
 *
 * Assumes / reference: as hotStandbyReliability; Trivedi 2002, ch. 4 (expected life of a
 * parallel system).
 * @throws FaultlineError (INVALID_PARAMETER) naming `count` or `mttf`.
 */
export function hotStandbyMttf(s: IdenticalComponents): number {
  return kOfNMttf({ count: s.count, atLeast: 1, mttf: s.mttf });
}

function requireCount(count: number): number {
  if (!(Number.isInteger(count) && count >= 1)) invalidParameter('count', 'an integer ≥ 1', count);
  return count;
}

function requireParts(parts: readonly UpDown[]): void {
  if (parts.length === 0) invalidParameter('parts', 'at least one part', parts);
  parts.forEach((p, i) => {
    if (!(p.up >= 0 && p.up <= 1)) invalidParameter(`parts[${i}].up`, 'a probability in [0, 1]', p.up);
    if (!(p.down >= 0 && p.down <= 1)) invalidParameter(`parts[${i}].down`, 'a probability in [0, 1]', p.down);
    if (!(Math.abs(p.up + p.down - 1) <= 1e-9)) invalidParameter(`parts[${i}].down`, `1 − up (up = ${p.up})`, p.down);
  });
}
