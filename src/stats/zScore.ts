/** The z-score of an estimate against a reference value, and its two-sided normal p-value. */

import { invalidParameter, requireFinite } from '../errors.js';
import { normalSurvival } from '../math/normal.js';

/**
 * (estimate - reference) / stdError. With stdError = 0 the estimate is treated as exact: the score is
 * 0 when it equals the reference and ±Infinity otherwise (so a noiseless mismatch is always refuted).
 *
 * @param estimate a finite number.
 * @param reference a finite number (e.g. an analytic value).
 * @param stdError a finite number ≥ 0.
 * @throws FaultlineError (INVALID_PARAMETER) naming `estimate`, `reference` or `stdError`.
 * @example zScore(0.52, 0.5, 0.01) // 2.0000000000000018
 */
export function zScore(estimate: number, reference: number, stdError: number): number {
  requireFinite('estimate', estimate);
  requireFinite('reference', reference);
  if (!(Number.isFinite(stdError) && stdError >= 0)) invalidParameter('stdError', 'a finite number >= 0', stdError);
  const diff = estimate - reference;
  if (stdError === 0) return diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
  return diff / stdError;
}

/**
 * The two-sided p-value of a standard normal score: P(|Z| ≥ |z|) = 2(1 - Φ(|z|)), computed from the
 * tail so that it keeps full relative precision for large |z| (down to about 1e-308).
 *
 * @param z a number (±Infinity gives 0).
 * @throws FaultlineError (INVALID_PARAMETER) naming `z` if it is NaN.
 * @example twoSidedPValue(1.959963984540054) // 0.05
 */
export function twoSidedPValue(z: number): number {
  if (Number.isNaN(z)) invalidParameter('z', 'a number', z);
  return Math.min(1, 2 * normalSurvival(Math.abs(z)));
}
