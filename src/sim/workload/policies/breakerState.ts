/** The states of both breakers, as integers (a breaker's `state` field holds one of them). */

export const CLOSED = 0;
export const OPEN = 1;
export const HALF_OPEN = 2;

/** CLOSED | OPEN | HALF_OPEN. */
export type BreakerState = typeof CLOSED | typeof OPEN | typeof HALF_OPEN;

/** Whether `value` is an integer ≥ 1 (a count parameter of a breaker). */
export function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 1;
}
