/**
 * The fixed log-spaced bin layout of faultline's histograms (latency quantiles): which bin a value
 * falls in, the bins' edges, and a quantile read off bin counts.
 *
 * The layout is HdrHistogram's (Gil Tene, github.com/HdrHistogram/HdrHistogram): each power of two
 * [2^e, 2^(e+1)) is cut into {@link SUB_BUCKETS} equal sub-buckets, so the bin of a double is read
 * straight from its bits, the exponent and the top {@link SUB_BUCKET_BITS} mantissa bits, with no
 * logarithm, and every edge is exactly 2^e·(1 + j/16), a double. With 16 sub-buckets a bin is
 * 1/32 to 1/16 of its lower edge wide (3.1% to 6.25%; 4.4% on the geometric average, 2^(1/16)), so
 * a value read back from its bin is within 3.2% of the truth; 32 sub-buckets would halve that at
 * twice the state and the per-replication cost, and the quantile intervals include the bin width
 * anyway (see `HistogramAccumulator`).
 *
 * Bins: 0 holds [0, {@link HISTOGRAM_MIN}) (and anything negative); 1 + 16k + j holds
 * [2^(−40+k)·(1 + j/16), 2^(−40+k)·(1 + (j+1)/16)) for k in [0, {@link OCTAVES}); the last,
 * {@link OVERFLOW_BIN}, holds [{@link HISTOGRAM_MAX}, ∞) (and NaN). In hours, the kernel's time unit,
 * that is 3.3 ns to 1.87 years; a module measuring in another unit has the same bins in its unit.
 */

/** Sub-buckets per power of two: 2^SUB_BUCKET_BITS. */
export const SUB_BUCKET_BITS = 4;
/** Sub-buckets per power of two (16). */
export const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
/** log2 of the smallest value with a bin of its own. */
export const MIN_EXPONENT = -40;
/** log2 of the value from which everything goes to the overflow bin. */
export const MAX_EXPONENT = 14;
/** Powers of two covered by the log-spaced bins (54). */
export const OCTAVES = MAX_EXPONENT - MIN_EXPONENT;
/** 2^-40: below it, bin 0 ([0, 2^-40)). */
export const HISTOGRAM_MIN = 2 ** MIN_EXPONENT;
/** 2^14: from it, the overflow bin ([2^14, ∞)). */
export const HISTOGRAM_MAX = 2 ** MAX_EXPONENT;
/** The last bin, [HISTOGRAM_MAX, ∞). */
export const OVERFLOW_BIN = 1 + OCTAVES * SUB_BUCKETS;
/** Bins of one histogram (866): the underflow bin, the log-spaced bins, the overflow bin. */
export const BIN_COUNT = OVERFLOW_BIN + 1;

// The bit pattern of a double, read through an aliased buffer (IEEE 754 binary64).
const bitsF64 = new Float64Array(1);
const bitsU32 = new Uint32Array(bitsF64.buffer);
const HI = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;
const MANTISSA_SHIFT = 20 - SUB_BUCKET_BITS;
const FIRST_BIASED = MIN_EXPONENT + 1023;

/**
 * The bin of `x`: allocation-free, a few integer operations on its bits (the biased exponent and
 * the top four mantissa bits). Every x ≥ 0 satisfies lowerEdge(binOf(x)) ≤ x < upperEdge(binOf(x));
 * negative values go to bin 0, NaN and +∞ to the overflow bin.
 */
export function binOf(x: number): number {
  if (!(x >= HISTOGRAM_MIN)) return x < HISTOGRAM_MIN ? 0 : OVERFLOW_BIN;
  if (x >= HISTOGRAM_MAX) return OVERFLOW_BIN;
  bitsF64[0] = x; // normal: x ≥ 2^-40
  const hi = bitsU32[HI] as number;
  return 1 + ((((hi >>> 20) & 0x7ff) - FIRST_BIASED) << SUB_BUCKET_BITS) + ((hi >>> MANTISSA_SHIFT) & (SUB_BUCKETS - 1));
}

/** The smallest value of bin `b` (exact: 0, or 2^e·(1 + j/16)). */
export function lowerEdge(b: number): number {
  if (b <= 0) return 0;
  if (b >= OVERFLOW_BIN) return HISTOGRAM_MAX;
  const k = (b - 1) >> SUB_BUCKET_BITS;
  const j = (b - 1) & (SUB_BUCKETS - 1);
  return 2 ** (MIN_EXPONENT + k) * (1 + j / SUB_BUCKETS);
}

/** The end of bin `b`, the lower edge of bin b + 1 (Infinity for the overflow bin). */
export function upperEdge(b: number): number {
  return b >= OVERFLOW_BIN ? Infinity : lowerEdge(b + 1);
}

/**
 * The p-quantile of the values counted in `counts[offset … offset + BIN_COUNT)`: the first bin
 * whose cumulative fraction reaches p, interpolated log-linearly within it (linearly in bin 0);
 * in the overflow bin, HISTOGRAM_MAX (a lower bound). NaN with no values. Allocation-free.
 * `total` may be passed when known (the sum of the counts).
 */
export function histogramQuantile(counts: ArrayLike<number>, offset: number, p: number, total?: number): number {
  let n = total ?? 0;
  if (total === undefined) for (let b = 0; b < BIN_COUNT; b++) n += counts[offset + b] as number;
  if (!(n > 0)) return NaN;
  let below = 0;
  for (let b = 0; b < BIN_COUNT; b++) {
    const c = counts[offset + b] as number;
    const cumulative = below + c;
    if (c > 0 && cumulative / n >= p) return withinBin(b, (p * n - below) / c);
    below = cumulative;
  }
  return withinBin(OVERFLOW_BIN, 1); // only when p > 1
}

/** The value a fraction f ∈ [0, 1] of the way through bin b: geometric within a log-spaced bin. */
export function withinBin(b: number, f: number): number {
  const t = Math.min(1, Math.max(0, f));
  if (b <= 0) return t * HISTOGRAM_MIN;
  if (b >= OVERFLOW_BIN) return HISTOGRAM_MAX;
  const low = lowerEdge(b);
  return low * (upperEdge(b) / low) ** t;
}
