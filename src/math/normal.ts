/** The standard normal distribution to full double precision: density, both tails of the CDF, and the quantile. */

import { invalidParameter } from '../errors.js';

const SQRT_32 = 5.656854249492380195206754896838;
const INV_SQRT_2PI = 0.398942280401432677939946059934;

// Cody's rational approximations for Φ directly (not erfc(x/√2)): scaling by 1/√2 would add a
// rounding to the argument that the tails amplify by x².
const CODY_A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113] as const;
const CODY_B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956] as const;
const CODY_C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
] as const;
const CODY_D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
] as const;
const CODY_P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303] as const;
const CODY_Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5] as const;

/**
 * exp(-y²/2) without the error that rounding y² would cause: y is split into a part with 4
 * fractional bits, whose square is exact, and a small remainder. Results that would be subnormal are
 * formed as one final multiplication so that they are rounded only once.
 */
function expHalfSquare(y: number): number {
  const head = Math.trunc(y * 16) / 16;
  const del = (y - head) * (y + head);
  const headHalfSq = head * head * 0.5;
  if (headHalfSq <= 700) return Math.exp(-headHalfSq) * Math.exp(-del * 0.5);
  return Math.exp(-(headHalfSq - 700)) * Math.exp(-del * 0.5) * Math.exp(-700);
}

/**
 * The smaller tail min(Φ(x), 1-Φ(x)) for |x| = y; both results are computed without cancellation.
 * Cody's three regions: |x| ≤ 0.67448975, |x| ≤ √32, and beyond.
 */
function lowerTail(y: number): number {
  if (y <= 0.67448975) {
    const ysq = y * y;
    let num = CODY_A[4] * ysq;
    let den = ysq;
    for (let i = 0; i < 3; i++) {
      num = (num + CODY_A[i]!) * ysq;
      den = (den + CODY_B[i]!) * ysq;
    }
    return 0.5 - (y * (num + CODY_A[3])) / (den + CODY_B[3]);
  }
  if (y <= SQRT_32) {
    let num = CODY_C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + CODY_C[i]!) * y;
      den = (den + CODY_D[i]!) * y;
    }
    return (expHalfSquare(y) * (num + CODY_C[7])) / (den + CODY_D[7]);
  }
  // Beyond y ≈ 38.5 the tail is below the smallest subnormal; stop before exp overflows its argument.
  if (y > 40) return 0;
  const z = 1 / (y * y);
  let num = CODY_P[5] * z;
  let den = z;
  for (let i = 0; i < 4; i++) {
    num = (num + CODY_P[i]!) * z;
    den = (den + CODY_Q[i]!) * z;
  }
  const ratio = (z * (num + CODY_P[4])) / (den + CODY_Q[4]);
  return (expHalfSquare(y) * (INV_SQRT_2PI - ratio)) / y;
}

/**
 * The standard normal density φ(x) = exp(-x²/2)/√(2π), accurate to a few ulps in the tails.
 *
 * @param x any number; NaN gives NaN, ±Infinity gives 0.
 * @example normalPdf(0) // 0.3989422804014327
 */
export function normalPdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y > 40) return 0;
  return expHalfSquare(y) * INV_SQRT_2PI;
}

/**
 * The standard normal CDF Φ(x), with relative accuracy of about 1e-15 in both tails
 * (Φ(-37) ≈ 5.7e-300 is returned to full precision).
 *
 * Reference: W. J. Cody (1969), "Rational Chebyshev approximations for the error function",
 * Mathematics of Computation 23(107), 631–637; coefficients for Φ as in Cody's ANORM (TOMS 715)
 * and R's `pnorm`.
 *
 * @param x any number; NaN gives NaN.
 * @example normalCdf(1.959963984540054) // 0.975
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const tail = lowerTail(Math.abs(x));
  return x <= 0 ? tail : 1 - tail;
}

/**
 * The standard normal survival function 1 - Φ(x) = Φ(-x), computed directly so that it keeps full
 * relative precision for large x (up to x ≈ 37.5, below which results are normal doubles).
 *
 * Reference: as {@link normalCdf}.
 *
 * @param x any number; NaN gives NaN.
 * @example normalSurvival(10) // 7.619853024160527e-24
 */
export function normalSurvival(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return normalCdf(-x);
}

// AS 241 (PPND16) coefficients: central region |p - 0.5| ≤ 0.425.
const AS241_A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457,
  67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
] as const;
const AS241_B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061,
  28729.085735721942674, 5226.495278852854561,
] as const;
// Intermediate region r = √(-ln min(p, 1-p)) ≤ 5.
const AS241_C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258,
  0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
] as const;
const AS241_D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459, 0.0151986665636164571966,
  5.475938084995344946e-4, 1.05075007164441684324e-9,
] as const;
// Far tails r > 5.
const AS241_E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093,
  0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
] as const;
const AS241_F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
] as const;

function polynomial(coefficients: readonly number[], x: number): number {
  let sum = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) sum = sum * x + coefficients[i]!;
  return sum;
}

/**
 * The standard normal quantile Φ⁻¹(p), with relative accuracy of about 1e-16 over the whole range of
 * doubles (p down to the smallest subnormal).
 *
 * Reference: M. J. Wichura (1988), "Algorithm AS 241: The percentage points of the normal
 * distribution", Applied Statistics 37(3), 477–484 (PPND16).
 *
 * @param p a probability in [0, 1]; 0 gives -Infinity and 1 gives +Infinity.
 * @throws FaultlineError (INVALID_PARAMETER) naming `p` if p is NaN or outside [0, 1].
 * @example normalQuantile(0.975) // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) invalidParameter('p', 'a probability in [0, 1]', p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * polynomial(AS241_A, r)) / polynomial(AS241_B, r);
  }
  // 1 - p is exact for p > 0.5 (Sterbenz), so the upper tail loses nothing here.
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = polynomial(AS241_C, r) / polynomial(AS241_D, r);
  } else {
    r -= 5;
    x = polynomial(AS241_E, r) / polynomial(AS241_F, r);
  }
  return q < 0 ? -x : x;
}
