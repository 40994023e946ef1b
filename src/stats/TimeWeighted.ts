/** The time average of a piecewise-constant signal (e.g. up = 1, down = 0) over an interval, allocation-free. */

import { FaultlineError, invalidParameter } from '../errors.js';

const IDLE = 0;
const RUNNING = 1;
const FINISHED = 2;

/**
 * Integrates a right-continuous step signal: `start(t0, v)`, then `set(t, v)` at each change, then
 * `finish(t1)`. The mean is the integral divided by t1 - t0, i.e. the fraction of time up for a 0/1
 * signal. Every call is O(1) and allocates nothing, so one instance can be reused across
 * replications by calling `start` again.
 *
 * @example
 * const up = new TimeWeighted();
 * up.start(0, 1);
 * up.set(90, 0); // down at t = 90
 * up.set(100, 1); // repaired at t = 100
 * up.finish(200);
 * up.mean; // 0.95
 */
export class TimeWeighted {
  #state = IDLE;
  #start = 0;
  #last = 0;
  #value = 0;
  #integral = 0;

  /**
   * Begins (or restarts) integration at time t0 with the signal at `value`.
   * @throws FaultlineError (INVALID_PARAMETER) naming `t0` or `value` if not finite.
   */
  start(t0: number, value: number): void {
    if (!Number.isFinite(t0)) invalidParameter('t0', 'a finite time', t0);
    if (!Number.isFinite(value)) invalidParameter('value', 'a finite number', value);
    this.#state = RUNNING;
    this.#start = t0;
    this.#last = t0;
    this.#value = value;
    this.#integral = 0;
  }

  /**
   * The signal takes `value` from time t on. Several changes at the same time are allowed; the last wins.
   * @throws FaultlineError (INVALID_PARAMETER) if t is earlier than the previous time or not finite,
   * or `value` is not finite; (INVALID_ARGUMENT) if not started or already finished.
   */
  set(t: number, value: number): void {
    this.#advance(t);
    if (!Number.isFinite(value)) invalidParameter('value', 'a finite number', value);
    this.#value = value;
  }

  /**
   * Ends integration at time t1; afterwards `integral`, `duration` and `mean` are final.
   * @throws as {@link TimeWeighted.set}.
   */
  finish(t1: number): void {
    this.#advance(t1);
    this.#state = FINISHED;
  }

  #advance(t: number): void {
    if (this.#state !== RUNNING) {
      throw new FaultlineError('INVALID_ARGUMENT', this.#state === IDLE ? 'TimeWeighted: start() must be called first' : 'TimeWeighted: already finished');
    }
    if (!(t >= this.#last && t !== Infinity)) invalidParameter('t', `a finite time >= ${this.#last}`, t);
    this.#integral += this.#value * (t - this.#last);
    this.#last = t;
  }

  /** ∫ signal dt from t0 to the last time seen (t1 once finished). */
  get integral(): number {
    return this.#integral;
  }

  /** The time covered so far: last time seen minus t0. */
  get duration(): number {
    return this.#last - this.#start;
  }

  /** integral / duration: the time-average of the signal; NaN over an empty interval. */
  get mean(): number {
    const d = this.#last - this.#start;
    return d > 0 ? this.#integral / d : NaN;
  }
}
