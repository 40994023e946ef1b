/** Closed forms for one repairable component with exponential up and down times (the two-state Markov chain). */

import { invalidParameter, requirePositive } from '../errors.js';

/** A component: mean up time and mean down time, hours. */
export interface RepairableComponent {
  /** Mean time to failure (mean up time), hours; λ = 1/mttf. */
  readonly mttf: number;
  /** Mean time to repair (mean down time), hours; μ = 1/mttr. */
  readonly mttr: number;
}

/**
 * A probability of being up and its complement, each computed directly, so that either may be
 * 1e-15 or smaller without being formed as 1 − (something near 1). `up` is an availability or a
 * reliability, `down` the unavailability or unreliability.
 */
export interface UpDown {
  readonly up: number;
  readonly down: number;
}

/** The state a component is in at time 0. */
export type StartState = 'up' | 'down';

/**
 * R(t) = P(no failure in [0, t]) = e^{−λt} for a component up at 0.
 *
 * Assumes: exponential time to failure (constant rate λ = 1/mttf); repair is irrelevant.
 * Reference: Barlow & Proschan, *Statistical Theory of Reliability and Life Testing*, 1975, ch. 1;
 * Trivedi 2002, ch. 3.
 * @throws FaultlineError (INVALID_PARAMETER) naming `mttf` or `t`.
 * @example componentReliability({ mttf: 8760 }, 24) // { up: 0.99726…, down: 0.00273… }
 */
export function componentReliability(c: Pick<RepairableComponent, 'mttf'>, t: number): UpDown {
  requirePositive('mttf', c.mttf);
  requireTime('t', t);
  const x = t / c.mttf;
  return { up: Math.exp(-x), down: -Math.expm1(-x) };
}

/**
 * Point availability A(t) = P(up at t) of the two-state chain, with s = λ + μ:
 *   from up:   U(t) = (λ/s)(1 − e^{−st}),  A(t) = μ/s + (λ/s)e^{−st};
 *   from down: A(t) = (μ/s)(1 − e^{−st}),  U(t) = λ/s + (μ/s)e^{−st}.
 *
 * Assumes: exponential up (mean mttf) and down (mean mttr) times, repair as good as new, one
 * repairer dedicated to the component.
 * Reference: Trivedi 2002, ch. 8 (the two-state availability model); Barlow & Proschan 1975 (alternating renewal processes).
 * @throws FaultlineError (INVALID_PARAMETER) naming `mttf`, `mttr`, `t` or `start`.
 */
export function componentPointAvailability(c: RepairableComponent, t: number, start: StartState = 'up'): UpDown {
  const { lambda, mu, s } = rates(c);
  requireTime('t', t);
  const decayed = -Math.expm1(-s * t); // 1 − e^{−st}
  const remaining = Math.exp(-s * t);
  return requireStart(start) === 'up'
    ? { up: mu / s + (lambda / s) * remaining, down: (lambda / s) * decayed }
    : { up: (mu / s) * decayed, down: lambda / s + (mu / s) * remaining };
}

/**
 * Steady-state availability A = μ/(λ + μ) = mttf/(mttf + mttr); U = mttr/(mttf + mttr).
 *
 * Assumes: alternating up and down periods with these means (the limit holds for any
 * non-lattice distributions by the alternating-renewal theorem, not only exponential).
 * Reference: Barlow & Proschan 1975 (alternating renewal processes); Trivedi 2002, ch. 8.
 * @throws FaultlineError (INVALID_PARAMETER) naming `mttf` or `mttr`.
 */
export function componentSteadyAvailability(c: RepairableComponent): UpDown {
  requirePositive('mttf', c.mttf);
  requirePositive('mttr', c.mttr);
  const sum = c.mttf + c.mttr;
  return { up: c.mttf / sum, down: c.mttr / sum };
}

/**
 * Expected interval availability (1/T)∫₀ᵀ A(t) dt, with s = λ + μ and g(x) = 1 − (1 − e^{−x})/x:
 *   from up:   U = (λ/s)·g(sT),          A = μ/s + (λ/s)(1 − e^{−sT})/(sT);
 *   from down: A = (μ/s)·g(sT),          U = λ/s + (μ/s)(1 − e^{−sT})/(sT).
 * g is summed as a series for small sT, where the direct form cancels.
 *
 * Assumes: as componentPointAvailability.
 * Reference: Trivedi 2002, ch. 8 (interval availability); Barlow & Proschan 1975 (alternating renewal processes).
 * @throws FaultlineError (INVALID_PARAMETER) naming `mttf`, `mttr`, `T` (must be > 0) or `start`.
 */
