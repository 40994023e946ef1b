/** Argument checks and keyed-input handling shared by the published seed-000 models. */

import { invalidParameter } from '../../errors.js';

/**
 * Checks that `value` is finite and ≥ 0, else throws naming `name`. The Python accepts such values
 * silently (or fails with an unrelated ZeroDivisionError/ValueError); faultline fails loudly instead.
 */
export function requireNonNegative(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) invalidParameter(name, 'a finite number >= 0', value);
  return value;
}

/** Checks that `value` is an integer ≥ 0 (a count; Python's `math.comb` and `range` reject non-integers). */
export function requireCount(name: string, value: number): number {
  if (!(Number.isSafeInteger(value) && value >= 0)) invalidParameter(name, 'an integer >= 0', value);
  return value;
}

/**
 * A Python dict from the caller: a Map keeps insertion order exactly as Python does; a plain
 * object also works, but JavaScript lists integer-like keys ("1", "42") first, so pass a Map when
 * order matters (it does for `ReflectionFailureModel.cascade_failure_analysis`).
 */
export type Keyed<T> = ReadonlyMap<string, T> | Readonly<Record<string, T>>;

/** The entries of a {@link Keyed} input, in iteration order. */
export function keyedEntries<T>(input: Keyed<T>): Map<string, T> {
  return input instanceof Map ? new Map(input as ReadonlyMap<string, T>) : new Map(Object.entries(input as Readonly<Record<string, T>>));
}
