/**
 * resilience4j's CircuitBreaker (`SlidingWindowBreakerSpec`) as a state machine over virtual
 * time (hours), replicating the library's source (resilience4j/resilience4j at af9e7c9, 2026-05:
 * `circuitbreaker/internal/CircuitBreakerStateMachine.java`, `CircuitBreakerMetrics.java`;
 * `core/metrics/FixedSizeSlidingWindowMetrics.java`, `SlidingTimeWindowMetrics.java`,
 * `AbstractAggregation.java`, `SnapshotImpl.java`). Allocation-free per call: typed arrays
 * sized at construction, integer states.
 *
 * - CLOSED records every result. A count window is a ring of the last `size` outcomes; a time
 *   window is `size`·3600 one-second buckets keyed by the second floor(now·3600) of the
 *   result's completion, moved forward (stale buckets subtracted and cleared) when a result
 *   arrives in a later second, as `SlidingTimeWindowMetrics.moveWindowToCurrentEpochSecond`.
 * - After each result, if the window holds ≥ min(minimumCalls, size) calls (count window) or
 *   ≥ minimumCalls calls (time window), it opens when failureRate ≥ threshold or slowRate ≥
 *   threshold, the rates computed as resilience4j does, in float32 percent:
 *   `failures * 100.0f / calls` against the float `failureRateThreshold` (here fround(θ·100)).
 *   A call is slow when its duration is > `slowCallDuration`, success or failure alike.
 * - OPEN rejects calls (not recorded) and ignores the results of calls let through before it
 *   opened (resilience4j records them in metrics it then discards). It turns HALF_OPEN lazily,
 *   at the first `allow` with now > openedAt + waitInOpen (strict: `Instant.isAfter`), which is
 *   resilience4j's default (automaticTransitionFromOpenToHalfOpenEnabled = false).
 * - HALF_OPEN lets exactly `permittedInHalfOpen` calls through (more `allow`s are refused and
 *   not recorded) and records results in a fresh count window of that size, whose minimum is
 *   min(minimumCalls, permittedInHalfOpen) (`CircuitBreakerMetrics.forHalfOpen`). Once that many
 *   results are in, it closes (with an empty window) if both rates are below their thresholds,
 *   else re-opens. With minimumCalls ≥ permittedInHalfOpen (resilience4j's defaults, 100 and 10)
 *   this is "when all permitted calls have completed"; with fewer, resilience4j decides earlier,
 *   and so does this class. As in resilience4j, any result arriving in HALF_OPEN is recorded,
 *   also that of a call let through while CLOSED.
 *
 * Open time: OPEN ends at openedAt + waitInOpen whether or not a call arrives to make the lazy
 * transition, so `openTime` is exactly Σ |[openedAt, openedAt + waitInOpen] ∩ [measureFrom, now]|.
 * `now` must not decrease between calls. Not modelled: DISABLED, FORCED_OPEN, METRICS_ONLY,
 * `waitIntervalFunctionInOpenState`, `maxWaitDurationInHalfOpenState`, ignored exceptions.
 */
import { invalidParameter, requireFinite, requirePositive } from '../../../errors.js';
import type { SlidingWindowBreakerSpec } from '../../../scenario/workloadSpec.js';
import { CLOSED, HALF_OPEN, OPEN, isCount, type BreakerState } from './breakerState.js';

const SECONDS_PER_HOUR = 3600;
// Outcome bits of a count-window slot (0: empty).
const CALL = 1;
const FAILED = 2;
const SLOW = 4;
// Results of an evaluation (CircuitBreakerMetrics.Result, folded).
const BELOW_MINIMUM = 0;
const BELOW_THRESHOLDS = 1;
const EXCEEDED = 2;

function requireRate(name: string, value: number): void {
  if (!(value > 0 && value <= 1)) invalidParameter(name, 'a fraction in (0, 1]', value);
}

export class SlidingWindowBreaker {
  readonly timeWindow: boolean;
  /** Calls (count window) or one-second buckets (time window). */
  readonly size: number;
  /** Calls needed before CLOSED evaluates: min(minimumCalls, size) for a count window. */
  readonly minimumCalls: number;
  /** Results needed before HALF_OPEN decides: min(minimumCalls, permittedInHalfOpen). */
  readonly halfOpenMinimum: number;
  /** The thresholds as resilience4j holds them: float32 percentages. */
  readonly failurePercent: number;
  readonly slowPercent: number;
  readonly slowCallDuration: number;
  readonly permittedInHalfOpen: number;
  readonly waitInOpen: number;
  /** The state after the last transition made (OPEN → HALF_OPEN is lazy: see {@link stateAt}). */
  state: BreakerState = CLOSED;
  /** Times it opened at or after `measureFrom` (from CLOSED or from HALF_OPEN). */
  opens = 0;
  /** Half-open visits and closes: not counted by this breaker (the interface's fields; always 0). */
  readonly halfOpens = 0;
  readonly closes = 0;

