/** Probabilities that independent stationary up/down data sources are up now and throughout a window. */

import { invalidParameter, requirePositive } from '../errors.js';
import { logGamma, regularizedGammaP, regularizedGammaQ } from '../math/gammaFunctions.js';

/** A data source alternating between up and down periods, described as seed 000 does. */
export interface AlternatingSource {
  /** Steady-state availability A = MTTF/(MTTF + MTTR), in (0, 1]. */
  readonly availability: number;
  /** Mean time to repair (mean down time), hours. */
  readonly mttr: number;
  /** Weibull shape k of the up times (1, the default, is exponential). */
  readonly upTimeShape?: number;
}

interface WindowTerms {
  /** P(up at the start and through the window). */
  readonly up: number;
  /** Its complement, computed directly. */
  readonly down: number;
}

function checkSource(source: AlternatingSource, i: number): void {
  const a = source.availability;
  if (!(a > 0 && a <= 1)) invalidParameter(`sources[${i}].availability`, 'a number in (0, 1]', a);
  requirePositive(`sources[${i}].mttr`, source.mttr);
  if (source.upTimeShape !== undefined) requirePositive(`sources[${i}].upTimeShape`, source.upTimeShape);
}

/**
 * One source over a window of length t. With the residual up time R of a stationary
 * alternating renewal process, P(up throughout [0, t]) = A·P(R > t) = (1/(MTTF+MTTR)) ∫_t^∞ P(U > s) ds.
 * For Weibull U with shape k and mean MTTF, ∫_t^∞ P(U > s) ds = MTTF·Q(1/k, (t·Γ(1+1/k)/MTTF)^k),
 * so the window term is A·Q(1/k, x) and its complement (1 − A) + A·P(1/k, x), both without
 * cancellation.
 */
function windowTerms(source: AlternatingSource, t: number): WindowTerms {
  const a = source.availability;
  const unavailability = 1 - a; // exact for a ≥ 1/2 (Sterbenz)
  const mttf = (a * source.mttr) / unavailability; // Infinity when a = 1: never fails
  const k = source.upTimeShape ?? 1;
  if (k === 1) {
    const x = t / mttf;
    return { up: a * Math.exp(-x), down: unavailability - a * Math.expm1(-x) };
  }
  const x = ((t * Math.exp(logGamma(1 + 1 / k))) / mttf) ** k;
  return { up: a * regularizedGammaQ(1 / k, x), down: unavailability + a * regularizedGammaP(1 / k, x) };
}

function logUp(term: WindowTerms): number {
  return term.down < 0.5 ? Math.log1p(-term.down) : Math.log(term.up);
}

function windowLogUp(sources: readonly AlternatingSource[], t: number): number {
  if (!(Number.isFinite(t) && t >= 0)) invalidParameter('t', 'a finite number >= 0', t);
  let sum = 0;
  sources.forEach((source, i) => {
    checkSource(source, i);
    sum += logUp(windowTerms(source, t));
  });
  return sum;
}

/**
 * P(every source is up at a random instant) = Π A_i.
 *
 * Assumes: sources are independent alternating renewal processes observed in steady state
 * (any up- and down-time distributions with these means; Barlow & Proschan 1975, ch. 7).
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming the offending source field.
 * @example allUpProbability([{availability: 0.9999, mttr: 0.5}, {availability: 0.999, mttr: 2}]) // 0.9989001
 */
export function allUpProbability(sources: readonly AlternatingSource[]): number {
  return Math.exp(windowLogUp(sources, 0));
}

/**
 * P(at least one source is down at a random instant) = 1 − Π A_i, computed from the
 * unavailabilities so that it keeps its precision when tiny.
 *
 * Assumes: as {@link allUpProbability}.
 */
export function someDownProbability(sources: readonly AlternatingSource[]): number {
  return 0 - Math.expm1(windowLogUp(sources, 0));
}

/**
 * P(every source is up at a random instant and stays up for the next t hours) = Π A_i·P(R_i > t),
 * where R_i is source i's residual up time. This is the probability that a query needing all
 * sources for t hours, started at a random time, never meets a source outage. For exponential up
 * times it is Π A_i·e^{−t/MTTF_i}; in general A·P(R > t) = (1/(MTTF+MTTR)) ∫_t^∞ P(U > s) ds
 * (residual-life density P(U > s)/MTTF; Cox, *Renewal Theory*, 1962, §5.2; Ross, *Stochastic
 * Processes*, 2nd ed. 1996, §3.4), which for Weibull up times of shape k is
 * A·Q(1/k, (t·Γ(1+1/k)/MTTF)^k) with Q the regularized upper incomplete gamma function.
 * (Seed 000's A^(t/8760) is none of these.)
 *
 * Assumes: sources independent and stationary (observed long after start); MTTF_i =
 * A_i·MTTR_i/(1 − A_i); up times exponential, or Weibull with shape `upTimeShape`; the window
 * starts at a time independent of the sources.
 *
 * @param t window length, hours, ≥ 0 (t = 0 gives {@link allUpProbability}).
 * @throws FaultlineError (INVALID_PARAMETER) naming `t` or the offending source field.
 */
export function upThroughoutWindow(sources: readonly AlternatingSource[], t: number): number {
  return Math.exp(windowLogUp(sources, t));
}

/**
 * 1 − {@link upThroughoutWindow}: P(some source is down at the start of the window or fails
 * during it), computed without cancellation when tiny.
 *
 * Assumes: as {@link upThroughoutWindow}.
 */
export function outageWithinWindowProbability(sources: readonly AlternatingSource[], t: number): number {
  return 0 - Math.expm1(windowLogUp(sources, t));
}
