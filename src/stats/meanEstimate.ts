/** The estimate and interval of a nonnegative per-replication mean, with the method chosen by how many replications left 0, and its p-value against a reference. */

import { invalidParameter } from '../errors.js';
import { hallInterval, hallPValue, type Interval } from './intervals.js';
import { garwoodBounds, pValueOfBounds, stringerBounds, type OneSidedBounds } from './lowInformationBounds.js';
import type { Moments } from './Moments.js';

/** Where a per-replication value lives: [0, range]. */
export interface MeanSupport {
  /** The largest value one replication can take (Infinity for counts). */
  readonly range: number;
  /** `amount`: a bounded quantity (fraction, duration); `count`: whole events, unbounded. */
  readonly kind: 'amount' | 'count';
}

export type MeanMethod = 'hall' | 'stringer' | 'garwood';

/** `stdError` is s/√n, NaN with fewer than two replications. */
export interface MeanEstimate extends Interval {
  /** Fewer than LOW_INFORMATION_COUNT replications were nonzero: the interval is a bound that assumes nothing of their law. */
  readonly lowInformation: boolean;
  readonly method: MeanMethod;
  /** Replications whose value was not 0. */
  readonly nonzero: number;
}

function checkSupport(support: MeanSupport): void {
  if (support.kind === 'amount' && !(support.range > 0 && Number.isFinite(support.range))) {
    invalidParameter('support.range', 'a finite number > 0 for an amount', support.range);
  }
  if (support.kind === 'count' && !(support.range > 0)) invalidParameter('support.range', 'a number > 0 (Infinity allowed) for a count', support.range);
}

/** The bounds family for the low-information case, from the few nonzero values. */
function fewBounds(m: Moments, support: MeanSupport, few: readonly number[]): OneSidedBounds {
  if (support.kind === 'count') {
    let total = 0;
    let squares = 0;
    for (const x of few) {
      total += x;
      squares += x * x;
    }
    return garwoodBounds(total, squares, m.count);
  }
  return stringerBounds(few, m.count, support.range);
}

/**
 * The mean of a per-replication value in [0, range] (an unavailability, a downtime, a count of
 * outages, each measured from the metric's usual value, so that reliable systems give mostly
 * zeros), with a two-sided interval inside [0, range]:
 *
 * - at least `LOW_INFORMATION_COUNT` (30) nonzero replications: Hall's skewness-corrected interval
 *   ({@link hallInterval}), clipped to the support;
 * - fewer (`lowInformation`): for amounts, Stringer's bound ({@link stringerBounds}), which holds
 *   whatever the law of the unseen values, and for counts Garwood's Poisson bound with the observed
 *   dispersion ({@link garwoodBounds}). A metric never seen off 0 gets an upper bound that shrinks
 *   as 1/n with the replications run, never a zero-width interval.
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `count` (needs ≥ 1), `confidence` or `support.range`.
 */
export function meanEstimate(m: Moments, support: MeanSupport, confidence: number): MeanEstimate {
  checkSupport(support);
  if (!(m.count >= 1)) invalidParameter('count', 'at least one replication', m.count);
  if (!(confidence > 0 && confidence < 1)) invalidParameter('confidence', 'a number in (0, 1)', confidence);
  const stdError = m.count >= 2 ? m.standardError : NaN;
  const few = m.few;
  const base = { estimate: m.mean, stdError, confidence, nonzero: m.nonzero };
  if (few !== null) {
    const b = fewBounds(m, support, few)((1 - confidence) / 2);
    return { ...base, low: b.low, high: Math.min(support.range, b.high), lowInformation: true, method: support.kind === 'count' ? 'garwood' : 'stringer' };
  }
  const i = hallInterval(m, confidence);
  return { ...base, low: Math.max(0, i.low), high: Math.min(support.range, i.high), lowInformation: false, method: 'hall' };
}

/** The two-sided p-value of `reference` for the mean, by the same method as {@link meanEstimate}'s interval. */
export function meanPValue(m: Moments, support: MeanSupport, reference: number): number {
  checkSupport(support);
  if (!Number.isFinite(reference)) invalidParameter('reference', 'a finite number', reference);
  if (!(m.count >= 1)) invalidParameter('count', 'at least one replication', m.count);
  // A value outside the support is refuted by any replication at all; a rounding error's excursion is not outside.
  const slack = 1e-12 * (Number.isFinite(support.range) ? support.range : 1);
  if (reference < -slack || reference > support.range + slack) return 0;
  reference = Math.min(support.range, Math.max(0, reference));
  const few = m.few;
  if (few !== null) return pValueOfBounds(fewBounds(m, support, few), reference);
  return hallPValue(m, reference);
}