  // The CLOSED window's totals (TotalAggregation) and its ring.
  private calls = 0;
  private failed = 0;
  private slow = 0;
  private head = 0;
  private headSecond = 0;
  private readonly slots: Uint8Array;
  private readonly bucketCalls: Int32Array;
  private readonly bucketFailed: Int32Array;
  private readonly bucketSlow: Int32Array;
  // HALF_OPEN: permits left and its window's totals.
  private permits = 0;
  private probeCalls = 0;
  private probeFailed = 0;
  private probeSlow = 0;
  // Open-time accounting, as in ConsecutiveBreaker.
  private openedAt = 0;
  private halfOpenAt = 0;
  private measureFrom = 0;
  private pastOpenTime = 0;

  /** @throws FaultlineError (INVALID_PARAMETER) naming the offending spec field. */
  constructor(spec: SlidingWindowBreakerSpec) {
    this.timeWindow = spec.window === 'time';
    if (spec.window !== 'count' && !this.timeWindow) invalidParameter('window', "'count' or 'time'", spec.window);
    if (this.timeWindow) {
      const seconds = Math.round(spec.size * SECONDS_PER_HOUR);
      if (!(isCount(seconds) && Math.abs(spec.size * SECONDS_PER_HOUR - seconds) < 1e-6)) {
        invalidParameter('size', 'a whole number of seconds >= 1, in hours', spec.size);
      }
      this.size = seconds;
    } else {
      if (!isCount(spec.size)) invalidParameter('size', 'an integer >= 1', spec.size);
      this.size = spec.size;
    }
    if (!isCount(spec.minimumCalls)) invalidParameter('minimumCalls', 'an integer >= 1', spec.minimumCalls);
    if (!isCount(spec.permittedInHalfOpen)) invalidParameter('permittedInHalfOpen', 'an integer >= 1', spec.permittedInHalfOpen);
    requireRate('failureRateThreshold', spec.failureRateThreshold);
    requireRate('slowCallRateThreshold', spec.slowCallRateThreshold);
    if (!(spec.slowCallDuration > 0)) invalidParameter('slowCallDuration', 'a number > 0 (Infinity: never slow)', spec.slowCallDuration);
    this.minimumCalls = this.timeWindow ? spec.minimumCalls : Math.min(spec.minimumCalls, this.size);
    this.halfOpenMinimum = Math.min(spec.minimumCalls, spec.permittedInHalfOpen);
    this.failurePercent = Math.fround(spec.failureRateThreshold * 100);
    this.slowPercent = Math.fround(spec.slowCallRateThreshold * 100);
    this.slowCallDuration = spec.slowCallDuration;
    this.permittedInHalfOpen = spec.permittedInHalfOpen;
    this.waitInOpen = requirePositive('waitInOpen', spec.waitInOpen);
    this.slots = new Uint8Array(this.timeWindow ? 0 : this.size);
    const buckets = this.timeWindow ? this.size : 0;
    this.bucketCalls = new Int32Array(buckets);
    this.bucketFailed = new Int32Array(buckets);
    this.bucketSlow = new Int32Array(buckets);
    this.reset(0, 0);
  }

  /**
   * CLOSED with an empty window at `now` (a replication's start), and the metrics (`opens`,
   * `openTime`) zeroed and measured from `measureFrom` on (e.g. the end of the warm-up).
   */
  reset(now: number, measureFrom: number): void {
    requireFinite('now', now);
    requireFinite('measureFrom', measureFrom);
    this.close(now);
    this.openedAt = this.halfOpenAt = measureFrom;
    this.measureFrom = measureFrom;
    this.pastOpenTime = 0;
    this.opens = 0;
  }

  /** The state a call at `now` would see (OPEN past its wait reads HALF_OPEN), without changing it. */
  stateAt(now: number): BreakerState {
    return this.state === OPEN && now > this.halfOpenAt ? HALF_OPEN : this.state;
  }

  /** Whether a call at `now` may go through (`tryAcquirePermission`); a refusal records nothing. */
  allow(now: number): boolean {
    if (this.state === CLOSED) return true;
    if (this.state === OPEN) {
      if (!(now > this.halfOpenAt)) return false;
      this.state = HALF_OPEN;
      this.permits = this.permittedInHalfOpen;
      this.probeCalls = this.probeFailed = this.probeSlow = 0;
    }
    if (this.permits === 0) return false;
    this.permits--;
    return true;
  }

