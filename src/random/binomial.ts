/** Exact binomial draws for counts of messages (a batch's validation errors), one uniform per chunk, no allocation. */
import type { Stream } from './Stream.js';

/** Successes of n · q above which a draw is split into chunks (keeps (1 − q)^m far from underflow). */
const CHUNK_MEAN = 20;

/**
 * One draw of Binomial(n, p), exact: by inversion of the CDF, summed upward from P(0) = (1 − q)^m
 * with the recurrence P(k + 1) = P(k) · (m − k)/(k + 1) · q/(1 − q), on q = min(p, 1 − p) (a draw
 * for p > ½ is n minus a draw for 1 − p). n is split into chunks of at most CHUNK_MEAN/q trials, a
 * sum of independent binomials of the same q being binomial: (1 − q)^m ≥ e^{−1.4·CHUNK_MEAN} never
 * underflows, and the cost is O(n·q + chunks) multiplications. p of 0 or 1 draws nothing. The
 * CDF summed in floating point may end a few ulps below 1: a uniform above it returns the chunk's m.
 */
export function binomialSample(n: number, p: number, draw: Stream): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomialSample(n, 1 - p, draw);
  const chunk = Math.max(1, Math.floor(CHUNK_MEAN / p));
  const odds = p / (1 - p);
  let total = 0;
  for (let left = n; left > 0; left -= chunk) {
    const m = left < chunk ? left : chunk;
    const u = draw();
    let pmf = Math.pow(1 - p, m);
    let cdf = pmf;
    let k = 0;
    while (u >= cdf && k < m) {
      pmf *= ((m - k) / (k + 1)) * odds;
      k++;
      cdf += pmf;
    }
    total += k;
  }
  return total;
}
