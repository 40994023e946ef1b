/** A query class's arrivals: a Poisson process at a constant rate, or at a piecewise-constant rate (a load spike). */
import type { Stream } from '../../random/Stream.js';
import type { ArrivalSpec } from '../../scenario/workloadSpec.js';

/**
 * The next arrival after `now`. A constant rate λ: now + Exp(λ), by inversion, −ln(1 − U)/λ.
 * A profile: an exponential gap at the current step's rate; when it would cross the step's end,
 * the process restarts at the boundary with the next step's rate. That is exact, not thinning's
 * approximation: the exponential law is memoryless, so the residual gap at the boundary may be
 * drawn afresh (Çinlar, *Introduction to Stochastic Processes*, 1975, §4.7; a non-homogeneous
 * Poisson process with a piecewise-constant intensity is a sequence of homogeneous ones). A step
 * of rate 0 has no arrivals. One draw per gap (one per step crossed, too).
 */
export class ArrivalProcess {
  private readonly from: Float64Array;
  private readonly rate: Float64Array;
  private step = 0;

  constructor(spec: ArrivalSpec) {
    if (spec.type === 'poisson') {
      this.from = Float64Array.of(0);
      this.rate = Float64Array.of(spec.rate);
    } else {
      this.from = Float64Array.from(spec.steps, (s) => s.from);
      this.rate = Float64Array.from(spec.steps, (s) => s.rate);
    }
  }

  /** At the start of a replication. */
  reset(): void {
    this.step = 0;
  }

  /** The time of the first arrival after `now` (Infinity when the rate is 0 from here on). */
  next(now: number, draw: Stream): number {
    const steps = this.from.length;
    let t = now;
    for (;;) {
      const end = this.step + 1 < steps ? (this.from[this.step + 1] as number) : Infinity;
      const rate = this.rate[this.step] as number;
      if (rate > 0) {
        const at = t - Math.log1p(-draw()) / rate;
        if (at < end) return at;
      }
      if (end === Infinity) return Infinity;
      t = end;
      this.step++;
    }
  }
}