  /** A permitted call ended with an ignored cause: in HALF_OPEN its permission comes back (resilience4j's `releasePermission`), nothing is recorded. */
  release(): void {
    if (this.state === HALF_OPEN && this.permits < this.permittedInHalfOpen) this.permits++;
  }

  /**
   * Records the result of a call that completes at `now` after `duration` hours; `failed`: its
   * cause is one of the spec's `failureCauses` (else it is a success).
   */
  onResult(now: number, failed: boolean, duration: number): void {
    const slow = duration > this.slowCallDuration;
    if (this.state === CLOSED) {
      if (this.timeWindow) this.recordInBucket(now, failed, slow);
      else this.recordInRing(failed, slow);
      if (evaluate(this.calls, this.failed, this.slow, this.minimumCalls, this.failurePercent, this.slowPercent) === EXCEEDED) this.open(now);
    } else if (this.state === HALF_OPEN) {
      this.probeCalls++;
      if (failed) this.probeFailed++;
      if (slow) this.probeSlow++;
      const result = evaluate(this.probeCalls, this.probeFailed, this.probeSlow, this.halfOpenMinimum, this.failurePercent, this.slowPercent);
      if (result === EXCEEDED) this.open(now);
      else if (result === BELOW_THRESHOLDS) this.close(now);
    }
  }

  /** Total time OPEN within [measureFrom, now]. */
  openTime(now: number): number {
    return this.pastOpenTime + Math.max(0, Math.min(now, this.halfOpenAt) - Math.max(this.openedAt, this.measureFrom));
  }

  /** Calls buffered in the CLOSED window (for tests and metrics). */
  get bufferedCalls(): number {
    return this.calls;
  }

  private recordInRing(failed: boolean, slow: boolean): void {
    this.head = this.head + 1 === this.size ? 0 : this.head + 1;
    const old = this.slots[this.head]!;
    this.calls -= old & CALL;
    this.failed -= (old & FAILED) >> 1;
    this.slow -= (old & SLOW) >> 2;
    this.slots[this.head] = CALL | (failed ? FAILED : 0) | (slow ? SLOW : 0);
    this.calls++;
    if (failed) this.failed++;
    if (slow) this.slow++;
  }

  private recordInBucket(now: number, failed: boolean, slow: boolean): void {
    const second = Math.floor(now * SECONDS_PER_HOUR);
    if (second > this.headSecond) {
      for (let move = Math.min(second - this.headSecond, this.size); move > 0; move--) {
        this.head = this.head + 1 === this.size ? 0 : this.head + 1;
        this.calls -= this.bucketCalls[this.head]!;
        this.failed -= this.bucketFailed[this.head]!;
        this.slow -= this.bucketSlow[this.head]!;
        this.bucketCalls[this.head] = this.bucketFailed[this.head] = this.bucketSlow[this.head] = 0;
      }
      this.headSecond = second;
    }
    this.bucketCalls[this.head]!++;
    this.calls++;
    if (failed) {
      this.bucketFailed[this.head]!++;
      this.failed++;
    }
    if (slow) {
      this.bucketSlow[this.head]!++;
      this.slow++;
    }
  }

  private open(now: number): void {
    this.pastOpenTime += Math.max(0, this.halfOpenAt - Math.max(this.openedAt, this.measureFrom));
    this.state = OPEN;
    this.openedAt = now;
    this.halfOpenAt = now + this.waitInOpen;
    if (now >= this.measureFrom) this.opens++;
  }

  /** CLOSED with a fresh window (resilience4j builds a new ClosedState, with new metrics). */
  private close(now: number): void {
    this.state = CLOSED;
    this.calls = this.failed = this.slow = 0;
    this.head = 0;
    this.headSecond = Math.floor(now * SECONDS_PER_HOUR);
    this.slots.fill(0);
    this.bucketCalls.fill(0);
    this.bucketFailed.fill(0);
    this.bucketSlow.fill(0);
  }
}

/**
 * `CircuitBreakerMetrics.checkIfThresholdsExceeded`: below the minimum (or no calls) nothing is
 * decided; else each rate is `count * 100.0f / calls` in float32 (a double quotient rounded once
 * to float32 is the float32 quotient: double rounding is innocuous for ÷ at 53 ≥ 2·24 + 2 bits)
 * compared with ≥ to the float32 threshold.
 */
function evaluate(calls: number, failed: number, slow: number, minimum: number, failurePercent: number, slowPercent: number): number {
  if (calls === 0 || calls < minimum) return BELOW_MINIMUM;
  const n = Math.fround(calls);
  const failureRate = Math.fround(Math.fround(failed * 100) / n);
  const slowRate = Math.fround(Math.fround(slow * 100) / n);
  return failureRate >= failurePercent || slowRate >= slowPercent ? EXCEEDED : BELOW_THRESHOLDS;
}
