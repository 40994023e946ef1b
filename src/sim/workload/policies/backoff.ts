/**
 * The delay before a retry, after `BackoffSpec` (scenario/workloadSpec.ts). With
 * v_k = min(cap, base·multiplier^(k−1)) for retry k (k = 1 the first retry):
 *
 * - `none`: v_k, the plain capped exponential (no draw).
 * - `full`: U·v_k, U uniform in [0, 1): AWS "Full Jitter", `sleep = random_between(0, min(cap,
 *   base·2^attempt))` (M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog 2015).
 * - `equal`: v_k/2 + U·v_k/2: AWS "Equal Jitter" (same post), never below half the exponential.
 * - `decorrelated`: min(cap, base + U·(3·d_{k−1} − base)), d_0 = base: AWS "Decorrelated Jitter",
 *   `sleep = min(cap, random_between(base, sleep·3))` (same post). It ignores `multiplier` (the
 *   growth comes from the factor 3 on the previous delay) and needs the previous delay.
 *
 * How others differ (not implemented here): Envoy's router retries wait U[0, (2^N − 1)·base)
 * for retry N, capped at max_interval (full jitter on (2^N − 1)·base rather than base·2^(N−1);
 * Envoy PR #3791, `random % (base·(2^N − 1))`); Polly v8's `UseJitter` and cockatiel's default
 * `decorrelatedJitter` use Polly's "DecorrelatedJitterV2" (Polly issue #530: t = k + U,
 * f(t) = 2^t·tanh(√(4t)), delay = (f(t) − f(t − 1))·median/1.4…), a smoothed exponential whose
 * delays are NOT the AWS chain's; cockatiel's `fullJitter` and `halfJitter` also floor to whole
 * milliseconds.
 *
 * Hot path: `delay` allocates nothing and draws exactly one `rng()` for `full`, `equal` and
 * `decorrelated`, none for `none`, so that a policy's stream advances by a known count per retry.
 */
import { invalidParameter, requirePositive } from '../../../errors.js';
import type { Stream } from '../../../random/Stream.js';
import type { BackoffSpec } from '../../../scenario/workloadSpec.js';

export const JITTER_NONE = 0;
export const JITTER_FULL = 1;
export const JITTER_EQUAL = 2;
export const JITTER_DECORRELATED = 3;

const JITTER_CODES = { none: JITTER_NONE, full: JITTER_FULL, equal: JITTER_EQUAL, decorrelated: JITTER_DECORRELATED } as const;

export class Backoff {
  readonly base: number;
  readonly multiplier: number;
  readonly cap: number;
  /** One of the JITTER_* constants. */
  readonly jitter: number;

  /** @throws FaultlineError (INVALID_PARAMETER) naming `base`, `multiplier`, `cap` or `jitter`. */
  constructor(spec: BackoffSpec) {
    this.base = requirePositive('base', spec.base);
    if (!(Number.isFinite(spec.multiplier) && spec.multiplier >= 1)) invalidParameter('multiplier', 'a finite number >= 1', spec.multiplier);
    this.multiplier = spec.multiplier;
    if (!(spec.cap > 0)) invalidParameter('cap', 'a number > 0 (Infinity: no cap)', spec.cap);
    this.cap = spec.cap;
    const code = (JITTER_CODES as Record<string, number | undefined>)[spec.jitter];
    if (code === undefined) invalidParameter('jitter', "'none', 'full', 'equal' or 'decorrelated'", spec.jitter);
    this.jitter = code;
  }

  /** v_k = min(cap, base·multiplier^(k−1)), the un-jittered delay before retry k (k ≥ 1). */
  ceiling(k: number): number {
    return Math.min(this.cap, this.base * this.multiplier ** (k - 1));
  }

  /**
   * The delay before retry k (k = 1 for the first retry), in the units of `base` (hours).
   *
   * @param previous the delay drawn before retry k − 1; only `decorrelated` reads it, and for
   *   k = 1 the caller passes `base` (d_0 = base, as in the AWS code, which starts `sleep = base`).
   * @param rng one draw for `full`, `equal`, `decorrelated`; untouched for `none`.
   */
  delay(k: number, previous: number, rng: Stream): number {
    switch (this.jitter) {
      case JITTER_NONE:
        return this.ceiling(k);
      case JITTER_FULL:
        return rng() * this.ceiling(k);
      case JITTER_EQUAL: {
        const half = this.ceiling(k) / 2;
        return half + rng() * half;
      }
      default:
        return Math.min(this.cap, this.base + rng() * (3 * previous - this.base));
    }
  }
}
