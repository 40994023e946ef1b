/** One interface over the breakers, so that the workload holds any of them the same way. */
import type { BreakerSpec } from '../../../scenario/workloadSpec.js';
import { ConsecutiveBreaker } from './ConsecutiveBreaker.js';
import { SlidingWindowBreaker } from './SlidingWindowBreaker.js';

/** What the workload asks of a breaker: may a call go through, here is how one ended, and how long it was open. */
export interface Breaker {
  allow(now: number): boolean;
  /** A permitted call ended at `now` after `duration` hours; `failed` when its cause is one the breaker counts. */
  onResult(now: number, failed: boolean, duration: number): void;
  /** A permitted call ended with a cause the breaker does not count: its permission is given back, nothing recorded (resilience4j's `releasePermission`). */
  release(): void;
  reset(now: number, measureFrom: number): void;
  openTime(now: number): number;
  readonly opens: number;
  /** Half-open visits begun in the measured span, and those that closed it (0 where a breaker does not count them). */
  readonly halfOpens: number;
  readonly closes: number;
}

/** Seed 001/003's consecutive breaker, seen through `Breaker` (it needs no durations). */
class Consecutive extends ConsecutiveBreaker implements Breaker {
  onResult(now: number, failed: boolean): void {
    if (failed) this.onFailure(now);
    else this.onSuccess(now);
  }

  /** Seed 003's breaker limits no calls in half-open: nothing to give back. */
  release(): void {}
}

/** The breaker a spec names: `consecutive` (seed 001/003) or `slidingWindow` (resilience4j). */
export function breakerOf(spec: BreakerSpec): Breaker {
  return spec.type === 'consecutive' ? new Consecutive(spec) : new SlidingWindowBreaker(spec);
}
