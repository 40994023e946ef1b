/** The length of the overlap of two intervals: how modules clip a period to the measured span [warmup, horizon]. */

/** Overlap of [a, b] with [lo, hi] (0 when they are disjoint). */
export function overlap(a: number, b: number, lo: number, hi: number): number {
  const d = Math.min(b, hi) - Math.max(a, lo);
  return d > 0 ? d : 0;
}
