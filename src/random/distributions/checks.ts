/** Argument checks shared by the distributions' factories and methods, all throwing FaultlineError. */

import { invalidParameter, requireProbability } from '../../errors.js';

/** Checks that `value` is a finite number ≥ 0, else throws naming `name`. */
export function requireNonNegative(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) invalidParameter(name, 'a finite number >= 0', value);
  return value;
}

/** Checks the argument of `quantile`: a probability, named `<kind>.quantile.p` in the error. */
export function requireQuantileP(kind: string, p: number): void {
  requireProbability(`${kind}.quantile.p`, p);
}

/** Checks the argument of `cdf`: any number but NaN, named `<kind>.cdf.x` in the error. */
export function requireCdfX(kind: string, x: number): void {
  if (typeof x !== 'number' || Number.isNaN(x)) invalidParameter(`${kind}.cdf.x`, 'a number', x);
}

/**
 * For a factory taking one of two alternative parameters (`{mean} | {rate}`): throws unless exactly
 * one is given, naming the missing or the superfluous one; returns true when `first` is the one given.
 */
export function requireOneOf(label: string, first: string, firstValue: unknown, second: string, secondValue: unknown): boolean {
  if (firstValue !== undefined && secondValue !== undefined) {
    invalidParameter(`${label}.${second}`, `to be absent when ${first} is given`, secondValue);
  }
  if (firstValue === undefined && secondValue === undefined) {
    invalidParameter(`${label}.${first}`, `a finite number > 0 (or give ${second} instead)`, undefined);
  }
  return firstValue !== undefined;
}