export function componentIntervalAvailability(c: RepairableComponent, T: number, start: StartState = 'up'): UpDown {
  const { lambda, mu, s } = rates(c);
  requirePositive('T', T);
  const x = s * T;
  const mean = -Math.expm1(-x) / x; // (1 − e^{−x})/x
  return requireStart(start) === 'up'
    ? { up: mu / s + (lambda / s) * mean, down: (lambda / s) * oneMinusMeanDecay(x) }
    : { up: (mu / s) * oneMinusMeanDecay(x), down: lambda / s + (mu / s) * mean };
}

/**
 * Interval reliability P(up throughout [t, t + w]) = A(t)·e^{−λw}: up at t, then (memoryless) no
 * failure for w more hours.
 *
 * Assumes: as componentPointAvailability; exponential up time is what makes the product exact.
 * Reference: Barlow & Proschan 1975 (interval reliability of a two-state component); Trivedi 2002, ch. 8.
 * @throws FaultlineError (INVALID_PARAMETER) naming `mttf`, `mttr`, `t`, `w` or `start`.
 */
export function componentIntervalReliability(c: RepairableComponent, t: number, w: number, start: StartState = 'up'): UpDown {
  requireTime('w', w);
  const a = componentPointAvailability(c, t, start);
  const survive = Math.exp(-w / c.mttf);
  // down = U(t) + A(t)(1 − e^{−λw}): two non-negative terms.
  return { up: a.up * survive, down: a.down + a.up * -Math.expm1(-w / c.mttf) };
}

/**
 * Expected number of failures in [0, T] = λ∫₀ᵀ A(t) dt (failures occur at rate λ while up):
 *   from up:   λ[μT/s + λ(1 − e^{−sT})/s²];   from down: (λμ/s)[T − (1 − e^{−sT})/s].
 *
 * Assumes: as componentPointAvailability; counts up→down transitions, so a component started
 * down is not counted as failing at 0.
 * Reference: Trivedi 2002, ch. 8; Barlow & Proschan 1975 (the alternating renewal
 * process).
 * @throws FaultlineError (INVALID_PARAMETER) naming `mttf`, `mttr`, `T` or `start`.
 */
export function componentExpectedFailures(c: RepairableComponent, T: number, start: StartState = 'up'): number {
  const { lambda } = rates(c);
  requireTime('T', T);
  if (T === 0) return 0;
  return lambda * T * componentIntervalAvailability(c, T, start).up;
}

/**
 * Expected downtime in [0, T] = ∫₀ᵀ U(t) dt:
 *   from up:   (λ/s)[T − (1 − e^{−sT})/s];   from down: λT/s + μ(1 − e^{−sT})/s².
 *
 * Assumes: as componentPointAvailability.
 * Reference: Trivedi 2002, ch. 8.
 * @throws FaultlineError (INVALID_PARAMETER) naming `mttf`, `mttr`, `T` or `start`.
 */
export function componentExpectedDowntime(c: RepairableComponent, T: number, start: StartState = 'up'): number {
  rates(c);
  requireTime('T', T);
  if (T === 0) return 0;
  return T * componentIntervalAvailability(c, T, start).down;
}

/** g(x) = 1 − (1 − e^{−x})/x = (x − 1 + e^{−x})/x; below x = 1 the direct form cancels, so a series. */
function oneMinusMeanDecay(x: number): number {
  if (x >= 1) return (x + Math.expm1(-x)) / x;
  // g(x) = Σ_{k≥1} (−1)^{k+1} x^k/(k+1)!; terms fall by x/(k+2) ≤ 1/3, 40 terms reach 1e-19.
  let term = x / 2;
  let sum = 0;
  for (let k = 1; k < 40 && term !== 0; k++) {
    sum += term;
    term *= -x / (k + 2);
  }
  return sum;
}

function rates(c: RepairableComponent): { lambda: number; mu: number; s: number } {
  const lambda = 1 / requirePositive('mttf', c.mttf);
  const mu = 1 / requirePositive('mttr', c.mttr);
  return { lambda, mu, s: lambda + mu };
}

function requireTime(name: string, t: number): number {
  if (!(Number.isFinite(t) && t >= 0)) invalidParameter(name, 'a finite time ≥ 0 (hours)', t);
  return t;
}

function requireStart(start: StartState): StartState {
  if (start !== 'up' && start !== 'down') invalidParameter('start', '"up" or "down"', start);
  return start;
}
