/** Holm's step-down adjustment of p-values for family-wise error control. */

import { invalidParameter } from '../errors.js';

/**
 * Holm-adjusted p-values, in the original order: with p₍₁₎ ≤ … ≤ p₍ₘ₎ sorted, the adjusted value of
 * p₍ᵢ₎ is min(1, max_{j ≤ i} (m - j + 1) p₍ⱼ₎). Rejecting every hypothesis whose adjusted p-value is
 * ≤ α controls the family-wise error rate at α under any dependence. Ties are ordered by index, which
 * does not change the result.
 *
 * Reference: S. Holm (1979), "A simple sequentially rejective multiple test procedure", Scandinavian
 * Journal of Statistics 6(2), 65–70; matches R's p.adjust(p, "holm").
 *
 * @param pValues probabilities in [0, 1].
 * @throws FaultlineError (INVALID_PARAMETER) naming `pValues[i]`.
 * @example holm([0.01, 0.04, 0.03]) // [0.03, 0.06, 0.06]
 */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) invalidParameter(`pValues[${i}]`, 'a probability in [0, 1]', p);
  });
  const order = pValues.map((_, i) => i).sort((i, j) => pValues[i]! - pValues[j]! || i - j);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}
