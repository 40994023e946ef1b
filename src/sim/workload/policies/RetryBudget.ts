/**
 * The retry token bucket of `RetryBudgetSpec` (Brooker, "Fixing retries with token buckets and
 * circuit breakers", 2022; the AWS SDKs' retry quota): it starts full at `capacity` tokens, each
 * first attempt adds `ratio` tokens up to `capacity`, and a retry is made only by taking one
 * whole token.
 *
 * Tokens are counted in integer units of 10⁻⁹ token (exact in a double up to 9·10⁶ tokens), so
 * that ten requests at ratio 0.1 make exactly one token: in binary floating point 0.1 summed ten
 * times is 0.9999999999999999 < 1, which would refuse the retry Brooker's bucket allows. `ratio`
 * is thereby rounded to 9 decimals (exact for any ratio written with at most 9 decimals).
 * Allocation-free.
 */
import { invalidParameter } from '../../../errors.js';
import type { RetryBudgetSpec } from '../../../scenario/workloadSpec.js';

const UNITS = 1e9;
const MAX_CAPACITY = Math.floor(Number.MAX_SAFE_INTEGER / UNITS);

export class RetryBudget {
  private readonly ratioUnits: number;
  private readonly capacityUnits: number;
  private units: number;

  /** @throws FaultlineError (INVALID_PARAMETER) naming `ratio` or `capacity`. */
  constructor(spec: RetryBudgetSpec) {
    if (!(Number.isFinite(spec.ratio) && spec.ratio >= 0)) invalidParameter('ratio', 'a finite number >= 0', spec.ratio);
    if (!(spec.capacity >= 0 && spec.capacity <= MAX_CAPACITY)) invalidParameter('capacity', `a number in [0, ${MAX_CAPACITY}]`, spec.capacity);
    this.ratioUnits = Math.round(spec.ratio * UNITS);
    this.capacityUnits = Math.round(spec.capacity * UNITS);
    this.units = this.capacityUnits;
  }

  /** Tokens now (a multiple of 10⁻⁹). */
  get tokens(): number {
    return this.units / UNITS;
  }

  /** Full again (a replication's start). */
  reset(): void {
    this.units = this.capacityUnits;
  }

  /** A first attempt: + ratio tokens, up to capacity. */
  onRequest(): void {
    this.units = Math.min(this.capacityUnits, this.units + this.ratioUnits);
  }

  /** Takes one token and returns true if there is at least one; else false (no retry). */
  tryRetry(): boolean {
    if (this.units < UNITS) return false;
    this.units -= UNITS;
    return true;
  }
}
