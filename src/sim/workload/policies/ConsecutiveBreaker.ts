/**
 * Seed 001/003's consecutive-failure circuit breaker (`ConsecutiveBreakerSpec`), as a state
 * machine over virtual time (hours). Allocation-free: plain numeric fields.
 *
 * - CLOSED lets every call through; `threshold` consecutive recorded failures open it; a success
 *   resets the count (seed 003 `_on_success`).
 * - OPEN rejects every call until `resetTimeout` after it opened; a rejected call records nothing.
 * - HALF_OPEN lets every call through (seed 003 has no probe limit); `halfOpenSuccesses`
 *   consecutive successes close it (with a zero failure count); a failure re-opens it at once
 *   with `openedAt = now` (seed 003: the failure count is still ≥ threshold, so one failure trips).
 *
 * OPEN → HALF_OPEN is lazy (made by `allow`, as in the seed), at `now ≥ openedAt + resetTimeout`.
 * The seed tests `now − last_failure > reset_timeout` (strict); we take `≥` so that the breaker
 * is OPEN on exactly [openedAt, openedAt + resetTimeout), the interval `openTime` measures, and a
 * call scheduled exactly at the end is let through (the seed's wall-clock ties do not occur; in
 * a simulation they do, e.g. a retry whose backoff equals the timeout).
 *
 * Results that arrive while OPEN (calls let through before it opened and completing late) are
 * ignored: seed 003 would re-stamp `last_failure_time` and so prolong the open period, an
 * artefact of its synchronous calls; here OPEN lasts exactly `resetTimeout`. Results arriving in
 * HALF_OPEN count whichever state let the call through (there is no per-call ticket).
 *
 * Open time: OPEN ends `resetTimeout` after it began whether or not a call arrives to make the
 * lazy transition, so the metric is exactly Σ |[openedAt, openedAt + resetTimeout) ∩ [measureFrom, now]|.
 * `now` must not decrease between calls.
 */
import { invalidParameter, requireFinite, requirePositive } from '../../../errors.js';
import type { ConsecutiveBreakerSpec } from '../../../scenario/workloadSpec.js';
import { CLOSED, HALF_OPEN, OPEN, isCount, type BreakerState } from './breakerState.js';

export class ConsecutiveBreaker {
  readonly threshold: number;
  readonly resetTimeout: number;
  readonly halfOpenSuccesses: number;
  /** The state after the last transition made (OPEN → HALF_OPEN is lazy: see {@link stateAt}). */
  state: BreakerState = CLOSED;
  /** Times it opened at or after `measureFrom` (CLOSED → OPEN and HALF_OPEN → OPEN). */
  opens = 0;
  /** Half-open visits that began at or after `measureFrom`, and those of them that closed it (seed 003's (1 − f)^m). */
  halfOpens = 0;
  closes = 0;
  private visitCounted = false;
  private failures = 0;
  private successes = 0;
  private openedAt = 0;
  private halfOpenAt = 0;
  private measureFrom = 0;
  /** Open time within [measureFrom, ∞) of the open periods before the current one. */
  private pastOpenTime = 0;

  /** @throws FaultlineError (INVALID_PARAMETER) naming `threshold`, `resetTimeout` or `halfOpenSuccesses`. */
  constructor(spec: ConsecutiveBreakerSpec) {
    if (!isCount(spec.threshold)) invalidParameter('threshold', 'an integer >= 1', spec.threshold);
    if (!isCount(spec.halfOpenSuccesses)) invalidParameter('halfOpenSuccesses', 'an integer >= 1', spec.halfOpenSuccesses);
    this.threshold = spec.threshold;
    this.resetTimeout = requirePositive('resetTimeout', spec.resetTimeout);
    this.halfOpenSuccesses = spec.halfOpenSuccesses;
    this.reset(0, 0);
  }

  /**
   * CLOSED with no failures counted, and the metrics (`opens`, `openTime`) zeroed and measured
   * from `measureFrom` on (e.g. the end of the warm-up; may be ≥ `now`, the replication's start).
   */
  reset(now: number, measureFrom: number): void {
    requireFinite('now', now);
    requireFinite('measureFrom', measureFrom);
    this.state = CLOSED;
    this.failures = 0;
    this.successes = 0;
    this.openedAt = this.halfOpenAt = measureFrom;
    this.measureFrom = measureFrom;
    this.pastOpenTime = 0;
    this.opens = 0;
    this.halfOpens = 0;
    this.closes = 0;
    this.visitCounted = false;
  }

  /** The state a call at `now` would see (OPEN past its timeout reads HALF_OPEN), without changing it. */
  stateAt(now: number): BreakerState {
    return this.state === OPEN && now >= this.halfOpenAt ? HALF_OPEN : this.state;
  }

  /** Whether a call at `now` may go through; OPEN turns HALF_OPEN here once its timeout is over. A refusal records nothing. */
  allow(now: number): boolean {
    if (this.state !== OPEN) return true;
    if (now < this.halfOpenAt) return false;
    this.state = HALF_OPEN;
    this.successes = 0;
    this.visitCounted = now >= this.measureFrom;
    if (this.visitCounted) this.halfOpens++;
    return true;
  }

  /** Records a success completing at `now` (the time is not needed: kept for symmetry with onFailure). */
  onSuccess(_now: number): void {
    if (this.state === CLOSED) {
      this.failures = 0;
    } else if (this.state === HALF_OPEN && ++this.successes >= this.halfOpenSuccesses) {
      this.state = CLOSED;
      this.failures = 0;
      if (this.visitCounted) this.closes++;
    }
  }

  /** Records a failure (of a cause in the spec's `failureCauses`) completing at `now`. */
  onFailure(now: number): void {
    if (this.state === CLOSED) {
      if (++this.failures >= this.threshold) this.open(now);
    } else if (this.state === HALF_OPEN) {
      this.open(now);
    }
  }

  /** Total time OPEN within [measureFrom, now]. */
  openTime(now: number): number {
    return this.pastOpenTime + Math.max(0, Math.min(now, this.halfOpenAt) - Math.max(this.openedAt, this.measureFrom));
  }

  private open(now: number): void {
    this.pastOpenTime += Math.max(0, this.halfOpenAt - Math.max(this.openedAt, this.measureFrom));
    this.state = OPEN;
    this.openedAt = now;
    this.halfOpenAt = now + this.resetTimeout;
    if (now >= this.measureFrom) this.opens++;
  }
}
