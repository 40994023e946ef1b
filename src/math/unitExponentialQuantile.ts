/** −log(1 − u), the quantile of the unit exponential distribution, without a call to Math.log1p on the usual path. */

/**
 * Every exponential time to failure or repair is drawn as −mean · log(1 − u), so this logarithm
 * is the dearest step of an event: Math.log1p costs about 16 ns on random input in V8, a call
 * into C that the JIT cannot see through. Uniforms from faultline's streams (and seedrandom's
 * `prng()` for tychei, xor128 and alea) are multiples of 2^-32, and for those the logarithm can be
 * taken from the integer x = 2^32 · (1 − u) with exact steps, a table and a short polynomial
 * (Tang 1990, "Table-driven implementation of the logarithm function in IEEE floating-point
 * arithmetic", ACM TOMS 16(4); the same reduction as musl's log):
 *
 *   x = m · 2^(31 − z), z = clz32(x), m ∈ [1, 2)           (exact: a shift)
 *   c = 1 + j/128, the nearest such point to m, j ∈ [0, 128]
 *   r = m · (1/c)° − 1                                     (exact, see below)
 *   −log(1 − u) = z·ln2 + log(2·(1/c)°) − log1p(r)
 *
 * where (1/c)° is 1/c rounded to 21 significant bits, so that m (32 bits) times it is exact and r,
 * near 0, is exact too (Sterbenz). |r| ≤ 2^-8/c·(1 + 2^-20), so log1p(r) is its Taylor series to
 * r^6, truncated by less than |r|^7/7: under 0.1 ulp of the result, which is at least ln2 when
 * z ≥ 1 and at least |r| when z = 0 (then |r| ≤ 2^-9 where the table entry is small). The table
 * entry for m near 2 is log(1) = 0 and for m near 1 is ln2, so small u and u near 1/2 lose
 * nothing to cancellation.
 *
 * Accuracy: within 2 ulp of the exact value for every multiple of 2^-32 (tested against
 * Math.log1p over 2·10^6 points, edges included). Any other input (53-bit uniforms, 0, 1, values
 * outside [0, 1]) goes to −Math.log1p(−u), so the function is −log1p(−u) to within 2 ulp for
 * every input, and a monotone inverse transform: the draw for u stays the quantile at u.
 */

const TWO_32 = 4294967296;
const TWO_MINUS_31 = 2 ** -31;
// ln 2 split so that z · LN2_HI is exact for z < 2^20 (fdlibm's ln2_hi, ln2_lo).
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;

/** 1/c_j rounded to 21 significant bits, c_j = 1 + j/128. */
const INV_C = new Float64Array(129);
/** log(2 · INV_C[j]). */
const LOG_TWO_INV_C = new Float64Array(129);
for (let j = 0; j <= 128; j++) {
  const inverse = 1 / (1 + j / 128);
  // inverse ∈ (0.5, 1]: 21 significant bits are multiples of 2^-21 (2^-20 for j = 0, which is 1).
  const rounded = Math.round(inverse * 2 ** 21) / 2 ** 21;
  INV_C[j] = rounded;
  LOG_TWO_INV_C[j] = Math.log(2 * rounded);
}

/**
 * −log(1 − u) for u ∈ [0, 1]: the unit exponential quantile (multiply by the mean for an
 * exponential draw). +0 at u = 0, +Infinity at u = 1; any other input gives −Math.log1p(−u).
 */
export function unitExponentialQuantile(u: number): number {
  const x = TWO_32 - u * TWO_32; // exact for multiples of 2^-32: an integer in [1, 2^32 − 1]
  const xi = x >>> 0;
  if (xi !== x || xi === 0) return -Math.log1p(-u); // u = 0 or 1, u not a multiple of 2^-32, or outside [0, 1]
  const z = Math.clz32(xi);
  const mi = (xi << z) >>> 0; // leading bit at 2^31
  const j = (((mi >>> 23) + 1) >>> 1) - 128; // nearest multiple of 1/128 to m, as an index
  const m = mi * TWO_MINUS_31;
  const r = m * (INV_C[j] as number) - 1;
  const r2 = r * r;
  // log1p(r) = r − r²/2 + r³/3 − r⁴/4 + r⁵/5 − r⁶/6, by Estrin's scheme (shorter latency).
  const tail = (-0.5 + r * (1 / 3)) + r2 * ((-0.25 + r * 0.2) - r2 * (1 / 6));
  return z * LN2_HI + (LOG_TWO_INV_C[j] as number) + (z * LN2_LO - (r + r2 * tail));
}
